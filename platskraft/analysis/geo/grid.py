"""Vectorised lat/lng → H3 cell, exactly as ``h3.latlng_to_cell``, for millions of points.

h3-py has no vectorised ``latlng_to_cell``: one call per point costs about 0.7 µs plus
Python's loop. This module uses how H3 itself places a point: it picks the icosahedron
face whose centre is nearest, projects the point gnomonically onto that face's tangent
plane, and rounds it to a regular hexagonal lattice there. We do the same with numpy:

1. the face centres are the centres of the 20 base cells that lie on one face only
   (read from h3, nothing copied);
2. for each face in use, the lattice (origin and two basis vectors) is fitted by least
   squares to the projected centres of a disk of real H3 cells around a point of the
   data, and the fit must reproduce every centre to 1e-9 of a cell;
3. each point is rounded to the nearest lattice point (cube rounding), and each distinct
   lattice point is turned into its H3 index by one ``h3.latlng_to_cell`` call on its
   centre; the centre of that cell, projected back, must land on the lattice point.

Points that lie within 1e-7 of a cell's width of an edge, whose lattice point's centre is
nearer another face, or whose face has no lattice fit are given to ``h3.latlng_to_cell``
one by one instead, so the result equals h3's for every point (the tests compare them on
random points over Sweden and elsewhere). Pure: numpy and h3 only.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache

import h3
import h3.api.basic_int as h3i
import numpy as np

FIT_DISK = 6  # rings of real cells the lattice is fitted to
EDGE_MARGIN = 1e-7  # in lattice units (centre-to-centre distance 1)
FIT_TOLERANCE = 1e-9
FACE_RADIUS_RAD = np.deg2rad(37.3774)  # a face's centre to its corners
DENSE_MAX = 1 << 25
PARALLEL_MIN = 400_000  # points; below this one thread is as fast
THREADS = 2  # lattice boxes larger than this are resolved with np.unique


def unit_vectors(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Points on the unit sphere (N × 3) for longitudes and latitudes in degrees."""
    lon_r = np.deg2rad(np.asarray(lon, dtype=np.float64))
    lat_r = np.deg2rad(np.asarray(lat, dtype=np.float64))
    cos_lat = np.cos(lat_r)
    return np.stack([cos_lat * np.cos(lon_r), cos_lat * np.sin(lon_r), np.sin(lat_r)], axis=-1)


@cache
def face_centres() -> np.ndarray:
    """The 20 icosahedron face centres (20 × 3), indexed by H3 face number."""
    by_face: dict[int, list[int]] = {}
    for cell in h3i.get_res0_cells():
        faces = h3i.get_icosahedron_faces(cell)
        if len(faces) == 1:
            by_face.setdefault(faces[0], []).append(cell)
    centres = np.zeros((20, 3))
    for face, cells in by_face.items():
        vectors = unit_vectors(*np.array([h3i.cell_to_latlng(c)[::-1] for c in cells]).T)
        # The face's own centre cell is the one the others surround.
        spread = [float(np.sum(vectors @ v)) for v in vectors]
        centres[face] = vectors[int(np.argmax(spread))]
    return centres


@dataclass(frozen=True)
class _Lattice:
    """One face's hexagonal lattice at one resolution, in that face's gnomonic plane."""

    face: int
    centre: np.ndarray  # (3,)
    axes: np.ndarray  # (2, 3): orthonormal tangent vectors at the centre
    origin: np.ndarray  # (2,): a lattice point
    basis: np.ndarray  # (2, 2): columns are the two basis vectors (60° apart)
    inverse: np.ndarray  # (2, 2)


def _dot(vectors: np.ndarray, direction: np.ndarray) -> np.ndarray:
    # Column by column: much faster than a matrix product with an inner size of 3.
    x, y, z = vectors[:, 0], vectors[:, 1], vectors[:, 2]
    return x * direction[0] + y * direction[1] + z * direction[2]


