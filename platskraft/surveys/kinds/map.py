"""The map question: residents draw points, lines and areas in the question's layers
(places they visit, routes, borders, landmarks …), each with its own follow-up
questions, or answer without the map by picking named places from the municipality's
gazetteer or describing them in words.

The stored value is a list, one dict per drawing or place (see `map_layers` for the
settings and the shared context in docs): ``{"layer", "geometry"}`` for a drawing,
``{"layer", "place", "geometry"}`` for a named place (its point copied),
``{"layer", "description"}`` for a place described in words, each with the layer's
``choice`` and ``text`` when answered. The server checks everything the map's script
checks (see `platskraft.analysis.geo.drawings`).

Form fields: ``q<pk>`` holds the map's drawings as JSON (written by the script);
``q<pk>_<layer>_<n>_place|description|choice|text`` are the non-map alternative's
slots, n = 1 … min(max, 3).
"""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..presets import MAP_PRESETS, mental_map_layers
from .base import Kind, field_name
from .map_answers import (
    check_counts,
    check_drawings,
    check_stored_place,
    parse_drawings,
)
from .map_layers import (
    DEFAULT_MARGIN_M,
    DESCRIPTION_MAX,
    TEXT_MAX,
    Layer,
    layers_of,
    map_context,
)
from .map_render import block_context

JSON_MAX = 1_000_000  # characters of drawings a page may send
PARTS = ("place", "description", "choice", "text")


def slot_name(question, layer: Layer, number: int, part: str) -> str:
    return field_name(question, f"{layer.key}_{number}_{part}")


def _is_drawing(item: dict) -> bool:
    return "geometry" in item and "place" not in item


