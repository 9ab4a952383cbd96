"""Read an uploaded portfolio ZIP without trusting it: the checks before any byte is used.

The archive comes from a phone, but it is a file anyone can forge. Nothing is extracted to
disk (no ``extractall``: names never become paths); the few members the import needs are read
into memory one at a time, each with a byte limit. Refused outright, before anything is read:

- not a ZIP (or a damaged one), encrypted members, compression methods other than stored and
  deflate (bzip2 and LZMA cost much more CPU per byte and the export never uses them);
- more than ``MAX_ENTRIES`` members, or the same name twice (which copy would be read?);
- a name that would be dangerous if someone did extract it: absolute (``/x``, ``C:x``), with a
  ``..`` segment, a backslash or a NUL, or a symbolic link (Unix mode in the external
  attributes);
- a ZIP bomb, from the headers: declared total size over ``MAX_TOTAL_BYTES``, or a member
  larger than ``MAX_RATIO`` times its compressed size.

Headers can lie, so reading checks again: a member is read with ``read(limit + 1)`` and must
give exactly the size its header declared, and the bytes read from the whole archive are
counted against ``MAX_TOTAL_BYTES``. Every refusal is `ImportRefused`, a sentence for people.

This module imports nothing from Flask.
"""

from __future__ import annotations

import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Final

from portfolio.services.i18n import gettext as _

MAX_ENTRIES: Final = 5000
MAX_TOTAL_BYTES: Final = 512 * 1024 * 1024
MAX_RATIO: Final = 100
RATIO_FLOOR: Final = 64 * 1024  # tiny members (an empty page) may compress very well
MAX_DATA_BYTES: Final = 20 * 1024 * 1024  # donnees/portfolio.json
DATA_NAME: Final = "donnees/portfolio.json"
PHOTO_NAME: Final = re.compile(r"photos/trace-([0-9]{1,10})-photo-([0-9]{1,10})\.jpg")
RECORDING_NAME: Final = re.compile(r"enregistrements/trace-([0-9]{1,10})\.ogg")
_DRIVE: Final = re.compile(r"[A-Za-z]:")
_METHODS: Final = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})


class ImportRefused(ValueError):
    """The archive cannot be imported. ``str()`` is for people; nothing was written."""


def _nothing_done(message: str) -> ImportRefused:
    return ImportRefused(_("%(problem)s Rien n'a été importé.", problem=message))


def _dangerous_name(name: str) -> bool:
    return (
        not name
        or "\x00" in name
        or "\\" in name
        or name.startswith("/")
        or _DRIVE.match(name) is not None
        or ".." in name.split("/")
    )


def _is_link(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _check_member(info: zipfile.ZipInfo) -> None:
    name = info.filename
    if _dangerous_name(name) or _dangerous_name(info.orig_filename):
        raise _nothing_done(
            _("Le fichier contient un nom dangereux (« %(name)s »).", name=name[:80])
        )
    if _is_link(info):
        raise _nothing_done(
            _("Le fichier contient un lien vers un autre fichier (« %(name)s »).", name=name[:80])
        )
    if info.flag_bits & 0x1:
        raise _nothing_done(_("Le fichier est protégé par un mot de passe."))
    if info.compress_type not in _METHODS:
        raise _nothing_done(_("Le fichier est compressé d'une façon que nous ne lisons pas."))
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise _nothing_done(_("Le fichier se décompresse en une taille anormale."))


@dataclass
class SafeArchive:
    """An opened ZIP whose headers passed the checks; members read with `read`."""

    zip: zipfile.ZipFile
    members: dict[str, zipfile.ZipInfo]
    read_bytes: int = 0
    order: list[str] = field(default_factory=list)

    def read(self, name: str, limit: int) -> bytes:
        """The member's bytes; ImportRefused if over ``limit``, lying about its size, or
        damaged. Counts every byte read against ``MAX_TOTAL_BYTES``."""
        info = self.members[name]
        too_big = _nothing_done(
            _("Un élément du fichier est trop gros (« %(name)s »).", name=name[:80])
        )
        if info.file_size > limit:
            raise too_big
        try:
            with self.zip.open(info) as stream:
                data = stream.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError) as err:
            raise _damaged() from err
        if len(data) > limit:
            raise too_big
        if len(data) != info.file_size:
            raise _nothing_done(_("Le fichier ment sur la taille de ses éléments."))
        self.read_bytes += len(data)
        if self.read_bytes > MAX_TOTAL_BYTES:
            raise _nothing_done(_("Le fichier se décompresse en une taille anormale."))
        return data

    def names(self, pattern: re.Pattern[str]) -> Iterator[tuple[str, re.Match[str]]]:
        """Members whose whole name matches ``pattern``, in the archive's order."""
        for name in self.order:
            match = pattern.fullmatch(name)
            if match is not None:
                yield name, match


def _damaged() -> ImportRefused:
    return _nothing_done(_("Le fichier est abîmé."))


def open_archive(source: IO[bytes]) -> SafeArchive:
    """Open ``source`` as a ZIP and check every header. Raises ImportRefused."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as err:
        raise ImportRefused(
            _(
                "Ce fichier n'est pas un portfolio au format ZIP. Choisissez le fichier "
                "« mon-portfolio-e2c.zip » téléchargé depuis « Mon suivi »."
            )
        ) from err
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _nothing_done(_("Le fichier contient trop d'éléments."))
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        _check_member(info)
        if info.filename in members:
            raise _nothing_done(
                _("Le fichier contient deux fois « %(name)s ».", name=info.filename[:80])
            )
        members[info.filename] = info
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise _nothing_done(_("Le fichier se décompresse en une taille anormale."))
    if DATA_NAME not in members:
        raise ImportRefused(
            _(
                "Ce fichier ZIP n'est pas un portfolio exporté d'une E2C "
                "(il lui manque « %(name)s »). Rien n'a été importé.",
                name=DATA_NAME,
            )
        )
    return SafeArchive(archive, members, order=[i.filename for i in infos])
