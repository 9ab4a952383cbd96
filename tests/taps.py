"""Count what a person does on a phone: taps (clicks, and keys such as Enter) and fields filled.

Typing the letters of a field counts as one *field filled*, not as taps: the figure that
matters is how many times the thumb has to find something on the screen. Choosing a photo is
two taps (the button, then the picture in the phone's gallery or the shutter); choosing in a
list is two taps (open it, pick a line); a date picker is three (open, pick a day, confirm).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class Taps:
    def __init__(self) -> None:
        self.taps = 0
        self.fields = 0
        self.log: list[str] = []

    def _count(self, taps: int, what: str, field: bool = False) -> None:
        self.taps += taps
        self.fields += int(field)
        self.log.append(f"{taps} {what}")

    def tap(self, locator: Any, what: str = "tap") -> None:
        locator.click()
        self._count(1, what)

    def type(self, locator: Any, text: str, what: str = "type") -> None:
        """Tap a text field and type in it (the phone keyboard opens; letters are not taps)."""
        locator.click()
        locator.fill(text)
        self._count(1, what, field=True)

    def photo(self, locator: Any, path: Path, what: str = "photo") -> None:
        locator.set_input_files(str(path))
        self._count(2, what, field=True)

    def choose(self, locator: Any, label: str, what: str = "choose") -> None:
        locator.select_option(label=label)
        self._count(2, what, field=True)

    def date(self, locator: Any, value: str, what: str = "date") -> None:
        locator.fill(value)
        self._count(3, what, field=True)

    def check(self, locator: Any, what: str = "check") -> None:
        locator.check()
        self._count(1, what, field=True)

    def report(self) -> str:
        return f"{self.taps} taps, {self.fields} fields: " + "; ".join(self.log)
