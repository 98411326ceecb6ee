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

How a drawing touches a cell: a point lies in it (exactly as ``h3.latlng_to_cell``, see
geo.grid); a route or boundary passes through it — its vertices' cells and, per segment,
the grid line of cells between them (see geo.paths for the exact definition); an area
contains the cell's centre (as ``h3.polygon_to_cells``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import h3.api.basic_int as h3i
import numpy as np
import shapely

from platskraft.analysis.geo.boxes import centres_in_boxes
from platskraft.analysis.geo.features import cells_to_features, feature_collection
from platskraft.analysis.geo.grid import PARALLEL_MIN, cell_codes, in_blocks
from platskraft.analysis.geo.paths import route_cells
from platskraft.analysis.geo.rounds import RoundDifference, round_difference

EARTH_RADIUS_M = 6_371_008.8

__all__ = [
    "CellTable",
    "RoundDifference",
    "aggregate_hits",
    "area_hits",
    "boundary_density",
    "cells_to_features",
    "consensus_shares",
    "corridor_density",
    "feature_collection",
    "point_counts",
    "round_difference",
]


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
    """Sorted distinct values (a sort and a mask: faster here than np.unique's hashing).

    A stable sort (timsort) is as fast as the default on random keys and much faster on
    keys that come in sorted runs.
    """
    ordered = np.sort(values, kind="stable")
    return _runs(ordered)


def _slot(triple: np.ndarray, per_cell: int, n_cells: int) -> np.ndarray:
    """(category, respondent, cell) keys → their (category, cell) slot."""
    return (triple // per_cell) * n_cells + triple % n_cells


def _runs(ordered: np.ndarray) -> np.ndarray:
    keep = np.ones(ordered.size, dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def _codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct values and each value's position among them.

    Small non-negative integers (respondent ids, category codes) use a lookup table
    instead of a sort.
    """
    if values.size and values.dtype.kind in "iu" and values.min() >= 0:
        top = int(values.max())
        if top < 4 * values.size + 4096:
            seen = np.zeros(top + 1, dtype=bool)
            seen[values] = True
            distinct = np.flatnonzero(seen)
            index = np.cumsum(seen) - 1
            return distinct.astype(values.dtype), index[values]
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
    cells, code = _codes(np.asarray(cell, dtype=np.uint64).ravel())
    return _tally(feature, code, cells, respondent, category, resolution=resolution, k=k)


def _tally(
    feature: np.ndarray,
    code: np.ndarray,
    cells: np.ndarray,
    respondent: np.ndarray,
    category: np.ndarray,
    *,
    resolution: int,
    k: int,
    distinct_hits: bool = False,
) -> CellTable:
    """:func:`aggregate_hits` on cell codes: hit i is ``cells[code[i]]`` (cells sorted).

    ``distinct_hits`` promises that no (feature, cell) pair repeats, which saves a sort.
    """
    respondent, category = _check(respondent, category, len(respondent), k)
    feature = np.asarray(feature, dtype=np.int64).ravel()
    people, person = _codes(respondent)
    cats, cat = _codes(category)
    n_people, n_cells = max(people.size, 1), max(cells.size, 1)
    n_slots = cats.size * n_cells
    drew = cat * n_people + person  # (category, respondent) pairs, dense
    if cats.size * n_people <= 1 << 26:
        seen = np.zeros(cats.size * n_people, dtype=bool)
        seen[drew] = True
        drew = np.flatnonzero(seen)
    else:
        drew = _distinct(drew)
    layer = np.bincount(drew // n_people, minlength=cats.size)
    # Keys ordered (category, respondent, cell[, feature]): hits that come grouped by
    # category and respondent (as corridor_density arranges them) sort in almost one pass.
    per_cell = n_people * n_cells
    triple = cat[feature]  # built in place: fewer large temporaries
    triple *= per_cell
    part = person[feature]
    part *= n_cells
    triple += part
    triple += code
    del part
    if distinct_hits:
        drawings = np.bincount(_slot(triple, per_cell, n_cells), minlength=n_slots)
        triple.sort(kind="stable")
        people_key = _runs(triple)
    elif per_cell * cats.size * max(respondent.size, 1) < 2**62:
        # One sort of (category, respondent, cell, feature) gives both distinct counts.
        triple *= respondent.size
        triple += feature
        triple.sort(kind="stable")
        pairs = _runs(triple)
        del triple
        pairs //= respondent.size
        drawings = np.bincount(_slot(pairs, per_cell, n_cells), minlength=n_slots)
        people_key = _runs(pairs)
    else:
        pairs = _distinct(feature * n_cells + code)  # each drawing once per cell
        pair_feature = pairs // n_cells
        pair_cat = cat[pair_feature]
        drawings = np.bincount(pair_cat * n_cells + pairs % n_cells, minlength=n_slots)
        people_key = _distinct(
            pair_cat * per_cell + person[pair_feature] * n_cells + pairs % n_cells
        )
    respondents = np.bincount(_slot(people_key, per_cell, n_cells), minlength=n_slots)
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
    cells, code = cell_codes(lon, lat, resolution)
    return _tally(
        np.arange(lon.size),
        code,
        cells,
        respondent,
        category,
        resolution=resolution,
        k=k,
        distinct_hits=True,
    )


def corridor_density(
    lines: np.ndarray,
    respondent: np.ndarray,
    category: np.ndarray,
    *,
    resolution: int,
    k: int,
) -> CellTable:
    """Cells crossed by routes (shapely LineStrings), once per respondent and category.

    A route crosses the cells of its vertices and the grid line between them (geo.paths).
    """
    lines = np.asarray(lines, dtype=object).ravel()
    respondent, category = _check(respondent, category, lines.size, k)
    # Routes traced in (category, respondent) order come out grouped for the tally's sort.
    _, person = _codes(respondent)
    _, cat = _codes(category)
    order = np.argsort(cat * (int(person.max(initial=0)) + 1) + person, kind="stable")
    feature, code, cells = route_cells(lines, resolution, order=order)
    return _tally(feature, code, cells, respondent, category, resolution=resolution, k=k)


def boundary_density(
    lines: np.ndarray,
    respondent: np.ndarray,
    kind: np.ndarray,
    *,
    resolution: int,
    k: int,
) -> CellTable:
    """Felt boundaries per kind (e.g. 1 physical, 2 emotional): corridors keyed by kind.

    A boundary drawn as an area counts along its outline: pass
    ``shapely.boundary(areas)`` as the lines.
    """
    return corridor_density(lines, respondent, kind, resolution=resolution, k=k)


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
    half = max((box.size + 1) // 2, 1)  # two halves side by side (shapely frees the GIL)
    inside = in_blocks(
        lambda lo, hi: shapely.contains_xy(areas[box[lo:hi]], lon[lo:hi], lat[lo:hi]),
        box.size,
        half if box.size > PARALLEL_MIN // 8 else box.size + 1,
    )
    inside = np.concatenate(inside) if inside else np.zeros(0, dtype=bool)
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
    feature, cell = area_hits(areas, resolution)
    cells, code = _codes(cell)
    return _tally(
        feature,
        code,
        cells,
        respondent,
        category,
        resolution=resolution,
        k=k,
        distinct_hits=True,
    )
