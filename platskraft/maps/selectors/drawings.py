"""The raw drawings of a map question (staff only), as GeoJSON.

Each drawing, picked place and place described in words is one feature; a described
place has no geometry (null, as GeoJSON allows). Respondents are known only by an
anonymous number: the response's place among the complete responses (1, 2, …), not its
id, and nothing else about them.
"""

from __future__ import annotations

import json
from itertools import islice

from platskraft.surveys.models import Response, ResponseStatus
from platskraft.surveys.selectors.reading import AnswerValue

from .reading import CHUNK, place_names


def raw_features(*, survey, question):
    """Features one by one (the export streams them)."""
    layers = {lay.get("key"): lay for lay in (question.settings or {}).get("layers", [])}
    names = place_names(municipality=survey.municipality)
    rows = (
        Response.objects.filter(survey=survey, status=ResponseStatus.COMPLETE)
        .order_by("pk")
        .values_list(AnswerValue(question.key, "text"), flat=True)
        .iterator(chunk_size=CHUNK)
    )
    number = 0
    while chunk := list(islice(rows, CHUNK)):
        for text in chunk:
            number += 1
            try:
                items = json.loads(text) if isinstance(text, str) else []
            except ValueError:
                items = []
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict):
                    yield _feature(number, item, layers, names)


def _feature(number: int, item: dict, layers: dict, names: dict) -> dict:
    layer = layers.get(item.get("layer"), {})
    choices = {c.get("value"): c.get("label") for c in layer.get("choices") or []}
    place = item.get("place")
    return {
        "type": "Feature",
        "geometry": item.get("geometry") if isinstance(item.get("geometry"), dict) else None,
        "properties": {
            "response": number,
            "layer": item.get("layer"),
            "layer_label": layer.get("label", ""),
            "choice": item.get("choice"),
            "choice_label": choices.get(item.get("choice"), ""),
            "text": item.get("text", ""),
            "place": names.get(place, "") if place is not None else "",
            "description": item.get("description", ""),
        },
    }