def _project(vectors: np.ndarray, lattice: _Lattice) -> np.ndarray:
    """Continuous lattice coordinates (N × 2) of unit vectors, by the face's gnomonic plane."""
    # m, n = inverse · (plane − origin), with plane = axes · p / (centre · p)
    to_lattice = lattice.inverse @ lattice.axes
    shift = lattice.inverse @ lattice.origin
    scale = 1.0 / _dot(vectors, lattice.centre)
    out = np.empty((len(vectors), 2))
    out[:, 0] = _dot(vectors, to_lattice[0]) * scale - shift[0]
    out[:, 1] = _dot(vectors, to_lattice[1]) * scale - shift[1]
    return out


def _unproject(mn: np.ndarray, lattice: _Lattice) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude (degrees) of lattice points (N × 2 integers)."""
    plane = lattice.origin + mn @ lattice.basis.T
    vectors = lattice.centre + plane @ lattice.axes
    vectors /= np.linalg.norm(vectors, axis=1)[:, None]
    lon = np.rad2deg(np.arctan2(vectors[:, 1], vectors[:, 0]))
    lat = np.rad2deg(np.arcsin(np.clip(vectors[:, 2], -1.0, 1.0)))
    return lon, lat


def _closest_face(vectors: np.ndarray, faces: np.ndarray) -> np.ndarray:
    best = np.full(len(vectors), faces[0])
    best_dot = _dot(vectors, face_centres()[faces[0]])
    for face in faces[1:]:
        dot = _dot(vectors, face_centres()[face])
        nearer = dot > best_dot
        best[nearer] = face
        np.maximum(best_dot, dot, out=best_dot)
    return best


@lru_cache(maxsize=256)
def _lattice(face: int, resolution: int, seed_cell: int) -> _Lattice | None:
    """Fit the face's lattice to the cells around ``seed_cell``; None when it does not fit."""
    centre = face_centres()[face]
    helper = np.array([0.0, 0.0, 1.0]) if abs(centre[2]) < 0.9 else np.array([1.0, 0.0, 0.0])
    e1 = np.cross(helper, centre)
    e1 /= np.linalg.norm(e1)
    axes = np.stack([e1, np.cross(centre, e1)])
    cells = h3i.grid_disk(seed_cell, FIT_DISK)
    lonlat = np.array([h3i.cell_to_latlng(c)[::-1] for c in cells])
    vectors = unit_vectors(lonlat[:, 0], lonlat[:, 1])
    on_face = _closest_face(vectors, np.arange(20)) == face
    plane = (vectors @ axes.T) / (vectors @ centre)[:, None]
    seed = plane[cells.index(seed_cell)]
    try:
        ring = set(h3i.grid_ring(seed_cell, 1))
    except h3.H3BaseException:
        return None  # next to a pentagon
    neighbours = plane[[i for i, c in enumerate(cells) if c in ring]]
    if not on_face[cells.index(seed_cell)] or len(neighbours) != 6:
        return None  # a pentagon or a face edge next to the seed: leave it to h3
    steps = neighbours - seed
    a = steps[0]
    angles = np.arctan2(a[0] * steps[:, 1] - a[1] * steps[:, 0], steps @ a)
    b = steps[int(np.argmin(np.abs(angles - np.pi / 3)))]
    rough = np.linalg.inv(np.column_stack([a, b]))
    ints = np.rint((plane[on_face] - seed) @ rough.T)
    design = np.column_stack([np.ones(len(ints)), ints])
    fit, *_ = np.linalg.lstsq(design, plane[on_face], rcond=None)
    origin, basis = fit[0], fit[1:].T
    residual = np.abs((plane[on_face] - origin) @ np.linalg.inv(basis).T - ints).max()
    if residual > FIT_TOLERANCE:
        return None
    return _Lattice(face, centre, axes, origin, basis, np.linalg.inv(basis))


