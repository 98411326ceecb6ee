"""One layer of a map question, aggregated: what its `role` and geometry say to compute.

- points → respondents per hexagon (`point_counts`); landmarks, pride and visits also
  as clusters with their commonest words (`point_clusters`);
- routes (lines) → corridors (`corridor_density`) and trips between the gazetteer's
  localities (`od_counts`);
- boundaries (lines, or the outlines of areas) → density per kind, keyed by the
  layer's choice (physical, emotional …) (`boundary_density`);
- areas → the share of the layer's respondents whose area covers each cell
  (`consensus_shares`).

A layer that takes several geometries (point or area, line or area) gets one category
per geometry in its table. Everything below k distinct respondents is hidden by the
analysis functions; this module only adapts arrays in and labels out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from platskraft.analysis.geo.hexagons import (
    CellTable,
    boundary_density,
    consensus_shares,
    corridor_density,
    point_counts,
)
from platskraft.analysis.geo.places import Clusters, Flows, Locality, od_counts, point_clusters

from .reading import AREA, LINE, NONE, POINT, MapAnswers

CLUSTER_ROLES = {"landmark", "pride", "visit"}
OD_MAX_M = 3000  # a route's end belongs to a locality within this distance
NOT_SAID = 0  # boundary kind when the respondent chose none


@dataclass
class LayerCounts:
    """A layer's aggregates for one round (and filter)."""

    key: str
    role: str
    geometry: str
    table: CellTable  # all rows, hidden ones included (publish only `table.published()`)
    categories: dict[int, str]  # category code → label
    respondents: int  # who drew or named anything in the layer (within the filter)
    drawings: int  # items with a geometry
    places: int  # places picked from the gazetteer (with a geometry)
    described: int  # places described in words only
    descriptions: list[str] = field(default_factory=list)
    clusters: Clusters | None = None
    flows: Flows | None = None


def _empty(resolution: int, k: int) -> CellTable:
    return CellTable(
        resolution=resolution,
        k=k,
        category=np.zeros(0, dtype=np.int64),
        cell=np.zeros(0, dtype=np.uint64),
        respondents=np.zeros(0, dtype=np.int64),
        drawings=np.zeros(0, dtype=np.int64),
        layer_respondents=np.zeros(0, dtype=np.int64),
        hidden=np.zeros(0, dtype=bool),
    )


def concat(tables: list[CellTable], *, resolution: int, k: int) -> CellTable:
    """Tables of distinct categories as one, still sorted by category then cell."""
    tables = sorted((t for t in tables if len(t)), key=lambda t: int(t.category[0]))
    if not tables:
        return _empty(resolution, k)
    if len(tables) == 1:
        return tables[0]
    return CellTable(
        resolution=resolution,
        k=k,
        **{
            name: np.concatenate([getattr(t, name) for t in tables])
            for name in (
                "category",
                "cell",
                "respondents",
                "drawings",
                "layer_respondents",
                "hidden",
            )
        },
    )


def _boundary(items: MapAnswers, resolution: int, k: int) -> CellTable:
    lines = items.geometry.copy()
    areas = items.kind == AREA
    if areas.any():
        lines[areas] = shapely.boundary(lines[areas])
    kind = np.where(items.choice >= 0, items.choice, NOT_SAID)
    return boundary_density(lines, items.respondent, kind, resolution=resolution, k=k)


def _by_geometry(items: MapAnswers, resolution: int, k: int) -> CellTable:
    tables = []
    points = items.kind == POINT
    if points.any():
        tables.append(
            point_counts(
                items.lon[points],
                items.lat[points],
                items.respondent[points],
                np.full(int(points.sum()), POINT),
                resolution=resolution,
                k=k,
            )
        )
    for kind, compute in ((LINE, corridor_density), (AREA, consensus_shares)):
        chosen = items.kind == kind
        if chosen.any():
            tables.append(
                compute(
                    items.geometry[chosen],
                    items.respondent[chosen],
                    np.full(int(chosen.sum()), kind),
                    resolution=resolution,
                    k=k,
                )
            )
    return concat(tables, resolution=resolution, k=k)


def geometry_labels() -> dict[int, str]:
    return {POINT: pgettext("map drawings", "Points"), LINE: _("Lines"), AREA: _("Areas")}


def layer_counts(
    answers: MapAnswers,
    *,
    layer_index: int,
    layer: dict,
    resolution: int,
    k: int,
    choice: int | None = None,
    respondents: np.ndarray | None = None,
    localities: list[Locality] | None = None,
    place_names: dict[int, str] | None = None,
) -> LayerCounts:
    """The aggregates of one layer; `respondents` (a boolean array over responses) keeps
    only some respondents, `choice` only drawings with that follow-up answer."""
    keep = answers.layer == layer_index
    if respondents is not None:
        keep &= respondents[answers.respondent]
    if choice is not None:
        keep &= answers.choice == choice
    items = answers.subset(keep)
    role = layer.get("role", "other")
    drawn = items.kind != -1
    drawings = items.subset(drawn)
    choices = {c["value"]: str(c["label"]) for c in layer.get("choices") or []}
    if role == "boundary":
        table = _boundary(drawings, resolution, k) if len(drawings) else _empty(resolution, k)
        categories = {NOT_SAID: _("Kind not given"), **choices}
    else:
        table = _by_geometry(drawings, resolution, k)
        categories = geometry_labels()
    result = LayerCounts(
        key=layer.get("key", ""),
        role=role,
        geometry=layer.get("geometry", "point"),
        table=table,
        categories=categories,
        respondents=int(np.unique(items.respondent).size),
        drawings=int((drawings.place < 0).sum()),
        places=int((drawings.place >= 0).sum()),
        described=int((~drawn).sum()),
        descriptions=[d for d in items.subset(~drawn).description if d],
    )
    points = drawings.subset(drawings.kind == POINT)
    if role in CLUSTER_ROLES and len(points):
        names = place_names or {}
        texts = [
            " ".join(filter(None, [text, names.get(place, "")]))
            for text, place in zip(points.text, points.place.tolist(), strict=True)
        ]
        result.clusters = point_clusters(
            points.lon, points.lat, points.respondent, texts, resolution=resolution, k=k
        )
    routes = drawings.subset(drawings.kind == LINE)
    if role == "route" and len(routes) and localities:
        coords, owner = shapely.get_coordinates(routes.geometry, return_index=True)
        first = np.searchsorted(owner, np.arange(len(routes)))
        last = np.searchsorted(owner, np.arange(len(routes)), side="right") - 1
        result.flows = od_counts(
            coords[first, 0],
            coords[first, 1],
            coords[last, 0],
            coords[last, 1],
            routes.respondent,
            localities,
            max_m=OD_MAX_M,
            k=k,
        )
    return result


def respondents_with(answers: MapAnswers, value: int | None) -> np.ndarray | None:
    """Respondents (a boolean array over responses) whose filter answer is `value`."""
    if value is None or answers.filter_codes is None:
        return None
    return answers.filter_codes == value


__all__ = ["NONE", "LayerCounts", "concat", "layer_counts", "respondents_with"]
