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

import itertools
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
THREADS = 2  # numpy releases the GIL in its loops: blocks run side by side
BLOCK = 1 << 16  # elements per block: small temporaries stay in cache and are reused


def in_blocks(work, n: int, block: int = BLOCK) -> list:
    """``work(lo, hi)`` for consecutive blocks of ``range(n)``, in order, on THREADS threads.

    Small blocks keep numpy's temporaries small (reused by the allocator rather than
    fetched from the system each time); ``work`` must only write its own block's slots.
    """
    spans = [(lo, min(lo + block, n)) for lo in range(0, n, block)]
    if len(spans) <= 1:
        return [work(lo, hi) for lo, hi in spans]
    with ThreadPoolExecutor(THREADS) as pool:
        return list(pool.map(lambda span: work(*span), spans))


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
    cells, code = cell_codes(lon, lat, resolution)
    return cells[code]


def cell_codes(lon: np.ndarray, lat: np.ndarray, resolution: int) -> tuple[np.ndarray, np.ndarray]:
    """The points' cells as ``(cells, code)``: point i lies in ``cells[code[i]]``.

    ``cells`` is sorted and distinct (it may hold a cell no point lies in). Cheaper than
    :func:`latlng_to_cells` followed by a sort when the cells are to be counted.
    """
    lon = np.asarray(lon, dtype=np.float64).ravel()
    lat = np.asarray(lat, dtype=np.float64).ravel()
    if lon.shape != lat.shape:
        raise ValueError("lon and lat differ in length")
    if not 0 <= resolution <= 15:
        raise ValueError(f"resolution {resolution} is not 0–15")
    if not (np.isfinite(lon).all() and np.isfinite(lat).all()):
        raise ValueError("coordinates include NaN or infinity")
    threads = THREADS if lon.size >= PARALLEL_MIN else 1
    bounds = np.linspace(0, lon.size, threads + 1).astype(int)
    halves = [(lon[lo:hi], lat[lo:hi]) for lo, hi in itertools.pairwise(bounds.tolist())]
    if threads == 1:
        parts = [_cells(*halves[0], resolution)]
    else:  # numpy releases the GIL in its loops: halves run side by side on two cores
        with ThreadPoolExecutor(threads) as pool:
            parts = list(pool.map(lambda half: _cells(*half, resolution), halves))
    cells, inverse = np.unique(np.concatenate([p[0] for p in parts]), return_inverse=True)
    offsets = np.cumsum([0] + [p[0].size for p in parts])
    code = np.concatenate([inverse[o + p[1]] for o, p in zip(offsets, parts, strict=False)])
    return cells, code.astype(np.int64)


