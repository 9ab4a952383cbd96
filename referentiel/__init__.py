"""The competency frameworks (référentiels): YAML files and a strict loader.

See SCHEMA.md in this folder for the file format and the rules between versions.
"""

from referentiel.errors import Problem, ReferentielError
from referentiel.folder import Frameworks, check, load_frameworks
from referentiel.loader import DEFAULT_DIR, MAX_BYTES, load_framework
from referentiel.model import Competency, Domain, Framework, Indicator, Level, fold, summary
from referentiel.versions import compare, replacements

__all__ = [
    "DEFAULT_DIR",
    "MAX_BYTES",
    "Competency",
    "Domain",
    "Framework",
    "Frameworks",
    "Indicator",
    "Level",
    "Problem",
    "ReferentielError",
    "check",
    "compare",
    "fold",
    "load_framework",
    "load_frameworks",
    "replacements",
    "summary",
]
