"""Import back a portfolio ZIP exported by an E2C (``/mon-suivi/import``; docs/EXPORT.md).

`archive` opens the upload without trusting it (ZIP bombs, dangerous names, links, sizes),
`content` reads ``donnees/portfolio.json`` strictly and keeps only the trainee's own work,
`apply` previews and imports it through the usual write paths, marked with a
`PortfolioImport`.
"""

from portfolio.trainee.services.zip_import.apply import (
    ImportResult,
    Preview,
    done_before,
    import_portfolio,
    preview,
)
from portfolio.trainee.services.zip_import.archive import ImportRefused

__all__ = ["ImportRefused", "ImportResult", "Preview", "done_before", "import_portfolio", "preview"]
