"""Routes on the H3 grid: the cells a line passes through, drawn in grid space, vectorised.

**Definition.** A route (or boundary) *touches* the cells of its vertices
(``h3.latlng_to_cell``) and, for each straight segment between consecutive vertices, the
cells of the *grid line* between the two vertex cells: in the start cell's local IJ
coordinates (``h3.cell_to_local_ij(start, ·)``), as cube coordinates ``(−I, J, I − J)``,
the line has ``d + 1`` steps (``d`` = grid distance, the largest change of a cube
coordinate); step ``n`` is ``(start + NUDGE) + ((end − start) / d) · n``, evaluated in
that order in float64, rounded to the nearest cube point (the coordinate that rounded
furthest is recomputed from the other two) and turned back into a cell
(``h3.local_ij_to_cell``). ``NUDGE`` is a fixed offset of a millionth of a cell so that
no step lies exactly between two cells. This is the classic hexagon line, as
``h3.grid_path_cells`` draws it, but with ties broken by a fixed rule (h3 documents its
own output as not stable across versions, and breaks ties by floating-point accident).
Where h3 cannot give local coordinates (across a pentagon, or too far), the segment
touches its two end cells only. Multi-part lines are split into their parts.

**How.** On one icosahedron face, local IJ coordinates are an integer affine function of
the face's hexagonal lattice (see geo.grid), the same for every start cell in one frame
(base cell; for a pentagon's base cell also the leading digit). We round every vertex onto
its face lattice (points within 1e-7 of an edge, or whose lattice point does not
round-trip, are asked of h3 and mapped back); per face and frame fit the affine map to the
start cell's neighbours; step and round all segments at once with the same float64
operations; turn each distinct lattice point into its cell with one h3 call; and check that
``h3.cell_to_local_ij`` of every cell used equals the predicted coordinates. A segment
whose ends are on different faces, or with a cell that fails a check, is drawn by
:func:`segment_cells` (h3 calls) instead, so both ways give the same cells (the tests
compare them with a plain h3 loop). Pure: numpy, shapely and h3.
"""

from __future__ import annotations

from functools import cache

import h3
import h3.api.basic_int as h3i
import numpy as np
import shapely

from platskraft.analysis.geo.grid import (
    _Lattice,
    _lattice,
    _project,
    _resolve_distinct,
    _round_hex,
    distinct_pairs,
    in_blocks,
    joined,
    nearest_faces,
    unit_vectors,
)

LINESTRING = 1  # shapely's type id
NUDGE = (1e-6, 2e-6, -3e-6)  # cube units: added to every line's start; sums to 0
ROUND_TRIP = 1e-6  # lattice units: a cell centre must project this close to its point
BLOCK_SEGMENTS = 1 << 14  # segments per block (about 4 cells each)
FRAMES = 122 * 8  # local IJ frames: base cell × leading digit (pentagon base cells only)


@cache
def _pentagon_bases() -> np.ndarray:
    bases = np.zeros(122, dtype=bool)
    bases[[h3i.get_base_cell_number(c) for c in h3i.get_pentagons(0)]] = True
    return bases


def _frame(cells: np.ndarray, resolution: int) -> np.ndarray:
    """The local IJ frame of each origin cell: its base cell, and for a pentagon's base
    cell also its leading non-zero digit (h3 rotates coordinates by it)."""
    base = ((cells >> np.uint64(45)) & np.uint64(127)).astype(np.int64)
    pentagon = _pentagon_bases()[base]
    leading = np.zeros(cells.size, dtype=np.int64)
    if resolution and pentagon.any():
        # The digits as one integer; the leading non-zero digit is its top 3-bit group,
        # found from the bit length (frexp's exponent, exact below 2**53).
        digits = (cells[pentagon] >> np.uint64(3 * (15 - resolution))) & np.uint64(
            (1 << (3 * resolution)) - 1
        )
        _, length = np.frexp(digits.astype(np.float64))
        shift = (np.maximum(length, 1) - 1) // 3 * 3
        leading[pentagon] = (digits >> shift.astype(np.uint64)) & np.uint64(7)
    return base * 8 + leading


