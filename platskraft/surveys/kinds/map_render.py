"""What the map question's template needs: the configuration the map's script reads
(`data-config`), the words it shows, and the non-map alternative's fields grouped by
layer and place."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.utils.translation import gettext as _

from platskraft.analysis.geo.drawings import boundary_shape, geometry_json

from .base import field_name
from .map_layers import GEOMETRIES, Layer, MapContext, map_context

DISPLAY_TOLERANCE = 0.0002  # degrees (about 20 m): the boundary drawn on the map
DEFAULT_CENTRE = (62.93, 17.78)  # used only when a municipality has no centre or boundary


def messages() -> dict[str, str]:
    """The words the map's script shows, translated. `%(n)s` and `%(max)s` are filled in
    by the script; drawings are numbered within their layer."""
    return {
        "map": _("Map for drawing your answers"),
        "draw": _("Draw"),
        "drawPoint": _("Place a point"),
        "drawLine": _("Draw a line"),
        "drawArea": _("Draw an area"),
        "finish": _("Finish"),
        "cancel": _("Cancel"),
        "edit": _("Edit"),
        "save": _("Save"),
        "delete": _("Delete"),
        "undo": _("Undo"),
        "drawing": _("drawing %(n)s"),
        "noDrawings": _("Nothing drawn yet."),
        "outside": _("That is outside the area you can draw in."),
        "maxReached": _("This layer takes at most %(max)s places."),
        "maxReachedOne": _("This layer takes one place only."),
        "tooFewPoints": _("A line needs two points and an area three."),
        "chooseLayer": _("Choose a layer, then draw on the map."),
        "followUps": _("About this place"),
        "noTiles": _(
            "The background map could not be loaded: the boundary and place names are shown."
        ),
        "useList": _("You can also answer without the map, below."),
        "layers": _("Map layers"),
        "tools": _("Drawing tools"),
        "doneEditing": _("Done editing"),
        "kindPoint": _("point"),
        "kindLine": _("line"),
        "kindArea": _("area"),
        "howPoint": _("Tap the map where the place is."),
        "howLine": _("Tap the map for each point of the line, then press Finish."),
        "howArea": _("Tap the map for each corner of the area, then press Finish."),
        "keyboard": _(
            "With a keyboard: move the map with the arrow keys and press Enter to put a point "
            "in the middle."
        ),
        "added": _("%(drawing)s added. Its questions are below the map."),
        "deleted": _("%(drawing)s deleted."),
        "changed": _("%(drawing)s changed."),
        "editing": _(
            "Drag the points of %(drawing)s on the map to move them, then press Done editing."
        ),
        "undone": _("Undone."),
        "nothingToUndo": _("There is nothing to undo."),
        "blank": _("– not chosen –"),
        "unknownLayer": _("Unknown layer"),
        "zoomIn": _("Zoom in"),
        "zoomOut": _("Zoom out"),
    }


@lru_cache(maxsize=32)
def _display_boundary(boundary_text: str):
    geometry = boundary_shape(json.loads(boundary_text))
    if geometry is None:
        return None
    return geometry_json(geometry.simplify(DISPLAY_TOLERANCE, preserve_topology=True))


def _layer_config(layer: Layer) -> dict:
    data = layer.as_settings()
    data["geometryLabel"] = str(GEOMETRIES.get(layer.geometry, ""))
    return data


def config(question, context: MapContext) -> dict:
    municipality = context.municipality
    boundary = (
        _display_boundary(json.dumps(municipality.boundary, sort_keys=True))
        if municipality.boundary
        else None
    )
    area = geometry_json(context.area) if context.area is not None else None
    centre = municipality.centre
    if centre is None and context.area is not None:
        point = context.area.centroid
        centre = (point.y, point.x)
    return {
        "question": question.pk,
        "layers": [_layer_config(layer) for layer in context.layers],
        "tileUrl": settings.PLATSKRAFT_TILE_URL,
        "attribution": settings.PLATSKRAFT_TILE_ATTRIBUTION,
        "boundary": boundary,
        "allowed": area,
        "places": [
            {"id": p.pk, "name": p.name, "lat": p.lat, "lon": p.lon, "kind": p.kind}
            for p in context.places.values()
        ],
        "centre": list(centre or DEFAULT_CENTRE),
        "zoom": 10 if centre else 5,
        "messages": messages(),
    }


@dataclass
class Slot:
    number: int
    parts: list = field(default_factory=list)  # the _blocks Parts of this place

    @property
    def used(self) -> bool:
        return any(part.field.value() not in (None, "") for part in self.parts)


@dataclass
class LayerGroup:
    layer: Layer
    slots: list[Slot]

    @property
    def used(self) -> bool:
        return any(slot.used for slot in self.slots)

    @property
    def errors(self) -> bool:
        return any(part.field.errors for slot in self.slots for part in slot.parts)


def block_context(question, block) -> dict:
    """The main (JSON) part, the alternative grouped by layer and place, the config."""
    context = map_context(question)
    by_name = {part.field.name: part for part in block.parts}
    main = by_name.get(field_name(question))
    groups = []
    for layer in context.layers:
        slots = []
        for number in range(1, layer.slots + 1):
            prefix = field_name(question, f"{layer.key}_{number}_")
            slot = Slot(number, [p for name, p in by_name.items() if name.startswith(prefix)])
            for part in slot.parts:
                part.wrap = "label"
                # Seen next to its box inside the layer's fieldset; the error summary
                # names the layer and the place.
                part.short_label = part.field.label
                part.field.label = _("%(layer)s, place %(number)s – %(label)s") % {
                    "layer": layer.label,
                    "number": number,
                    "label": part.field.label,
                }
            slots.append(slot)
        groups.append(LayerGroup(layer, slots))
    if main is not None:
        # The JSON box is hidden: errors about drawings point at the question itself.
        main.anchor = f"question-{question.pk}"
    return {
        "main": main,
        "groups": groups,
        "config": json.dumps(config(question, context), ensure_ascii=False),
        "alternative_used": any(group.used or group.errors for group in groups),
    }
