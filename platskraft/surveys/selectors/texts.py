"""Free-text answers of one question (or its “other, namely” texts), for staff to read
and search. The database picks each response's text out of its answers."""

from __future__ import annotations

from dataclasses import dataclass

from ..kinds import other_key
from ..models import Response, ResponseStatus
from .reading import AnswerValue


@dataclass(frozen=True)
class TextAnswer:
    response_id: int
    text: str


def _texts(survey, key: str):
    return (
        Response.objects.filter(survey=survey, status=ResponseStatus.COMPLETE)
        .annotate(text=AnswerValue(key, "text"))
        .filter(text__isnull=False)
        .order_by("-pk")
        .values_list("pk", "text")
    )


def text_answers(*, survey, question, other: bool = False, search: str = "") -> list[TextAnswer]:
    """The texts, newest first; with `search`, those that contain it (any case: the
    comparison is made here rather than in the database, which folds only ASCII)."""
    key = other_key(question) if other else question.key
    wanted = search.strip().casefold()
    return [
        TextAnswer(pk, str(text))
        for pk, text in _texts(survey, key).iterator(chunk_size=2000)
        if str(text).strip() and (not wanted or wanted in str(text).casefold())
    ]


def latest_texts(*, survey, question, other: bool = False, limit: int = 3) -> list[TextAnswer]:
    key = other_key(question) if other else question.key
    return [TextAnswer(pk, str(text)) for pk, text in _texts(survey, key)[:limit]]


def attach_previews(*, survey, results, limit: int = 3) -> None:
    """The newest few free-text answers of each question that has them, for the staff
    page (residents never see free texts): `figures["texts"]` and `figures["other_texts"]`."""
    for result in results.questions:
        if result.too_few:
            continue
        if result.analysis == "text" and result.answered:
            result.figures["texts"] = latest_texts(
                survey=survey, question=result.question, limit=limit
            )
        if result.figures.get("others"):
            result.figures["other_texts"] = latest_texts(
                survey=survey, question=result.question, other=True, limit=limit
            )
