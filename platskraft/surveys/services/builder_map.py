"""The builder's writes on a map question's layers: add, change, remove, move.

The layers live in `Question.settings["layers"]` (see `kinds.map_layers`). A layer's key
is made once from its label (letters, digits and hyphens, unique in the question) and
never changes, because stored answers name it. A layer with answers cannot be removed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ..kinds.map_layers import GEOMETRIES, MAX_DRAWINGS, ROLES, layer_from
from ..models import Question, Response
from .builder_common import lock_survey

KEY_MAX = 30
RESERVED = {"geojson"}  # the export's column of the whole answer


def _layers(question: Question) -> list[dict]:
    return [dict(layer) for layer in (question.settings or {}).get("layers") or []]


def _save(question: Question, layers: list[dict]) -> Question:
    question.settings = {**(question.settings or {}), "layers": layers}
    question.save(update_fields=["settings"])
    return question


def _locked(question: Question) -> Question:
    lock_survey(question.survey)
    question = Question.objects.select_related("survey").get(pk=question.pk)
    if question.kind != "map":
        raise ValidationError(_("Only a map question has map layers."))
    return question


def _key(label: str, taken: set[str]) -> str:
    stem = slugify(label).replace("_", "-")[: KEY_MAX - 3].strip("-") or "layer"
    key, number = stem, 2
    while key in taken or key in RESERVED:
        key = f"{stem}{number}"
        number += 1
    return key


def _choices(lines: list[str], old: list[dict]) -> list[dict]:
    """Choices from labels one a line; a label kept keeps its code (answers hold it),
    a new one gets the next free code."""
    known = {c["label"]: c["value"] for c in old}
    used = set(known.values())
    top = max(used, default=0)
    result, seen = [], set()
    for label in lines:
        if label in seen:
            raise ValidationError(
                {"choices": _("“%(label)s” is on the list twice.") % {"label": label}}
            )
        seen.add(label)
        if label in known:
            value = known[label]
        else:
            top += 1
            value = top
        result.append({"value": value, "label": label})
    return result


def clean_layer(values: dict, old: dict | None = None) -> dict:
    """A layer's settings from the form's values; ValidationError keyed by field."""
    errors = {}
    label = " ".join((values.get("label") or "").split())
    if not label:
        errors["label"] = _("Write what the layer asks for, e.g. “Places I visit”.")
    geometry = values.get("geometry")
    if geometry not in GEOMETRIES:
        errors["geometry"] = _("Choose what residents draw in this layer.")
    role = values.get("role") or "other"
    if role not in ROLES:
        errors["role"] = _("Choose what the analysis does with the layer.")
    low, high = values.get("min") or 0, values.get("max")
    if high is None:
        high = 5
    if low < 0:
        errors["min"] = _("The fewest cannot be below 0.")
    if high < 1:
        errors["max"] = _("Allow at least one place.")
    elif high > MAX_DRAWINGS:
        errors["max"] = _("At most %(limit)s places per layer.") % {"limit": MAX_DRAWINGS}
    elif high < low:
        errors["max"] = _("The most cannot be fewer than the fewest.")
    lines = values.get("choice_lines") or []
    choice_label = (values.get("choice_label") or "").strip()
    if lines and not choice_label:
        errors["choice_label"] = _("Write the question the answers reply to.")
    if choice_label and not lines:
        errors["choices"] = _("Write the answers, one a line, or leave the question empty.")
    try:
        choices = _choices(lines, (old or {}).get("choices") or [])
    except ValidationError as error:
        errors.update(error.message_dict)
        choices = []
    if errors:
        raise ValidationError(errors)
    layer = {
        "label": label,
        "help": (values.get("help") or "").strip(),
        "geometry": geometry,
        "role": role,
        "min": low,
        "max": high,
    }
    if choices:
        layer["choice_label"], layer["choices"] = choice_label, choices
    text_label = (values.get("text_label") or "").strip()
    if text_label:
        layer["text_label"] = text_label
    return layer


def _find(layers: list[dict], key: str) -> int:
    for index, layer in enumerate(layers):
        if layer.get("key") == key:
            return index
    raise ValidationError(_("The question has no such layer."))


@transaction.atomic
def map_layer_add(*, question: Question, values: dict) -> dict:
    question = _locked(question)
    layers = _layers(question)
    layer = clean_layer(values)
    layer = {"key": _key(layer["label"], {item.get("key") for item in layers}), **layer}
    _save(question, [*layers, layer])
    return layer


@transaction.atomic
def map_layer_update(*, question: Question, key: str, values: dict) -> dict:
    question = _locked(question)
    layers = _layers(question)
    index = _find(layers, key)
    layers[index] = {"key": key, **clean_layer(values, layers[index])}
    _save(question, layers)
    return layers[index]


def layer_has_answers(question: Question, key: str) -> bool:
    answers = (
        Response.objects.filter(survey_id=question.survey_id, answers__has_key=question.key)
        .values_list("answers", flat=True)
        .iterator()
    )
    for stored in answers:
        value = stored.get(question.key)
        if isinstance(value, list) and any(
            isinstance(item, dict) and item.get("layer") == key for item in value
        ):
            return True
    return False


def map_layer_delete_refusal(question: Question, key: str) -> str:
    if layer_has_answers(question, key):
        return _(
            "Residents have answered in this layer, and their answers are kept: it cannot "
            "be removed. Change its label instead."
        )
    return ""


@transaction.atomic
def map_layer_delete(*, question: Question, key: str) -> None:
    question = _locked(question)
    layers = _layers(question)
    index = _find(layers, key)
    refusal = map_layer_delete_refusal(question, key)
    if refusal:
        raise ValidationError(refusal)
    del layers[index]
    _save(question, layers)


@transaction.atomic
def map_layer_move(*, question: Question, key: str, direction: str) -> None:
    question = _locked(question)
    layers = _layers(question)
    index = _find(layers, key)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(layers):
        raise ValidationError(_("The layer cannot move further that way."))
    layers[index], layers[target] = layers[target], layers[index]
    _save(question, layers)


def layer_values(layer: dict) -> dict:
    """A stored layer as the form's initial values."""
    parsed = layer_from(layer)
    return {
        "label": parsed.label,
        "help": parsed.help,
        "geometry": parsed.geometry,
        "role": parsed.role,
        "min": parsed.min,
        "max": parsed.max,
        "choice_label": parsed.choice_label,
        "choices": "\n".join(label for _value, label in parsed.choices),
        "text_label": parsed.text_label,
    }