def _round_hex(mn: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nearest lattice point (axial integers) and whether the point is too near an edge."""
    x, z = mn[:, 0], mn[:, 1]
    rx, rz = np.rint(x), np.rint(z)
    du, dv = x - rx, z - rz
    # Cube rounding: x + y + z = 0, with y = -x - z; the coordinate that rounded furthest
    # is recomputed from the other two.
    dy = du + dv  # (rounded y) − y, as rint(-x-z) = -rx-rz before the fix below
    ry_off = np.rint(dy)  # nonzero when rounding y alone would have differed
    adu, adv, ady = np.abs(du), np.abs(dv), np.abs(dy - ry_off)
    fix_x = (adu > ady) & (adu > adv)
    fix_z = ~fix_x & (adv >= ady) & (adv > adu)
    # With y rounded independently, fixing x gives rx = -(ry) - rz, i.e. rx + ry_off.
    rx = np.where(fix_x, rx + ry_off, rx)
    rz = np.where(fix_z, rz + ry_off, rz)
    du, dv = x - rx, z - rz
    # Offset from the chosen centre; a hexagon's edges are where the offset's projection
    # onto a neighbour direction reaches half of it: d·w ≥ |w|²/2 (in axial units, with
    # |w| = 1 for the neighbours (1,0), (0,1), (1,-1) on a 60° lattice).
    half = 0.5 - EDGE_MARGIN
    near_edge = (np.abs(du + dv / 2) > half) | (np.abs(dv + du / 2) > half)
    near_edge |= np.abs(du - dv) > 2 * half
    out = np.empty((len(x), 2), dtype=np.int64)
    out[:, 0] = rx
    out[:, 1] = rz
    return out, near_edge


def latlng_to_cells(lon: np.ndarray, lat: np.ndarray, resolution: int) -> np.ndarray:
    """The H3 cell (uint64) of each point, equal to ``h3.latlng_to_cell(lat, lon, res)``.

    ``lon`` and ``lat`` are float arrays in degrees (WGS 84, as GeoJSON). An empty input
    gives an empty array. Raises ValueError for NaN coordinates or a bad resolution.
    """
    lon = np.asarray(lon, dtype=np.float64).ravel()
    lat = np.asarray(lat, dtype=np.float64).ravel()
    if lon.shape != lat.shape:
        raise ValueError("lon and lat differ in length")
    if not 0 <= resolution <= 15:
        raise ValueError(f"resolution {resolution} is not 0–15")
    if not (np.isfinite(lon).all() and np.isfinite(lat).all()):
        raise ValueError("coordinates include NaN or infinity")
    if lon.size < PARALLEL_MIN:
        return _cells(lon, lat, resolution)
    # numpy releases the GIL in its loops: halves run side by side on two cores.
    bounds = np.linspace(0, lon.size, THREADS + 1).astype(int)
    with ThreadPoolExecutor(THREADS) as pool:
        parts = pool.map(
            lambda i: _cells(
                lon[bounds[i] : bounds[i + 1]], lat[bounds[i] : bounds[i + 1]], resolution
            ),
            range(THREADS),
        )
        return np.concatenate(list(parts))


def _cells(lon: np.ndarray, lat: np.ndarray, resolution: int) -> np.ndarray:
    out = np.zeros(lon.size, dtype=np.uint64)
    if lon.size == 0:
        return out
    vectors = unit_vectors(lon, lat)
    mean = vectors.mean(axis=0)
    mean /= np.linalg.norm(mean) or 1.0
    spread = np.arccos(np.clip(_dot(vectors, mean).min(), -1.0, 1.0))
    angles = np.arccos(np.clip(face_centres() @ mean, -1.0, 1.0))
    candidate = np.flatnonzero(angles < FACE_RADIUS_RAD + spread + 0.01)
    nearest = int(np.argmin(angles))
    others = np.delete(angles, nearest)
    if angles[nearest] + spread + 1e-9 < others.min() - spread:
        # Every point is within `spread` of the mean, so (triangle inequality) nearer
        # the nearest face's centre than any other: no need to compare point by point.
        candidate = np.array([nearest])
    if candidate.size > 1:
        faces = _closest_face(vectors, candidate)
    else:
        faces = np.full(lon.size, candidate[0])
    fallback = np.zeros(lon.size, dtype=bool)
    present = np.flatnonzero(np.bincount(faces, minlength=20))
    for face in present:
        where = np.flatnonzero(faces == face) if present.size > 1 else slice(None)
        first = int(np.argmax(faces == face))
        seed = h3i.latlng_to_cell(float(lat[first]), float(lon[first]), resolution)
        lattice = _lattice(int(face), resolution, seed)
        if lattice is None:
            fallback[where] = True
            continue
        ints, near_edge = _round_hex(_project(vectors[where], lattice))
        cells, bad = _resolve(ints, lattice, resolution)
        out[where] = cells
        fallback[where] = near_edge | bad
    for i in np.flatnonzero(fallback):
        out[i] = h3i.latlng_to_cell(float(lat[i]), float(lon[i]), resolution)
    return out


def _resolve(ints: np.ndarray, lattice: _Lattice, resolution: int) -> tuple[np.ndarray, np.ndarray]:
    """H3 cells of lattice points, one h3 call per distinct point; flags the doubtful ones."""
    cells, _, _, bad, inverse = _resolve_distinct(ints, lattice, resolution)
    return cells[inverse], bad[inverse]


def _resolve_distinct(
    ints: np.ndarray, lattice: _Lattice, resolution: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per distinct lattice point: cell, its h3 centre (lon, lat), doubtful; and the inverse."""
    low = ints.min(axis=0)
    span = ints.max(axis=0) - low + 1
    keys = (ints[:, 0] - low[0]) * span[1] + (ints[:, 1] - low[1])
    if int(span[0]) * int(span[1]) <= DENSE_MAX:
        seen = np.zeros(int(span[0] * span[1]), dtype=bool)
        seen[keys] = True
        distinct = np.flatnonzero(seen)
        index = np.zeros(seen.size, dtype=np.int64)
        index[distinct] = np.arange(distinct.size)
        inverse = index[keys]
    else:
        distinct, inverse = np.unique(keys, return_inverse=True)
    points = np.stack([distinct // span[1] + low[0], distinct % span[1] + low[1]], axis=1)
    lon, lat = _unproject(points.astype(np.float64), lattice)
    cells = np.array(
        [
            h3i.latlng_to_cell(y, x, resolution)
            for x, y in zip(lon.tolist(), lat.tolist(), strict=True)
        ],
        dtype=np.uint64,
    )
    centres = np.array([h3i.cell_to_latlng(int(c))[::-1] for c in cells]).reshape(-1, 2)
    back = _project(unit_vectors(centres[:, 0], centres[:, 1]), lattice)
    on_face = _closest_face(unit_vectors(lon, lat), np.arange(20)) == lattice.face
    good = on_face & (np.abs(back - points).max(axis=1) < 1e-6)
    return cells, centres[:, 0], centres[:, 1], ~good, inverse


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
    corners_lon = np.concatenate([west, east, east, west])
    corners_lat = np.concatenate([south, south, north, north])
    vectors = unit_vectors(corners_lon, corners_lat)
    corner_faces = _closest_face(vectors, np.arange(20)).reshape(4, -1)
    face = corner_faces[0]
    same = (corner_faces == face).all(axis=0)
    boxes, cells, lons, lats = [], [], [], []
    for f in np.unique(face[same]):
        chosen = np.flatnonzero(same & (face == f))
        seed = h3i.latlng_to_cell(float(south[chosen[0]]), float(west[chosen[0]]), resolution)
        lattice = _lattice(int(f), resolution, seed)
        if lattice is None:
            same[chosen] = False
            continue
        rows = np.concatenate([chosen + i * west.size for i in range(4)])
        mn = _project(vectors[rows], lattice).reshape(4, chosen.size, 2)
        low = np.floor(mn.min(axis=0)).astype(np.int64)
        high = np.ceil(mn.max(axis=0)).astype(np.int64)
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
