"""Coded passages: a stretch of an interview's notes with one or more codes.

A passage is found by its character positions (what the browser reads from a selection)
or, without JavaScript, by its text: pasted or typed, found in the notes regardless of
line breaks and spaces. When the notes change, each passage whose text is no longer at
its place is looked for again and moved to the nearest place it occurs; a passage whose
text is gone stays where it was and is shown as out of place.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Code, Interview, Passage

MEMO_MAX = 300


def occurrences(notes: str, text: str) -> list[tuple[int, int]]:
    """Where `text` occurs in `notes`, any run of white space matching any other."""
    words = (text or "").split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    return [match.span() for match in pattern.finditer(notes)]


def is_in_place(passage: Passage, notes: str) -> bool:
    return notes[passage.start : passage.end] == passage.text


def _trimmed(notes: str, start: int, end: int) -> tuple[int, int]:
    while start < end and notes[start].isspace():
        start += 1
    while end > start and notes[end - 1].isspace():
        end -= 1
    return start, end


def _by_text(notes: str, text: str) -> tuple[int, int]:
    found = occurrences(notes, text)
    if not found:
        raise ValidationError(
            {
                "text": _(
                    "That text was not found in the notes: copy it exactly as it stands there."
                )
            },
            code="not_found",
        )
    if len(found) > 1:
        raise ValidationError(
            {
                "text": ngettext(
                    "That text occurs %(count)s time in the notes: paste a longer passage so "
                    "that it is found only once, or give its start and end.",
                    "That text occurs %(count)s times in the notes: paste a longer passage so "
                    "that it is found only once, or give its start and end.",
                    len(found),
                )
                % {"count": len(found)}
            },
            code="ambiguous",
        )
    return found[0]


def _offsets(notes: str, start, end) -> tuple[int, int]:
    if start is None or end is None:
        missing = "end" if start is not None else "start"
        raise ValidationError(
            {missing: _("Give both the start and the end of the passage.")}, code="required"
        )
    if not 0 <= start < end <= len(notes):
        raise ValidationError(
            {
                "end": _(
                    "The start must come before the end, both between 0 and %(length)s "
                    "(the length of the notes)."
                )
                % {"length": len(notes)}
            },
            code="range",
        )
    return start, end


def locate(notes: str, *, start=None, end=None, text: str = "") -> tuple[int, int]:
    """The passage's (start, end) in `notes`, from positions, its text, or both."""
    text = (text or "").strip()
    if start is None and end is None:
        if not text:
            raise ValidationError(
                {
                    "text": _(
                        "Select a passage in the notes, paste or type it here, or give its "
                        "start and end."
                    )
                },
                code="required",
            )
        span = _by_text(notes, text)
    else:
        span = _offsets(notes, start, end)
        if text and notes[span[0] : span[1]].split() != text.split():
            # The notes changed since the page was read, or the positions are off:
            # trust the text the official selected.
            span = _by_text(notes, text)
    start, end = _trimmed(notes, *span)
    if start == end:
        raise ValidationError(
            {"text": _("The passage is only white space: select some words.")}, code="empty"
        )
    return start, end


def _check_codes(interview: Interview, codes) -> list[Code]:
    codes = list(codes or [])
    if not codes:
        raise ValidationError({"codes": _("Choose at least one code.")}, code="required")
    if any(code.municipality_id != interview.municipality_id for code in codes):
        raise ValidationError({"codes": _("Choose codes of this codebook.")}, code="codes")
    return codes


def _check_memo(memo: str) -> str:
    memo = (memo or "").strip()
    if len(memo) > MEMO_MAX:
        raise ValidationError(
            {"memo": _("A memo has at most %(max)s characters.") % {"max": MEMO_MAX}},
            code="max_length",
        )
    return memo


@transaction.atomic
def passage_create(
    *, interview: Interview, by, codes, memo: str = "", start=None, end=None, text: str = ""
) -> Passage:
    """Code a passage of the interview's notes. The same stretch coded again is not made
    twice: it gets the new codes too (and the memo added to its own), and the passage
    returned has `already_coded` set."""
    current = Interview.objects.select_for_update().get(pk=interview.pk)
    codes = _check_codes(current, codes)
    memo = _check_memo(memo)
    start, end = locate(current.notes, start=start, end=end, text=text)
    existing = Passage.objects.filter(interview=current, start=start, end=end).first()
    if existing is not None:
        return _code_again(existing, codes, memo)
    passage = Passage.objects.create(
        interview=current,
        start=start,
        end=end,
        text=current.notes[start:end],
        memo=memo,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    passage.codes.set(codes)
    return passage


def _code_again(passage: Passage, codes: list[Code], memo: str) -> Passage:
    if memo and memo != passage.memo:
        joined = f"{passage.memo}\n{memo}" if passage.memo else memo
        if len(joined) > MEMO_MAX:
            raise ValidationError(
                {
                    "memo": _(
                        "This passage is coded already, and its memo and yours together are "
                        "longer than %(max)s characters. Shorten yours, or edit the passage."
                    )
                    % {"max": MEMO_MAX}
                },
                code="max_length",
            )
        passage.memo = joined
        passage.save(update_fields=["memo"])
    passage.codes.add(*codes)
    passage.already_coded = True
    return passage


@transaction.atomic
def passage_update(*, passage: Passage, codes, memo: str = "") -> Passage:
    codes = _check_codes(passage.interview, codes)
    passage.memo = _check_memo(memo)
    passage.save(update_fields=["memo"])
    passage.codes.set(codes)
    return passage


@transaction.atomic
def passage_delete(*, passage: Passage) -> None:
    passage.delete()


def relocate_passages(*, interview: Interview, notes: str) -> tuple[int, int]:
    """Move the interview's passages to where their text is in the new `notes`.

    Returns (moved, not found). Runs inside the caller's transaction.
    """
    moved = lost = 0
    for passage in Passage.objects.filter(interview=interview):
        if is_in_place(passage, notes):
            continue
        found = occurrences(notes, passage.text)
        if not found:
            lost += 1
            continue
        start, end = min(found, key=lambda span: abs(span[0] - passage.start))
        passage.start, passage.end, passage.text = start, end, notes[start:end]
        passage.save(update_fields=["start", "end", "text"])
        moved += 1
    return moved, lost