class MapQuestion(Kind):
    key = "map"
    label = gettext_lazy("Map question")
    analysis = "map"
    template = "surveys/includes/question_map.html"

    # --- answering ------------------------------------------------------------------------

    def fields(self, question, choices, rows):
        context = map_context(question)
        fields = {
            field_name(question): forms.CharField(
                label=_("Your drawings on the map"),
                required=False,
                max_length=JSON_MAX,
                strip=False,
                widget=forms.Textarea(attrs={"class": "map-value", "hidden": True}),
            )
        }
        place_choices = [("", _("– no place chosen –"))] + [
            (place.pk, place.name) for place in context.places.values()
        ]
        for layer in context.layers:
            for number in range(1, layer.slots + 1):
                fields[slot_name(question, layer, number, "place")] = forms.TypedChoiceField(
                    label=_("A named place"),
                    choices=place_choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    error_messages={"invalid_choice": _("Choose a place from the list.")},
                )
                fields[slot_name(question, layer, number, "description")] = forms.CharField(
                    label=_("Or describe the place in words"),
                    max_length=DESCRIPTION_MAX,
                    required=False,
                )
                if layer.choices:
                    fields[slot_name(question, layer, number, "choice")] = forms.TypedChoiceField(
                        label=layer.choice_label or _("Choose"),
                        choices=[("", "–"), *layer.choices],
                        coerce=int,
                        empty_value=None,
                        required=False,
                        error_messages={"invalid_choice": _("Choose an answer from the list.")},
                    )
                if layer.text_label:
                    fields[slot_name(question, layer, number, "text")] = forms.CharField(
                        label=layer.text_label, max_length=TEXT_MAX, required=False
                    )
        return fields

    def answer_items(self, question, data: dict) -> list[dict]:
        """The drawings and places to store; ValidationError listing every problem."""
        context = map_context(question)
        drawings, problem = parse_drawings(data.get(field_name(question)) or "")
        if drawings is None:
            raise ValidationError(problem)
        items, errors = check_drawings(context, drawings)
        for layer in context.layers:
            for number in range(1, layer.slots + 1):
                raw = {part: data.get(slot_name(question, layer, number, part)) for part in PARTS}
                if all(value in (None, "") for value in raw.values()):
                    continue
                item, problem = check_stored_place(context, layer, raw, number)
                if problem:
                    errors.append(problem)
                else:
                    items.append(item)
        if not errors:
            errors = check_counts(context, items, question.required)
        if errors:
            raise ValidationError(errors)
        return items

    def value(self, question, data, choices, rows):
        return self.answer_items(question, data) or None

    def initial(self, question, answers, choices, rows):
        value = answers.get(question.key)
        if not isinstance(value, list):
            return {}
        drawings = [item for item in value if isinstance(item, dict) and _is_drawing(item)]
        initial = {field_name(question): json.dumps(drawings, ensure_ascii=False)}
        used: dict[str, int] = {}
        layers = {layer.key: layer for layer in layers_of(question)}
        for item in value:
            if not isinstance(item, dict) or _is_drawing(item):
                continue
            layer = layers.get(item.get("layer"))
            if layer is None:
                continue
            number = used.get(layer.key, 0) + 1
            if number > layer.slots:
                continue
            used[layer.key] = number
            for part in PARTS:
                if item.get(part) not in (None, ""):
                    initial[slot_name(question, layer, number, part)] = item[part]
        return initial

    def block_context(self, question, block):
        return block_context(question, block)

    def publish_problems(self, question) -> list[str]:
        if not layers_of(question):
            return [
                _("The map question “%(question)s” has no map layers yet.")
                % {"question": question.text}
            ]
        return []

    # --- the builder ----------------------------------------------------------------------

    def settings_fields(self):
        return {
            "margin_m": forms.IntegerField(
                label=_("Margin around the municipality (metres)"),
                min_value=0,
                max_value=50_000,
                required=False,
                help_text=_(
                    "Residents can draw inside the municipality's boundary and this far "
                    "outside it. Empty: %(margin)s m."
                )
                % {"margin": DEFAULT_MARGIN_M},
            ),
            "preset": forms.ChoiceField(
                label=_("Ready-made layers"),
                choices=[("", _("None: I add the layers myself")), *MAP_PRESETS.items()],
                required=False,
                help_text=_(
                    "Replaces the question's layers with the ready-made ones. You can change "
                    "them afterwards on the page “Map layers”."
                ),
            ),
        }

    def clean_settings(self, values):
        margin = values.get("margin_m")
        settings = {"margin_m": DEFAULT_MARGIN_M if margin in (None, "") else int(margin)}
        if values.get("preset") == "mental_map":
            settings["layers"] = mental_map_layers()
        elif isinstance(values.get("layers"), list):
            settings["layers"] = values["layers"]
        return settings

    # --- exports and imports ----------------------------------------------------------------

    def json_column(self, question) -> str:
        return f"{question.code}_geojson"

    def columns(self, question, choices, rows):
        layers = layers_of(question)
        return [f"{question.code}_{layer.key}" for layer in layers] + [self.json_column(question)]

    def cells(self, question, answers, choices, rows):
        value = answers.get(question.key)
        layers = layers_of(question)
        if not isinstance(value, list) or not value:
            return ["" for _layer in layers] + [""]
        counts = [sum(1 for item in value if item.get("layer") == layer.key) for layer in layers]
        return [*counts, json.dumps(value, ensure_ascii=False, separators=(",", ":"))]

    def parse(self, question, cells, choices, rows):
        column = self.json_column(question)
        raw = (cells.get(column) or "").strip()
        if not raw:
            return {}
        try:
            value = json.loads(raw)
        except ValueError:
            raise ValidationError(
                _("Column %(column)s: the answer is not valid JSON.") % {"column": column}
            ) from None
        if not isinstance(value, list):
            raise ValidationError(
                _("Column %(column)s: the answer must be a JSON list of drawings and places.")
                % {"column": column}
            )
        context = map_context(question)
        is_drawing = [not isinstance(item, dict) or _is_drawing(item) for item in value]
        drawn, errors = check_drawings(
            context, [v for v, d in zip(value, is_drawing, strict=False) if d]
        )
        named, numbers = [], {}
        for raw_item in (v for v, d in zip(value, is_drawing, strict=False) if not d):
            layer = context.by_key.get(raw_item.get("layer"))
            if layer is None:
                errors.append(
                    _("A place is in a layer this question does not have (“%(layer)s”).")
                    % {"layer": str(raw_item.get("layer", ""))[:40]}
                )
                continue
            numbers[layer.key] = numbers.get(layer.key, 0) + 1
            item, problem = check_stored_place(context, layer, raw_item, numbers[layer.key])
            if problem:
                errors.append(problem)
            else:
                named.append(item)
        items = []
        if not errors:
            # In the order of the file.
            drawn_iter, named_iter = iter(drawn), iter(named)
            items = [next(drawn_iter) if d else next(named_iter) for d in is_drawing]
            errors = check_counts(context, items, False)
        if errors:
            raise ValidationError(
                [
                    _("Column %(column)s: %(problem)s") % {"column": column, "problem": error}
                    for error in errors
                ]
            )
        return {question.key: items} if items else {}

    def code_book(self, question, choices, rows):
        lines = [
            (
                f"{question.code}_{layer.key}",
                f"0–{layer.max}",
                _("%(question)s: %(layer)s (number of places drawn or chosen)")
                % {"question": question.text, "layer": layer.label},
            )
            for layer in layers_of(question)
        ]
        lines.append(
            (
                self.json_column(question),
                "JSON",
                _(
                    "%(question)s: every drawing and place as JSON (layer, GeoJSON geometry "
                    "in longitude and latitude, place, description, choice, text)"
                )
                % {"question": question.text},
            )
        )
        for layer in layers_of(question):
            for value, label in layer.choices:
                lines.append((self.json_column(question), value, f"{layer.label}: {label}"))
        return lines
