"""Every H3 cell whose centre lies inside lon/lat boxes, enumerated on a face's lattice.

The candidate cells of a box are the lattice points (see geo.grid) within the range of
its projected corners and edge middles, plus a slack for how far its parallels may bow
out in the gnomonic plane; each is checked against h3's own centre, and boxes across a
face edge or with a doubtful lattice point are handed to ``h3.polygon_to_cells``.
Pure: numpy and h3 only.
"""

from __future__ import annotations

import h3.api.basic_int as h3i
import numpy as np

from platskraft.analysis.geo.grid import (
    _Lattice,
    _lattice,
    _project,
    _resolve_distinct,
    nearest_faces,
    unit_vectors,
)

CORNERS = 6  # points of a box projected to bound its lattice points


def _box_slack(extent: np.ndarray, bow: np.ndarray, lattice: _Lattice) -> np.ndarray:
    """Lattice units to add around a box's projected corners to hold the whole box.

    A parallel of latitude φ has geodesic curvature tan φ (unit sphere); over a chord of
    length L its arc bows out by about L² tan φ / 8, and by a quarter of that beyond the
    middle point, which is among the projected points. With L and the spacing taken in
    the gnomonic plane (which only stretches distances), we add 2 · (L + 1)² · spacing ·
    tan φ lattice units (64 times that estimate) plus 1e-3.
    """
    spacing = float(np.linalg.norm(lattice.basis, axis=0).max())
    length = np.hypot(extent[:, 0], extent[:, 1]) + 1.0
    return 1e-3 + length**2 * spacing * 2 * bow


def centres_in_boxes(
    west: np.ndarray, south: np.ndarray, east: np.ndarray, north: np.ndarray, resolution: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every H3 cell whose centre lies inside each lon/lat box (edges included).

    Returns ``(box, cell, lon, lat)``: for each hit the box's position, the cell and the
    cell's centre as ``h3.cell_to_latlng`` gives it. Boxes are enumerated on the face's
    lattice; a box whose corners are not all on one face is handed to
    ``h3.polygon_to_cells`` (which also selects cells by their centres).
    """
    west, south, east, north = (
        np.asarray(a, dtype=np.float64).ravel() for a in (west, south, east, north)
    )
    empty = np.zeros(0, dtype=np.int64)
    if west.size == 0:
        return empty, empty.astype(np.uint64), np.zeros(0), np.zeros(0)
    # Corners and the middles of the north and south edges (parallels bow outwards in
    # the gnomonic plane; meridians are straight there).
    middle = (west + east) / 2
    corners_lon = np.concatenate([west, east, east, west, middle, middle])
    corners_lat = np.concatenate([south, south, north, north, south, north])
    vectors = unit_vectors(corners_lon, corners_lat)
    corner_faces = nearest_faces(vectors).reshape(CORNERS, -1)
    face = corner_faces[0]
    same = (corner_faces == face).all(axis=0)
    # How far a parallel may bow beyond the corners and middles, in radians per
    # (lattice unit)², with a factor 8 to spare (see _box_slack).
    bow = np.tan(np.deg2rad(np.minimum(np.maximum(np.abs(south), np.abs(north)), 89.9)))
    boxes, cells, lons, lats = [], [], [], []
    for f in np.unique(face[same]):
        chosen = np.flatnonzero(same & (face == f))
        seed = h3i.latlng_to_cell(float(south[chosen[0]]), float(west[chosen[0]]), resolution)
        lattice = _lattice(int(f), resolution, seed)
        if lattice is None:
            same[chosen] = False
            continue
        rows = np.concatenate([chosen + i * west.size for i in range(CORNERS)])
        mn = _project(vectors[rows], lattice).reshape(CORNERS, chosen.size, 2)
        low, high = mn.min(axis=0), mn.max(axis=0)
        # Only lattice points within the corners' range (plus a slack) can be centres
        # inside the box: a cell centre projects within 1e-6 of its lattice point.
        slack = _box_slack(high - low, bow[chosen], lattice)
        low = np.ceil(low - slack[:, None]).astype(np.int64)
        high = np.floor(high + slack[:, None]).astype(np.int64)
        high = np.maximum(high, low - 1)  # an empty range, not a negative one
        width = high[:, 1] - low[:, 1] + 1
        sizes = (high[:, 0] - low[:, 0] + 1) * width
        box = np.repeat(np.arange(chosen.size), sizes)
        local = np.arange(box.size) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        points = np.stack(
            [low[box, 0] + local // width[box], low[box, 1] + local % width[box]], axis=1
        )
        if box.size == 0:
            continue
        d_cells, d_lon, d_lat, d_bad, inverse = _resolve_distinct(points, lattice, resolution)
        centre_lon, centre_lat, bad = d_lon[inverse], d_lat[inverse], d_bad[inverse]
        exact = ~bad
        exact &= (centre_lon >= west[chosen][box]) & (centre_lon <= east[chosen][box])
        exact &= (centre_lat >= south[chosen][box]) & (centre_lat <= north[chosen][box])
        hit_cells = d_cells[inverse]
        if bad.any():  # doubtful lattice points: let h3 decide for their whole boxes
            same[chosen[np.unique(box[bad])]] = False
            exact &= same[chosen][box]
        boxes.append(chosen[box[exact]])
        cells.append(hit_cells[exact])
        lons.append(centre_lon[exact])
        lats.append(centre_lat[exact])
    for i in np.flatnonzero(~same):
        ring = [(south[i], west[i]), (south[i], east[i]), (north[i], east[i]), (north[i], west[i])]
        for cell in h3i.polygon_to_cells(h3i.LatLngPoly(ring), resolution):
            lat_c, lon_c = h3i.cell_to_latlng(cell)
            boxes.append(np.array([i]))
            cells.append(np.array([cell], dtype=np.uint64))
            lons.append(np.array([lon_c]))
            lats.append(np.array([lat_c]))
    if not boxes:
        return empty, empty.astype(np.uint64), np.zeros(0), np.zeros(0)
    return np.concatenate(boxes), np.concatenate(cells), np.concatenate(lons), np.concatenate(lats)
