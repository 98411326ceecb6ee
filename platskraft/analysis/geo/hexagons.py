"""Mental maps: what residents drew, aggregated on H3 hexagons and suppressed below k.

Every function takes plain arrays with one entry per drawing (feature): the respondent
who drew it (int ids), its layer or category (int codes), and its geometry — longitudes
and latitudes (degrees, WGS 84) for points, numpy arrays of shapely geometries for
routes, boundaries and areas. Each returns a :class:`CellTable`, one row per (category,
cell) that any drawing touched, counting

- ``respondents``: distinct respondents whose drawings of that category touch the cell
  (a resident who puts ten points in one hexagon counts once),
- ``drawings``: drawings of that category touching the cell (each drawing once),
- ``layer_respondents``: distinct respondents who drew anything in that category, the
  denominator of ``share``.

**Suppression.** A row with fewer than ``k`` distinct respondents is *hidden*: it stays in
the table (so rounds can be compared and k raised later) but ``published()``,
``cells_to_features`` and ``rows`` leave it out. Publish only through those.

How a drawing touches a cell: a point lies in it; a route or boundary has a sample point
in it — samples every ``step_m`` metres along each straight (lon/lat) segment, vertices
included, by default half the average hexagon edge, so a line can miss a cell only where
it clips a corner; an area contains the cell's centre (as ``h3.polygon_to_cells``).
Point-to-cell assignment equals ``h3.latlng_to_cell`` exactly (see geo.grid).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import h3.api.basic_int as h3i
import numpy as np
import shapely

from platskraft.analysis.geo.grid import centres_in_boxes, latlng_to_cells

EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True, eq=False)
class CellTable:
    """Counts per (category, H3 cell), sorted by category then cell; see the module doc."""

    resolution: int
    k: int
    category: np.ndarray  # int64
    cell: np.ndarray  # uint64 H3 index
    respondents: np.ndarray  # int64, distinct respondents
    drawings: np.ndarray  # int64
    layer_respondents: np.ndarray  # int64, per row: respondents who drew in the category
    hidden: np.ndarray  # bool: respondents < k

    @property
    def share(self) -> np.ndarray:
        """respondents / layer_respondents (0.0–1.0)."""
        return self.respondents / np.maximum(self.layer_respondents, 1)

    def __len__(self) -> int:
        return int(self.cell.size)

    def published(self) -> CellTable:
        """The rows that may be shown: hidden rows dropped."""
        keep = ~self.hidden
        return replace(
            self,
            category=self.category[keep],
            cell=self.cell[keep],
            respondents=self.respondents[keep],
            drawings=self.drawings[keep],
            layer_respondents=self.layer_respondents[keep],
            hidden=self.hidden[keep],
        )

    def with_k(self, k: int) -> CellTable:
        """The same counts suppressed at another k (hidden rows keep their counts)."""
        return replace(self, k=k, hidden=self.respondents < k)

    def rows(self) -> Iterator[tuple[int, str, int, int, float]]:
        """Published rows as (category, cell as h3 string, respondents, drawings, share)."""
        table = self.published()
        for cat, cell, n, d, s in zip(
            table.category.tolist(),
            table.cell.tolist(),
            table.respondents.tolist(),
            table.drawings.tolist(),
            table.share.tolist(),
            strict=True,
        ):
            yield cat, h3i.int_to_str(cell), n, d, s


def _check(
    respondent: np.ndarray, category: np.ndarray, n: int, k: int
) -> tuple[np.ndarray, np.ndarray]:
    respondent = np.asarray(respondent, dtype=np.int64).ravel()
    category = np.asarray(category, dtype=np.int64).ravel()
    if respondent.size != n or category.size != n:
        raise ValueError(
            f"{n} drawings but {respondent.size} respondents and {category.size} categories"
        )
    if k < 1:
        raise ValueError(f"k must be at least 1, not {k}")
    return respondent, category


def _distinct(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a sort and a mask: faster here than np.unique's hashing)."""
    ordered = np.sort(values)
    keep = np.ones(ordered.size, dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def _codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct values and each value's position among them."""
    distinct = _distinct(values)
    return distinct, np.searchsorted(distinct, values)


def aggregate_hits(
    feature: np.ndarray,
    cell: np.ndarray,
    respondent: np.ndarray,
    category: np.ndarray,
    *,
    resolution: int,
    k: int,
) -> CellTable:
    """The cell table of (feature index, cell) hits; hits may repeat and are deduplicated.

    ``respondent`` and ``category`` have one entry per feature; ``feature`` indexes them.
    Features without hits still count in their category's ``layer_respondents``.
    """
    respondent, category = _check(respondent, category, len(respondent), k)
    feature = np.asarray(feature, dtype=np.int64).ravel()
    cell = np.asarray(cell, dtype=np.uint64).ravel()
    people, person = _codes(respondent)
    cats, cat = _codes(category)
    layer = np.bincount(_distinct(cat * people.size + person) // people.size, minlength=cats.size)
    cells, code = _codes(cell)
    n_cells = max(cells.size, 1)
    pairs = _distinct(feature * n_cells + code)  # each drawing once per cell
    pair_feature, pair_code = pairs // n_cells, pairs % n_cells
    slot = cat[pair_feature] * n_cells + pair_code
    drawings = np.bincount(slot, minlength=cats.size * n_cells)
    people_key = _distinct(person[pair_feature] * (cats.size * n_cells) + slot)
    respondents = np.bincount(people_key % (cats.size * n_cells), minlength=cats.size * n_cells)
    used = np.flatnonzero(drawings)
    counts = respondents[used]
    return CellTable(
        resolution=resolution,
        k=k,
        category=cats[used // n_cells],
        cell=cells[used % n_cells],
        respondents=counts,
        drawings=drawings[used],
        layer_respondents=layer[used // n_cells],
        hidden=counts < k,
    )


def point_counts(
    lon: np.ndarray,
    lat: np.ndarray,
    respondent: np.ndarray,
    category: np.ndarray,
    *,
    resolution: int,
    k: int,
) -> CellTable:
    """Points per hexagon and category: distinct respondents and drawings per cell."""
    lon = np.asarray(lon, dtype=np.float64).ravel()
    cells = latlng_to_cells(lon, lat, resolution)
    return aggregate_hits(
        np.arange(lon.size), cells, respondent, category, resolution=resolution, k=k
    )


def default_step_m(resolution: int) -> float:
    """Half the average hexagon edge at the resolution (about 87 m at resolution 9)."""
    return h3i.average_hexagon_edge_length(resolution, "m") / 2


def line_samples(lines: np.ndarray, step_m: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points along lines: ``(feature, lon, lat)``, every vertex and at most step_m apart.

    Each segment from vertex a to b gets ``n = max(1, ceil(length / step_m))`` points
    a + (b − a)·j/n for j = 0 … n−1 (linear in lon/lat; length by the equirectangular
    approximation at the segment's mean latitude), and each line its last vertex.
    Multi-part lines are split into their parts.
    """
    lines = np.asarray(lines, dtype=object).ravel()
    parts, owner = shapely.get_parts(lines, return_index=True)
    coords, part = shapely.get_coordinates(parts, return_index=True)
    if coords.shape[0] == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0)
    x, y = coords[:, 0], coords[:, 1]
    starts = np.flatnonzero(part[:-1] == part[1:])  # segment i → i+1 within one part
    dx = x[starts + 1] - x[starts]
    dy = y[starts + 1] - y[starts]
    mean_lat = np.deg2rad((y[starts] + y[starts + 1]) / 2)
    length = np.deg2rad(np.hypot(dx * np.cos(mean_lat), dy)) * EARTH_RADIUS_M
    n = np.maximum(1, np.ceil(length / step_m)).astype(np.int64)
    seg = np.repeat(np.arange(starts.size), n)
    j = np.arange(seg.size) - np.repeat(np.cumsum(n) - n, n)
    t = j / n[seg]
    lon = x[starts][seg] + dx[seg] * t
    lat = y[starts][seg] + dy[seg] * t
    last = np.flatnonzero(np.append(part[1:] != part[:-1], True))
    feature = np.concatenate([owner[part[starts][seg]], owner[part[last]]])
    return feature, np.concatenate([lon, x[last]]), np.concatenate([lat, y[last]])


def corridor_density(
    lines: np.ndarray,
    respondent: np.ndarray,
    category: np.ndarray,
    *,
    resolution: int,
    k: int,
    step_m: float | None = None,
) -> CellTable:
    """Cells crossed by routes (shapely LineStrings), once per respondent and category."""
    lines = np.asarray(lines, dtype=object).ravel()
    respondent, category = _check(respondent, category, lines.size, k)
    feature, lon, lat = line_samples(lines, step_m or default_step_m(resolution))
    # Consecutive samples mostly fall in the same cell: drop those repeats first.
    cells = latlng_to_cells(lon, lat, resolution)
    keep = np.ones(cells.size, dtype=bool)
    keep[1:] = (cells[1:] != cells[:-1]) | (feature[1:] != feature[:-1])
    return aggregate_hits(
        feature[keep], cells[keep], respondent, category, resolution=resolution, k=k
    )


def boundary_density(
    lines: np.ndarray,
    respondent: np.ndarray,
    kind: np.ndarray,
    *,
    resolution: int,
    k: int,
    step_m: float | None = None,
) -> CellTable:
    """Felt boundaries per kind (e.g. 1 physical, 2 emotional): corridors keyed by kind.

    A boundary drawn as an area counts along its outline: pass
    ``shapely.boundary(areas)`` as the lines.
    """
    return corridor_density(lines, respondent, kind, resolution=resolution, k=k, step_m=step_m)


def area_hits(areas: np.ndarray, resolution: int) -> tuple[np.ndarray, np.ndarray]:
    """``(feature, cell)`` for every cell whose centre lies inside each area (polygon)."""
    areas = np.asarray(areas, dtype=object).ravel()
    if areas.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    bounds = shapely.bounds(areas)
    box, cell, lon, lat = centres_in_boxes(
        bounds[:, 0], bounds[:, 1], bounds[:, 2], bounds[:, 3], resolution
    )
    shapely.prepare(areas)
    inside = shapely.contains_xy(areas[box], lon, lat)
    return box[inside], cell[inside]


def consensus_shares(
    areas: np.ndarray,
    respondent: np.ndarray,
    category: np.ndarray,
    *,
    resolution: int,
    k: int,
) -> CellTable:
    """Share of a layer's respondents whose area covers each cell (the consensus surface).

    ``areas`` holds shapely (Multi)Polygons. A cell is covered by a respondent when the
    cell's centre lies inside (not on the edge of) one of their areas in that category;
    ``share`` = covering respondents / respondents who drew an area in the category.
    """
    areas = np.asarray(areas, dtype=object).ravel()
    respondent, category = _check(respondent, category, areas.size, k)
    feature, cells = area_hits(areas, resolution)
    return aggregate_hits(feature, cells, respondent, category, resolution=resolution, k=k)


@dataclass(frozen=True, eq=False)
class RoundDifference:
    """Per (category, cell): both rounds' counts and shares, and the change (b − a)."""

    resolution: int
    k: int
    category: np.ndarray
    cell: np.ndarray
    respondents_a: np.ndarray
    respondents_b: np.ndarray
    layer_a: np.ndarray  # the categories' n in round a (0 when nobody drew there)
    layer_b: np.ndarray
    share_a: np.ndarray
    share_b: np.ndarray
    hidden: np.ndarray  # either side has 1 … k−1 respondents

    @property
    def share_change(self) -> np.ndarray:
        return self.share_b - self.share_a

    @property
    def count_change(self) -> np.ndarray:
        return self.respondents_b - self.respondents_a


def round_difference(a: CellTable, b: CellTable, *, k: int | None = None) -> RoundDifference:
    """Compare two rounds' full tables (with their hidden rows) cell by cell.

    A cell missing in one round has 0 respondents there. A row is hidden when either round
    has between 1 and k−1 respondents in it (k defaults to the larger of the tables'),
    so the difference never reveals a suppressed count.
    """
    if a.resolution != b.resolution:
        raise ValueError(f"resolutions differ: {a.resolution} and {b.resolution}")
    k = max(a.k, b.k) if k is None else k
    keys = np.unique(np.concatenate([_keys(a), _keys(b)]))
    side = [_align(t, keys) for t in (a, b)]
    layers = [_layer_of(t, keys["category"]) for t in (a, b)]
    (na, _), (nb, _) = side
    hidden = ((na > 0) & (na < k)) | ((nb > 0) & (nb < k))
    return RoundDifference(
        resolution=a.resolution,
        k=k,
        category=keys["category"],
        cell=keys["cell"],
        respondents_a=na,
        respondents_b=nb,
        layer_a=layers[0],
        layer_b=layers[1],
        share_a=na / np.maximum(layers[0], 1),
        share_b=nb / np.maximum(layers[1], 1),
        hidden=hidden,
    )


_KEY = np.dtype([("category", np.int64), ("cell", np.uint64)])


def _keys(table: CellTable) -> np.ndarray:
    keys = np.empty(len(table), dtype=_KEY)
    keys["category"], keys["cell"] = table.category, table.cell
    return keys


def _align(table: CellTable, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    own = _keys(table)
    at = np.searchsorted(own, keys).clip(0, max(len(own) - 1, 0))
    found = (own[at] == keys) if len(own) else np.zeros(len(keys), dtype=bool)
    counts = np.where(found, table.respondents[at] if len(own) else 0, 0)
    return counts.astype(np.int64), found


def _layer_of(table: CellTable, categories: np.ndarray) -> np.ndarray:
    cats, first = np.unique(table.category, return_index=True)
    layer = table.layer_respondents[first]
    at = np.searchsorted(cats, categories).clip(0, max(cats.size - 1, 0))
    found = (cats[at] == categories) if cats.size else np.zeros(categories.size, dtype=bool)
    return np.where(found, layer[at] if cats.size else 0, 0).astype(np.int64)


def cells_to_features(table: CellTable) -> list[dict[str, Any]]:
    """GeoJSON Features (hexagon polygons, lon/lat) of the published rows, as plain dicts.

    Properties: ``cell`` (h3 string), ``category``, ``respondents``, ``drawings``,
    ``share`` and ``layer_respondents``. Hidden rows are never included.
    """
    features = []
    for (cat, cell, n, d, s), layer in zip(
        table.rows(), table.published().layer_respondents.tolist(), strict=True
    ):
        ring = [[lon, lat] for lat, lon in h3i.cell_to_boundary(h3i.str_to_int(cell))]
        ring.append(ring[0])
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {
                    "cell": cell,
                    "category": cat,
                    "respondents": n,
                    "drawings": d,
                    "share": s,
                    "layer_respondents": layer,
                },
            }
        )
    return features


def feature_collection(table: CellTable) -> dict[str, Any]:
    """The published rows as a GeoJSON FeatureCollection (a plain dict)."""
    return {"type": "FeatureCollection", "features": cells_to_features(table)}