def route_cells(
    lines: np.ndarray, resolution: int, *, order: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The cells each line touches (see the module doc) as ``(feature, code, cells)``.

    ``cells`` are the distinct H3 cells (uint64, sorted); hit i is line ``feature[i]``
    touching ``cells[code[i]]``. A line may touch a cell more than once (a route that
    comes back); empty lines touch nothing. ``order`` (a permutation of the lines) only
    changes the order of the hits: mostly line by line in that order.
    """
    lines = np.asarray(lines, dtype=object).ravel()
    empty = np.zeros(0, dtype=np.int64)
    if (shapely.get_type_id(lines) == LINESTRING).all():
        parts, owner = lines, np.arange(lines.size)  # nothing to split
    else:
        parts, owner = shapely.get_parts(lines, return_index=True)
    coords, part = shapely.get_coordinates(parts, return_index=True)
    if coords.shape[0] == 0:
        return empty, empty, np.zeros(0, dtype=np.uint64)
    lon, lat = coords[:, 0], coords[:, 1]
    face, ints, cell, fit, lattices = _vertices(lon, lat, resolution)
    start = np.flatnonzero(part[:-1] == part[1:])  # segment: vertex start → start + 1
    lone = np.flatnonzero(np.bincount(part, minlength=len(parts)) == 1)  # a single vertex
    opens = np.ones(start.size, dtype=bool)  # first segment of its part
    opens[1:] = part[start[1:]] != part[start[:-1]]
    end = start + 1
    fast = fit[start] & fit[end] & (face[start] == face[end])
    group = np.where(fast, face[start] * FRAMES + _frame(cell[start], resolution), -1)

    seg_owner = owner[part[start]]
    sequence = None if order is None else _in_order(seg_owner, np.asarray(order), lines.size)
    hit_feature, hit_cells, hit_code = [], [], []
    slow = ~fast
    for key in np.flatnonzero(np.bincount(group[fast], minlength=1)):
        if sequence is None:
            chosen = np.flatnonzero(group == key)
        else:
            chosen = sequence[group[sequence] == key]
        lattice = lattices[int(key // FRAMES)]
        done = _trace(chosen, start, opens, ints, cell, lattice, resolution)
        if done is None:
            slow[chosen] = True
            continue
        seg, encode, cells, failed = done
        keep = None
        if failed.any():
            keep = ~failed[seg]
            seg = seg[keep]
            slow[chosen[failed]] = True
        hit_feature.append(seg_owner[chosen][seg])
        hit_code.append((encode, sum(c.size for c in hit_cells), cells.size, keep))
        hit_cells.append(cells)
    extra_feature, extra_cells = [], []
    for s in np.flatnonzero(slow):
        path = segment_cells(int(cell[start[s]]), int(cell[end[s]]))
        extra_feature.extend([int(owner[part[start[s]]])] * len(path))
        extra_cells.extend(path)
    for v in lone:  # a part of one vertex (not a valid line, but harmless)
        index = int(np.searchsorted(part, v))
        extra_feature.append(int(owner[v]))
        extra_cells.append(int(cell[index]))
    base_cells = np.concatenate([*hit_cells, np.array(extra_cells, dtype=np.uint64)])
    cells, inverse = np.unique(base_cells, return_inverse=True)
    offset = sum(c.size for c in hit_cells)
    codes = []
    for encode, first, size, keep in hit_code:  # each hit relabelled once, to the final code
        code = encode(inverse[first : first + size])
        codes.append(code if keep is None else code[keep])
    code = joined([*codes, inverse[offset:]])
    feature = joined([*hit_feature, np.array(extra_feature, dtype=np.int64)])
    return feature.astype(np.int64, copy=False), code.astype(np.int64, copy=False), cells


def _in_order(seg_owner: np.ndarray, order: np.ndarray, n: int) -> np.ndarray:
    """All segments, line by line in ``order`` (a line's segments are consecutive)."""
    count = np.bincount(seg_owner, minlength=n)
    first = np.cumsum(count) - count
    lengths = count[order]
    shift = np.repeat(first[order] - (np.cumsum(lengths) - lengths), lengths)
    return np.arange(shift.size) + shift


def segment_cells(start: int, end: int) -> list[int]:
    """The grid line between two cells by the module's definition, with h3 calls."""
    try:
        i0, j0 = h3i.cell_to_local_ij(start, start)
        i1, j1 = h3i.cell_to_local_ij(start, end)
    except h3.H3BaseException:
        return [start, end]
    a = (-i0, j0, i0 - j0)
    b = (-i1, j1, i1 - j1)
    d = max(abs(b[0] - a[0]), abs(b[1] - a[1]), abs(b[2] - a[2]))
    step = [(b[q] - a[q]) / max(d, 1) for q in range(3)]
    out = []
    for n in range(d + 1):
        v = [(a[q] + NUDGE[q]) + step[q] * n for q in range(3)]
        r = [round(x) for x in v]
        off = [abs(r[q] - v[q]) for q in range(3)]
        if off[0] > off[1] and off[0] > off[2]:
            r[0] = -r[1] - r[2]
        elif off[1] > off[2]:
            r[1] = -r[0] - r[2]
        try:
            out.append(h3i.local_ij_to_cell(start, -r[0], r[1]))
        except h3.H3BaseException:
            return [start, end]
    return out


def _vertices(
    lon: np.ndarray, lat: np.ndarray, resolution: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict[int, _Lattice]]:
    """Per vertex: face, lattice point, H3 cell (always exact) and whether the point fits."""
    n = lon.size
    face = np.zeros(n, dtype=np.int64)
    lattices: dict[int, _Lattice] = {}
    ints = np.zeros((n, 2), dtype=np.int64)
    near_edge = np.ones(n, dtype=bool)  # stays set where the face has no lattice

    def add_lattice(f: int) -> None:
        first = int(np.argmax(face == f))
        seed = h3i.latlng_to_cell(float(lat[first]), float(lon[first]), resolution)
        lattice = _lattice(f, resolution, seed)
        if lattice is not None:
            lattices[f] = lattice

    def round_block(lo: int, hi: int) -> bool:
        """Faces of the block, and lattice points on the first vertex's face."""
        vectors = unit_vectors(lon[lo:hi], lat[lo:hi])
        face[lo:hi] = faces = nearest_faces(vectors)
        lattice = lattices.get(int(face[0]))
        if lattice is None:
            return True
        mine = faces == lattice.face
        if mine.all():
            ints[lo:hi], near_edge[lo:hi] = _round_hex(_project(vectors, lattice))
            return False
        at = np.flatnonzero(mine)
        ints[lo + at], near_edge[lo + at] = _round_hex(_project(vectors[at], lattice))
        return True

    face[0] = nearest_faces(unit_vectors(lon[:1], lat[:1]))[0]
    add_lattice(int(face[0]))
    if any(in_blocks(round_block, n)):  # other faces: one pass per face (rare)
        vectors = unit_vectors(lon, lat)
        for f in np.flatnonzero(np.bincount(face, minlength=20)):
            if f == face[0]:
                continue
            add_lattice(int(f))
            if int(f) in lattices:
                at = np.flatnonzero(face == f)
                rounded, near = _round_hex(_project(vectors[at], lattices[int(f)]))
                ints[at], near_edge[at] = rounded, near
    cell = np.zeros(n, dtype=np.uint64)
    fit = np.zeros(n, dtype=bool)
    for f, lattice in lattices.items():
        mine = face == f
        where = slice(None) if mine.all() else np.flatnonzero(mine)
        cells, _, _, bad, inverse = _resolve_distinct(ints[where], lattice, resolution)
        cell[where] = cells[inverse]
        fit[where] = ~(near_edge[where] | bad[inverse])
    for i in np.flatnonzero(~fit):
        cell[i] = h3i.latlng_to_cell(float(lat[i]), float(lon[i]), resolution)
        lattice = lattices.get(int(face[i]))
        if lattice is None:
            continue
        c_lat, c_lon = h3i.cell_to_latlng(int(cell[i]))
        centre = unit_vectors(np.array([c_lon]), np.array([c_lat]))
        mn = _project(centre, lattice)[0]
        point = np.rint(mn)
        if nearest_faces(centre)[0] == face[i] and np.abs(mn - point).max() < ROUND_TRIP:
            ints[i] = point.astype(np.int64)
            fit[i] = True
    return face, ints, cell, fit, lattices


def _ij_map(origin: int, point: np.ndarray, lattice: _Lattice) -> np.ndarray | None:
    """Integer M with IJ(p) = IJ(origin) + (p − point) @ M, fitted on origin's neighbours."""
    try:
        ring = h3i.grid_ring(origin, 1)
        here = np.array(h3i.cell_to_local_ij(origin, origin))
        ij = np.array([h3i.cell_to_local_ij(origin, c) for c in ring]) - here
    except h3.H3BaseException:
        return None
    centres = np.array([h3i.cell_to_latlng(c)[::-1] for c in ring])
    mn = _project(unit_vectors(centres[:, 0], centres[:, 1]), lattice)
    steps = np.rint(mn) - point
    if np.abs(mn - np.rint(mn)).max() > ROUND_TRIP:
        return None
    fit, *_ = np.linalg.lstsq(steps, ij.astype(np.float64), rcond=None)
    matrix = np.rint(fit).astype(np.int64)
    if (
        not np.array_equal(steps.astype(np.int64) @ matrix, ij)
        or abs(round(np.linalg.det(matrix))) != 1
    ):
        return None
    return matrix


def _trace(
    chosen: np.ndarray,
    start: np.ndarray,
    opens: np.ndarray,
    ints: np.ndarray,
    cell: np.ndarray,
    lattice: _Lattice,
    resolution: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Grid lines of segments that share a face and a local IJ frame.

    Returns ``(seg, encode, cells, failed)``: hit i is segment ``chosen[seg[i]]``
    touching ``cells[code[i]]``, where ``encode(table)`` gives ``table[code]`` for all hits
    at once; ``failed`` marks segments whose cells did not all check out.
    """
    origin = int(cell[start[chosen[0]]])
    point = ints[start[chosen[0]]]
    matrix = _ij_map(origin, point, lattice)
    if matrix is None:
        return None
    here = np.array(h3i.cell_to_local_ij(origin, origin))

    def steps(lo: int, hi: int) -> tuple[np.ndarray, ...]:
        ends = []
        for vertex in (start[chosen[lo:hi]], start[chosen[lo:hi]] + 1):
            dm, dn = ints[vertex, 0] - point[0], ints[vertex, 1] - point[1]
            ends.append(
                (
                    here[0] + dm * matrix[0, 0] + dn * matrix[1, 0],
                    here[1] + dm * matrix[0, 1] + dn * matrix[1, 1],
                )
            )
        (i_a, j_a), (i_b, j_b) = ends
        # Cube coordinates of local IJ: (−I, J, I − J).
        cube_a = (-i_a, j_a, i_a - j_a)
        delta = (i_a - i_b, j_b - j_a, (i_b - j_b) - (i_a - j_a))
        distance = np.maximum(np.maximum(np.abs(delta[0]), np.abs(delta[1])), np.abs(delta[2]))
        skip = (~opens[chosen[lo:hi]]).astype(np.int64)  # the vertex the last segment ends on
        counts = distance + 1 - skip
        seg = np.repeat(np.arange(lo, hi), counts)
        n = np.arange(seg.size) - np.repeat(np.cumsum(counts) - counts - skip, counts)
        n = n.astype(np.float64)
        rounded, off = [], []
        for axis in range(3):
            step = delta[axis] / np.maximum(distance, 1)
            v = np.repeat(cube_a[axis] + NUDGE[axis], counts) + np.repeat(step, counts) * n
            r = np.rint(v)
            rounded.append(r)
            off.append(np.abs(r - v))
        fix_x = (off[0] > off[1]) & (off[0] > off[2])
        fix_y = ~fix_x & (off[1] > off[2])
        ij_i = -np.where(fix_x, -rounded[1] - rounded[2], rounded[0]).astype(np.int64)
        ij_j = np.where(fix_y, -rounded[0] - rounded[2], rounded[1]).astype(np.int64)
        return seg, ij_i, ij_j, i_a, j_a

    blocks = in_blocks(steps, chosen.size, BLOCK_SEGMENTS)
    seg = joined([b[0] for b in blocks])
    # The segments' start points are checked too (a skipped start is another's end).
    ij_i = [b[1] for b in blocks] + [b[3] for b in blocks]
    ij_j = [b[2] for b in blocks] + [b[4] for b in blocks]
    distinct_i, distinct_j, encode = distinct_pairs(ij_i, ij_j)
    inverse = np.rint(np.linalg.inv(matrix)).astype(np.int64)
    di, dj = distinct_i - here[0], distinct_j - here[1]
    points = np.stack(
        [
            point[0] + di * inverse[0, 0] + dj * inverse[1, 0],
            point[1] + di * inverse[0, 1] + dj * inverse[1, 1],
        ],
        axis=1,
    )
    cells, _, _, bad, again = _resolve_distinct(points, lattice, resolution)
    cells, bad = cells[again], bad[again]  # back in the order of the distinct points
    for i in np.flatnonzero(~bad):
        try:
            found = h3i.cell_to_local_ij(origin, int(cells[i]))
        except h3.H3BaseException:
            found = None
        bad[i] = found != (distinct_i[i], distinct_j[i])
    failed = np.zeros(chosen.size, dtype=bool)
    if bad.any():
        bad_at = encode(bad, len(ij_i))
        failed = bad_at[seg.size :]
        failed[seg[bad_at[: seg.size]]] = True
    hit_blocks = len(blocks)
    return seg, lambda table: encode(table, hit_blocks), cells, failed
