"""Checking a map question's answer: the drawings from the map, the places picked or
described without it, and how many each layer got. Every message names the layer and
the drawing (or place) number, counted within the layer."""

from __future__ import annotations

import json
from collections import Counter

from django.utils.translation import gettext as _

from platskraft.analysis.geo.drawings import Problem, check_drawing

from .map_layers import MAX_DRAWINGS, TEXT_MAX, Layer, MapContext

MAX_ITEMS = 500  # more than any question allows: a list longer than this is not an answer


def _problem_text(problem: Problem, detail: str) -> str:
    texts = {
        Problem.NOT_A_GEOMETRY: _("it has no shape that can be read"),
        Problem.GEOMETRY_TYPE: _("this layer does not take a shape of the type “%(found)s”"),
        Problem.UNREADABLE: _("its coordinates cannot be read"),
        Problem.TOO_FEW_POINTS: _("a line needs at least two different points"),
        Problem.DEGENERATE: _(
            "an area needs at least three different points and must enclose some ground"
        ),
        Problem.NOT_POLYGONAL: _("the area has no ground left once its crossing lines are fixed"),
        Problem.OUT_OF_RANGE: _("the coordinates (%(found)s) are not on the map"),
        Problem.SWAPPED: _(
            "the coordinates are in the wrong order (%(found)s looks like latitude first)"
        ),
        Problem.PROJECTED: _(
            "the coordinates (%(found)s) are not longitude and latitude in degrees"
        ),
        Problem.OUTSIDE_AREA: _(
            "it lies outside the area you can draw in (the municipality and its surroundings)"
        ),
    }
    return texts[problem] % {"found": detail}


def drawing_error(layer: str, number: int, text: str) -> str:
    return _("%(layer)s, drawing %(number)s: %(problem)s.") % {
        "layer": layer,
        "number": number,
        "problem": text,
    }


def place_error(layer: str, number: int, text: str) -> str:
    return _("%(layer)s, place %(number)s: %(problem)s.") % {
        "layer": layer,
        "number": number,
        "problem": text,
    }


def follow_ups(layer: Layer, raw: dict, stored: dict) -> str:
    """Copy the layer's follow-up answers (choice, text) into `stored`; the problem, if
    any, in words."""
    choice = raw.get("choice")
    if choice not in (None, ""):
        if isinstance(choice, bool) or not isinstance(choice, int | str):
            return _("the answer chosen is not one of this layer's")
        try:
            number = int(choice)
        except ValueError:
            return _("the answer chosen is not one of this layer's")
        if number not in layer.choice_values:
            return _("the answer chosen is not one of this layer's")
        stored["choice"] = number
    text = raw.get("text")
    if text not in (None, ""):
        if not isinstance(text, str):
            return _("the text cannot be read")
        if len(text) > TEXT_MAX:
            return _("the text is longer than %(limit)s characters") % {"limit": TEXT_MAX}
        if text.strip():
            stored["text"] = text.strip()
    return ""


def parse_drawings(raw: str) -> tuple[list | None, str]:
    """The map's JSON text as a list of drawings, or (None, what is wrong)."""
    raw = (raw or "").strip()
    if not raw:
        return [], ""
    try:
        value = json.loads(raw)
    except ValueError:
        return None, _("The drawings from the map could not be read. Draw them again.")
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        return None, _("The drawings from the map could not be read. Draw them again.")
    return value, ""


def check_drawings(context: MapContext, drawings: list) -> tuple[list[dict], list[str]]:
    """The drawings to store and the problems, one message per refused drawing."""
    layers = context.by_key
    stored, errors = [], []
    numbers: Counter = Counter()
    for position, raw in enumerate(drawings, start=1):
        if not isinstance(raw, dict):
            errors.append(_("Drawing %(number)s cannot be read.") % {"number": position})
            continue
        layer = layers.get(raw.get("layer"))
        if layer is None:
            errors.append(
                _("Drawing %(number)s is in a layer this question does not have (“%(layer)s”).")
                % {"number": position, "layer": str(raw.get("layer", ""))[:40]}
            )
            continue
        numbers[layer.key] += 1
        number = numbers[layer.key]
        checked = check_drawing(raw.get("geometry"), layer.geometry, area=context.area)
        if not checked.ok:
            errors.append(
                drawing_error(layer.label, number, _problem_text(checked.problem, checked.detail))
            )
            continue
        item = {"layer": layer.key, "geometry": checked.geometry}
        problem = follow_ups(layer, raw, item)
        if problem:
            errors.append(drawing_error(layer.label, number, problem))
            continue
        stored.append(item)
    return stored, errors


def check_stored_place(context: MapContext, layer: Layer, raw: dict, number: int):
    """A place picked or described without the map (from an import): (item, problem)."""
    item: dict = {"layer": layer.key}
    place = raw.get("place")
    if place not in (None, ""):
        try:
            found = context.places.get(int(place))
        except (TypeError, ValueError):
            found = None
        if found is None:
            return None, place_error(
                layer.label, number, _("the place is not in the municipality's list of places")
            )
        item["place"] = found.pk
        item["geometry"] = found.point
    description = raw.get("description")
    if isinstance(description, str) and description.strip():
        item["description"] = description.strip()[:300]
    if "place" not in item and "description" not in item:
        return None, place_error(layer.label, number, _("name the place or describe it"))
    problem = follow_ups(layer, raw, item)
    if problem:
        return None, place_error(layer.label, number, problem)
    return item, ""


def check_counts(context: MapContext, items: list[dict], required: bool) -> list[str]:
    """Too many or too few drawings and places per layer (min applies when the question
    is required or something was given in that layer)."""
    counts = Counter(item["layer"] for item in items)
    errors = []
    for layer in context.layers:
        count = counts[layer.key]
        limit = min(layer.max, MAX_DRAWINGS)
        if count > limit:
            errors.append(
                _(
                    "%(layer)s: at most %(max)s places (drawn or chosen) – you gave "
                    "%(count)s. Remove some."
                )
                % {"layer": layer.label, "max": limit, "count": count}
            )
        elif count < layer.min and (required or count):
            errors.append(
                _("%(layer)s: give at least %(min)s places (drawn or chosen) – you gave %(count)s.")
                % {"layer": layer.label, "min": layer.min, "count": count}
            )
    return errors
