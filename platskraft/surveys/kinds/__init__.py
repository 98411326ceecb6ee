"""The question types of surveys (see `base` for what a type knows)."""

from . import basic, choice, map, scale  # noqa: F401 - each registers its types
from .base import REGISTRY, Choice, Kind, field_name, other_key


def kind_of(question) -> Kind:
    return REGISTRY[question.kind]


# The order staff see the types in when adding a question; types not named go last.
ORDER = [
    "single",
    "multiple",
    "rating",
    "nps",
    "matrix",
    "ranking",
    "number",
    "date",
    "short_text",
    "long_text",
    "yes_no",
    "segment",
    "map",
]


def kind_choices() -> list[tuple[str, str]]:
    keys = sorted(REGISTRY, key=lambda k: ORDER.index(k) if k in ORDER else len(ORDER))
    return [(key, REGISTRY[key].label) for key in keys]


__all__ = ["REGISTRY", "Choice", "Kind", "field_name", "kind_choices", "kind_of", "other_key"]