def _cells(lon: np.ndarray, lat: np.ndarray, resolution: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct cells (unsorted) and each point's position among them."""
    code = np.zeros(lon.size, dtype=np.int64)
    if lon.size == 0:
        return np.zeros(0, dtype=np.uint64), code
    vectors = unit_vectors(lon, lat)
    faces = nearest_faces(vectors)
    fallback = np.zeros(lon.size, dtype=bool)
    present = np.flatnonzero(np.bincount(faces, minlength=20))
    pieces = []
    for face in present:
        where = np.flatnonzero(faces == face) if present.size > 1 else slice(None)
        first = int(np.argmax(faces == face))
        seed = h3i.latlng_to_cell(float(lat[first]), float(lon[first]), resolution)
        lattice = _lattice(int(face), resolution, seed)
        if lattice is None:
            fallback[where] = True
            continue
        ints, near_edge = _round_hex(_project(vectors[where], lattice))
        cells, _, _, bad, inverse = _resolve_distinct(ints, lattice, resolution)
        code[where] = inverse + sum(p.size for p in pieces)
        pieces.append(cells)
        fallback[where] = near_edge | bad[inverse]
    missed = np.flatnonzero(fallback)
    code[missed] = sum(p.size for p in pieces) + np.arange(missed.size)
    pieces.append(
        np.array(
            [h3i.latlng_to_cell(float(lat[i]), float(lon[i]), resolution) for i in missed],
            dtype=np.uint64,
        )
    )
    return np.concatenate(pieces), code


def nearest_faces(vectors: np.ndarray) -> np.ndarray:
    """The icosahedron face (0–19) whose centre is nearest each unit vector, as h3 picks it."""
    mean = np.array([vectors[:, axis].mean() for axis in range(3)])  # any reference will do
    mean /= np.linalg.norm(mean) or 1.0
    spread = np.arccos(np.clip(_dot(vectors, mean).min(), -1.0, 1.0))
    angles = np.arccos(np.clip(face_centres() @ mean, -1.0, 1.0))
    candidate = np.flatnonzero(angles < FACE_RADIUS_RAD + spread + 0.01)
    nearest = int(np.argmin(angles))
    others = np.delete(angles, nearest)
    if angles[nearest] + spread + 1e-9 < others.min() - spread:
        # Every point is within `spread` of the mean, so (triangle inequality) nearer
        # the nearest face's centre than any other: no need to compare point by point.
        return np.full(len(vectors), nearest)
    return _closest_face(vectors, candidate)


def _resolve_distinct(
    ints: np.ndarray, lattice: _Lattice, resolution: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per distinct lattice point: cell, its h3 centre (lon, lat), doubtful; and the inverse."""
    # Column by column: a reduction along axis 0 of an (N, 2) array is many times slower.
    columns = (ints[:, 0], ints[:, 1])
    low = np.array([c.min() for c in columns])
    span = np.array([c.max() for c in columns]) - low + 1
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
    to_cell, to_latlng = h3i.latlng_to_cell, h3i.cell_to_latlng
    found = [to_cell(y, x, resolution) for x, y in zip(lon.tolist(), lat.tolist(), strict=True)]
    cells = np.array(found, dtype=np.uint64)
    centres = np.array([to_latlng(c) for c in found]).reshape(-1, 2)[:, ::-1]
    back = _project(unit_vectors(centres[:, 0], centres[:, 1]), lattice)
    on_face = _closest_face(unit_vectors(lon, lat), np.arange(20)) == lattice.face
    good = on_face & (np.abs(back - points).max(axis=1) < 1e-6)
    return cells, centres[:, 0], centres[:, 1], ~good, inverse


def joined(parts: list[np.ndarray]) -> np.ndarray:
    """The parts end to end (without copying a lone non-empty part)."""
    full = [p for p in parts if p.size]
    return full[0] if len(full) == 1 else np.concatenate(parts)


def distinct_pairs(i_parts: list[np.ndarray], j_parts: list[np.ndarray]) -> tuple:
    """Distinct (i, j) integer pairs of the parts, and ``encode``: ``encode(table, n)``
    gives ``table[position of the pair]`` for the elements of the first n parts, end to
    end (so a relabelling of the distinct pairs costs one pass over the elements)."""
    low_i = min(int(p.min()) for p in i_parts if p.size)
    low_j = min(int(p.min()) for p in j_parts if p.size)
    span = max(int(p.max()) for p in j_parts if p.size) - low_j + 1
    size = (max(int(p.max()) for p in i_parts if p.size) - low_i + 1) * span
    if size > 1 << 25:
        sizes = np.cumsum([0] + [p.size for p in i_parts])
        keys = (np.concatenate(i_parts) - low_i) * span + (np.concatenate(j_parts) - low_j)
        distinct, code = np.unique(keys, return_inverse=True)
        return (
            distinct // span + low_i,
            distinct % span + low_j,
            lambda table, n: table[code[: sizes[n]]],
        )
    seen = np.zeros(size, dtype=bool)
    pairs = list(zip(i_parts, j_parts, strict=True))

    def mark(lo: int, hi: int) -> list[np.ndarray]:
        out = []
        for i, j in pairs[lo:hi]:
            keys = i - low_i
            keys *= span
            keys += j - low_j
            seen[keys] = True  # every thread writes True only: order does not matter
            out.append(keys)
        return out

    keys = [k for part in in_blocks(mark, len(pairs), 1) for k in part]
    distinct = np.flatnonzero(seen)

    def encode(table: np.ndarray, n: int) -> np.ndarray:
        full = np.zeros(size, dtype=table.dtype)
        full[distinct] = table
        return joined(in_blocks(lambda lo, hi: full[keys[lo]], n, 1))

    return distinct // span + low_i, distinct % span + low_j, encode
