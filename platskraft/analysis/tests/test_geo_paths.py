"""Routes on the grid (geo.paths) against a plain loop of h3 calls: pure, no database."""

import itertools

import h3
import h3.api.basic_int as h3i
import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, MultiLineString

from platskraft.analysis.geo.paths import NUDGE, route_cells, segment_cells

KRAMFORS = (17.78, 62.93)


def grid_line(a, b):
    """The definition, written out again: cube steps in a's local IJ frame, h3 calls."""
    try:
        i0, j0 = h3i.cell_to_local_ij(a, a)
        i1, j1 = h3i.cell_to_local_ij(a, b)
    except h3.H3BaseException:
        return [a, b]
    start, end = (-i0, j0, i0 - j0), (-i1, j1, i1 - j1)
    d = max(abs(e - s) for s, e in zip(start, end, strict=True))
    out = []
    for n in range(d + 1):
        at = [
            (s + nudge) + ((e - s) / max(d, 1)) * n
            for s, e, nudge in zip(start, end, NUDGE, strict=True)
        ]
        r = [round(v) for v in at]
        off = [abs(x - v) for x, v in zip(r, at, strict=True)]
        if off[0] > off[1] and off[0] > off[2]:
            r[0] = -r[1] - r[2]
        elif off[1] > off[2]:
            r[1] = -r[0] - r[2]
        try:
            out.append(h3i.local_ij_to_cell(a, -r[0], r[1]))
        except h3.H3BaseException:
            return [a, b]
    return out


def reference(lines, res):
    hits = set()
    for feature, line in enumerate(lines):
        for part in shapely.get_parts(line):
            cells = [h3i.latlng_to_cell(y, x, res) for x, y in part.coords]
            hits |= {(feature, c) for c in cells}
            for a, b in itertools.pairwise(cells):
                hits |= {(feature, c) for c in grid_line(a, b)}
    return hits


def got(lines, res):
    feature, code, cells = route_cells(np.array(lines, dtype=object), res)
    assert (np.diff(cells.astype(np.float64)) > 0).all()  # distinct and sorted
    return set(zip(feature.tolist(), cells[code].tolist(), strict=True))


def random_lines(rng, centre, spread, n, res_vertices=(2, 6)):
    vertices = rng.integers(*res_vertices, n)
    owner = np.repeat(np.arange(n), vertices)
    x = centre[0] + rng.uniform(-spread, spread, n)[owner] + rng.normal(0, spread / 10, owner.size)
    y = centre[1] + rng.uniform(-spread, spread, n)[owner] + rng.normal(0, spread / 10, owner.size)
    return list(shapely.linestrings(np.column_stack([x, y]), indices=owner))


@pytest.mark.parametrize(
    ("res", "centre", "spread"),
    [
        (9, KRAMFORS, 0.05),  # Kramfors lies in a pentagon's base cell (4)
        (9, KRAMFORS, 0.3),
        (7, (0.0, 0.0), 5.0),  # several base cells, one of them a pentagon's
        (5, (10.0, 50.0), 3.0),
        (12, (-122.4, 37.7), 0.01),
        (3, (60.0, 20.0), 25.0),  # long lines over several faces
    ],
)
def test_route_cells_equal_a_loop_of_h3_calls(res, centre, spread):
    lines = random_lines(np.random.default_rng(res), centre, spread, 800)
    assert got(lines, res) == reference(lines, res)


def test_lines_crossing_a_face_edge_equal_the_loop():
    # Points on both sides of the edge between two icosahedron faces (found through h3).
    rng = np.random.default_rng(7)
    lon = rng.uniform(-180, 180, 4000)
    lat = rng.uniform(-60, 60, 4000)
    faces = [
        h3i.get_icosahedron_faces(h3i.latlng_to_cell(y, x, 6))
        for x, y in zip(lon, lat, strict=True)
    ]
    on_edge = [i for i, f in enumerate(faces) if len(f) > 1][:40]
    assert on_edge
    lines = [
        LineString([(lon[i] - 0.2, lat[i] - 0.1), (lon[i] + 0.2, lat[i] + 0.1)]) for i in on_edge
    ]
    assert got(lines, 6) == reference(lines, 6)


def test_a_segment_inside_one_cell_touches_that_cell_only():
    cell = h3i.latlng_to_cell(KRAMFORS[1], KRAMFORS[0], 9)
    lat, lon = h3i.cell_to_latlng(cell)
    line = LineString([(lon, lat), (lon + 0.0002, lat + 0.0001)])
    assert got([line], 9) == {(0, cell)}


def test_a_route_along_a_cell_edge_equals_the_loop():
    cell = h3i.latlng_to_cell(KRAMFORS[1], KRAMFORS[0], 9)
    corners = [(lon, lat) for lat, lon in h3i.cell_to_boundary(cell)]
    lines = [LineString([corners[i], corners[i + 1]]) for i in range(len(corners) - 1)]
    lines.append(LineString(corners))  # round the hexagon's outline
    assert got(lines, 9) == reference(lines, 9)


def test_a_line_is_a_chain_of_neighbours_as_long_as_the_grid_distance():
    a = h3i.latlng_to_cell(62.90, 17.70, 9)
    b = h3i.latlng_to_cell(62.95, 17.85, 9)
    line = segment_cells(a, b)
    assert line[0] == a and line[-1] == b
    assert len(line) == h3i.grid_distance(a, b) + 1
    assert all(h3i.are_neighbor_cells(x, y) for x, y in itertools.pairwise(line))


def test_parts_are_not_joined_and_repeated_vertices_are_harmless():
    left = [(17.70, 62.90), (17.70, 62.90), (17.72, 62.90)]
    right = [(17.80, 62.90), (17.82, 62.91)]
    hits = got([MultiLineString([left, right])], 9)
    assert hits == reference([MultiLineString([left, right])], 9)
    middle = h3i.latlng_to_cell(62.90, 17.76, 9)
    assert (0, middle) not in hits


def test_empty_input_touches_nothing():
    for lines in ([], [LineString()]):
        feature, code, cells = route_cells(np.array(lines, dtype=object), 9)
        assert feature.size == code.size == cells.size == 0
    feature, code, cells = route_cells(
        np.array([LineString(), LineString([(17.7, 62.9), (17.71, 62.9)])], dtype=object), 9
    )
    assert set(feature.tolist()) == {1}


@pytest.mark.parametrize(("res", "centre", "spread"), [(9, KRAMFORS, 0.3), (3, (60.0, 20.0), 25.0)])
def test_an_order_changes_only_the_order_of_the_hits(res, centre, spread):
    rng = np.random.default_rng(11)
    lines = random_lines(rng, centre, spread, 600)
    lines[5] = MultiLineString([[(17.7, 62.9), (17.8, 62.95)], [(17.9, 62.9), (17.95, 62.92)]])
    order = rng.permutation(len(lines))
    feature, code, cells = route_cells(np.array(lines, dtype=object), res, order=order)
    assert set(zip(feature.tolist(), cells[code].tolist(), strict=True)) == reference(lines, res)
    rank = np.argsort(order)
    assert (np.diff(rank[feature]) >= 0).mean() > 0.9  # mostly line by line in that order
