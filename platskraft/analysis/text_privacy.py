"""Swedish personal identity numbers in free text: find them and mask them.

A *personnummer* is the date of birth (YYMMDD or YYYYMMDD), a separator ("-", or "+"
for people aged 100 or more; often a space or nothing at all) and four digits, the last
a Luhn check digit over the ten digits YYMMDDNNN. A *samordningsnummer* (coordination
number) has the same shape with 60 added to the day. Only numbers whose date exists and
whose check digit is right count, so phone numbers, order numbers and dates followed by
a time are left alone (a random ten-digit string passes both checks about once in forty).

Pure Python: no Django, no other platskraft import.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass

PERSONNUMMER = "personnummer"
SAMORDNINGSNUMMER = "samordningsnummer"

# Not inside a longer run of digits; an optional century, the date, an optional separator
# (hyphen, plus, space, or a typographic dash), and the four last digits.
_PATTERN = re.compile(
    r"(?<![0-9])(?P<century>1[89]|20)?(?P<yy>[0-9]{2})(?P<mm>[0-9]{2})(?P<dd>[0-9]{2})"
    r"(?P<sep>[-+ \u2010\u2011\u2013]?)(?P<serial>[0-9]{3})(?P<check>[0-9])(?![0-9])"
)


@dataclass(frozen=True)
class IdentityNumber:
    """One number found: where it is in the text (``text[start:end]``) and its kind."""

    start: int
    end: int
    kind: str  # PERSONNUMMER or SAMORDNINGSNUMMER
    text: str


def luhn_check_digit(digits: str) -> int:
    """The Luhn check digit for `digits` (weights 2, 1, 2, … from the left, as the
    Swedish Tax Agency computes it over the nine digits YYMMDDNNN)."""
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def _date_exists(years: list[int], month: int, day: int) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    return any(day <= calendar.monthrange(year, month)[1] for year in years)


def _classify(match: re.Match) -> str | None:
    century, yy = match["century"], int(match["yy"])
    month, day = int(match["mm"]), int(match["dd"])
    kind = PERSONNUMMER
    if day > 60:
        kind, day = SAMORDNINGSNUMMER, day - 60
    years = [int(century) * 100 + yy] if century else [1900 + yy, 2000 + yy]
    if not _date_exists(years, month, day):
        return None
    nine = match["yy"] + match["mm"] + match["dd"] + match["serial"]
    if luhn_check_digit(nine) != int(match["check"]):
        return None
    return kind


def find_identity_numbers(text: str) -> list[IdentityNumber]:
    """Every valid personal identity or coordination number in `text`, in order."""
    found: list[IdentityNumber] = []
    position = 0
    while True:
        match = _PATTERN.search(text, position)
        if match is None:
            return found
        kind = _classify(match)
        if kind is not None:
            found.append(IdentityNumber(match.start(), match.end(), kind, match.group(0)))
            position = match.end()
        else:
            position = match.start() + 1


def default_mask(number: IdentityNumber) -> str:
    return f"[{number.kind}]"


def mask_identity_numbers(
    text: str, replacement: Callable[[IdentityNumber], str] = default_mask
) -> tuple[str, int]:
    """`text` with every identity number replaced, and how many were replaced."""
    numbers = find_identity_numbers(text)
    if not numbers:
        return text, 0
    parts: list[str] = []
    position = 0
    for number in numbers:
        parts.append(text[position : number.start])
        parts.append(replacement(number))
        position = number.end
    parts.append(text[position:])
    return "".join(parts), len(numbers)
