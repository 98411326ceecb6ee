"""Cells for spreadsheets made from what people typed.

A text cell starting with one of `FORMULA_START` is run as a formula by a spreadsheet
that opens the file (CSV injection); it gets a leading apostrophe, which imports take off
again.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def unsafe_cell(text: str) -> str:
    """What `safe_cell` guarded, as it was."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text
