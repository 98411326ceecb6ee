"""The pieces a report section is made of, and how its figures are written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import formats
from django.utils.safestring import SafeString


@dataclass
class Block:
    """One piece of a section: ``facts`` (label, value pairs), a ``table`` (``headers``,
    ``rows``, ``numeric`` column indices, ``foot`` row), a ``chart`` (``svg``) or a
    ``list`` of lines. ``empty`` says what to print when there is nothing to show."""

    kind: str
    caption: str = ""
    facts: list[tuple[str, str]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    foot: list[str] = field(default_factory=list)
    numeric: frozenset[int] = frozenset()
    svg: SafeString | str = ""
    lines: list[str] = field(default_factory=list)
    empty: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.facts or self.rows or self.svg or self.lines)


def day(value: date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else "–"


def number(value) -> str:
    return formats.number_format(value, 0, use_l10n=True, force_grouping=True)


def percent(part, whole) -> str:
    return f"{number(round(100 * part / whole))} %" if whole else "–"
