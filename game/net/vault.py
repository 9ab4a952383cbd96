"""The token vault of a save folder: the OS keyring when there is a real one, else a file.

``keyring`` is optional (the ``game`` extra installs it): without it, or with its ``fail``
backend (no keyring service on this computer), the token goes to a 0600 file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.core.tokens import LazyVault, TokenVault, choose_vault


def system_keyring() -> Any:
    """keyring's backend for this computer, or None when keyring is missing or broken."""
    try:
        import keyring

        return keyring.get_keyring()
    except Exception:  # keyring missing or broken: the file vault
        return None


def system_vault(home: Path) -> TokenVault:
    """The vault for the save in ``home``; the keyring is loaded only when a token is used."""
    return LazyVault(lambda: choose_vault(home, system_keyring()))
