"""What the analysis page is asked for, read from the query string.

Every choice is a GET parameter, so a filtered map is a link that can be shared and the
page works without JavaScript: `question` (the map question), `layer` (its key),
`by` and `value` (keep respondents who gave `value` to question `by`; the form sends
both as one `segment` = "by:value"), `choice` (keep
drawings with that follow-up answer), `round` (this, previous or change), `res` (H3
resolution 8, 9 or 10) and, for staff only, `k` (raise the publication threshold; it is
never lower than the municipality's).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlencode

RESOLUTIONS = (8, 9, 10)
DEFAULT_RESOLUTION = 9
ROUNDS = ("this", "previous", "change")
K_AT_MOST = 100


def _number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Filters:
    question: int | None = None
    layer: str = ""
    by: int | None = None
    value: int | None = None
    choice: int | None = None
    round: str = "this"
    resolution: int = DEFAULT_RESOLUTION
    k: int = 5
    raised: bool = False  # k was raised above the municipality's threshold

    @classmethod
    def from_query(cls, query, *, threshold: int, staff: bool) -> Filters:
        resolution = _number(query.get("res"))
        k = _number(query.get("k")) if staff else None
        k = threshold if k is None else min(max(k, threshold), K_AT_MOST)
        round_ = query.get("round", "this")
        by, value = _number(query.get("by")), _number(query.get("value"))
        segment = query.get("segment")  # one select: "<question>:<code>"
        if segment and ":" in segment:
            by, value = (_number(part) for part in segment.split(":", 1))
        if by is None or value is None:
            by = value = None
        return cls(
            question=_number(query.get("question")),
            layer=(query.get("layer") or "")[:40],
            by=by,
            value=value,
            choice=_number(query.get("choice")),
            round=round_ if round_ in ROUNDS else "this",
            resolution=resolution if resolution in RESOLUTIONS else DEFAULT_RESOLUTION,
            k=k,
            raised=k > threshold,
        )

    def params(self, **changes) -> dict:
        """The query parameters of these filters (with some changed), defaults left out."""
        f = replace(self, **changes)
        params = {
            "question": f.question,
            "layer": f.layer or None,
            "by": f.by if f.value is not None else None,
            "value": f.value if f.by is not None else None,
            "choice": f.choice,
            "round": None if f.round == "this" else f.round,
            "res": None if f.resolution == DEFAULT_RESOLUTION else f.resolution,
            "k": f.k if f.raised else None,
        }
        return {key: value for key, value in params.items() if value is not None}

    def query(self, **changes) -> str:
        return urlencode(self.params(**changes))

    @property
    def segment(self) -> str:
        return f"{self.by}:{self.value}" if self.by is not None else ""
