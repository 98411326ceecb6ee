"""Mental-map aggregation against hand-made cases and plain h3/shapely: pure, no database."""

import itertools

import h3.api.basic_int as h3i
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Polygon

from platskraft.analysis.geo.boxes import centres_in_boxes
from platskraft.analysis.geo.grid import latlng_to_cells
from platskraft.analysis.geo.hexagons import (
    aggregate_hits,
    boundary_density,
    cells_to_features,
    consensus_shares,
    corridor_density,
    feature_collection,
    point_counts,
    round_difference,
)
from platskraft.analysis.geo.paths import segment_cells

RES = 9
KRAMFORS = (17.78, 62.93)


def cell_at(lon, lat, res=RES):
    return h3i.latlng_to_cell(lat, lon, res)


def centre(cell):
    lat, lon = h3i.cell_to_latlng(cell)
    return lon, lat


def table_dict(table):
    return {
        (int(c), int(cell)): (int(n), int(d), int(layer), bool(h))
        for c, cell, n, d, layer, h in zip(
            table.category,
            table.cell,
            table.respondents,
            table.drawings,
            table.layer_respondents,
            table.hidden,
            strict=True,
        )
    }


# --- the grid ---------------------------------------------------------------------------


@pytest.mark.parametrize("res", [0, 5, 9, 12, 15])
def test_cells_equal_h3_on_random_points_worldwide(res):
    rng = np.random.default_rng(res)
    lon = rng.uniform(-180, 180, 3000)
    lat = np.rad2deg(np.arcsin(rng.uniform(-1, 1, 3000)))
    expected = [h3i.latlng_to_cell(b, a, res) for a, b in zip(lon, lat, strict=True)]
    assert latlng_to_cells(lon, lat, res).tolist() == expected


def test_cells_equal_h3_densely_around_kramfors_and_on_cell_corners():
    rng = np.random.default_rng(1)
    lon = KRAMFORS[0] + rng.uniform(-0.5, 0.5, 50_000)
    lat = KRAMFORS[1] + rng.uniform(-0.25, 0.25, 50_000)
    corners = np.array(h3i.cell_to_boundary(cell_at(*KRAMFORS)))  # exactly on edges
    lon = np.concatenate([lon, corners[:, 1]])
    lat = np.concatenate([lat, corners[:, 0]])
    expected = [h3i.latlng_to_cell(b, a, RES) for a, b in zip(lon, lat, strict=True)]
    assert latlng_to_cells(lon, lat, RES).tolist() == expected


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-179.9, 179.9), st.floats(-89.9, 89.9)), min_size=1, max_size=30),
    st.integers(0, 15),
)
def test_cells_equal_h3_property(points, res):
    lon, lat = np.array(points).T
    expected = [h3i.latlng_to_cell(b, a, res) for a, b in points]
    assert latlng_to_cells(lon, lat, res).tolist() == expected


def test_bad_coordinates_are_refused():
    with pytest.raises(ValueError, match="NaN"):
        latlng_to_cells(np.array([np.nan]), np.array([60.0]), RES)
    with pytest.raises(ValueError, match="resolution"):
        latlng_to_cells(np.array([17.0]), np.array([60.0]), 16)
    assert latlng_to_cells(np.array([]), np.array([]), RES).size == 0


def test_centres_in_boxes_equal_h3_polygon_to_cells():
    rng = np.random.default_rng(2)
    west = KRAMFORS[0] + rng.uniform(-0.3, 0.3, 200)
    south = KRAMFORS[1] + rng.uniform(-0.1, 0.1, 200)
    east, north = west + rng.uniform(0, 0.03, 200), south + rng.uniform(0, 0.015, 200)
    box, cell, _, _ = centres_in_boxes(west, south, east, north, RES)
    expected = {
        (i, c)
        for i in range(200)
        for c in h3i.polygon_to_cells(
            h3i.LatLngPoly(
                [(south[i], west[i]), (south[i], east[i]), (north[i], east[i]), (north[i], west[i])]
            ),
            RES,
        )
    }
    assert set(zip(box.tolist(), cell.tolist(), strict=True)) == expected


@pytest.mark.parametrize(
    ("resolution", "lat", "size"),
    [(9, 62.9, 0.002), (7, 62.9, 0.3), (5, 70.0, 3.0), (6, 84.0, 2.0), (4, -45.0, 8.0)],
)
def test_centres_in_boxes_equal_h3_for_large_and_high_boxes(resolution, lat, size):
    # Parallels bow out in the gnomonic plane: wide boxes far north must still find every
    # centre near their north and south edges.
    rng = np.random.default_rng(resolution)
    west = 17.0 + rng.uniform(-1, 1, 40)
    south = lat + rng.uniform(-0.5, 0.5, 40)
    east, north = west + size * rng.uniform(0.2, 1, 40), south + size * rng.uniform(0.05, 0.3, 40)
    box, cell, _, _ = centres_in_boxes(west, south, east, north, resolution)
    expected = {
        (i, c)
        for i in range(40)
        for c in h3i.polygon_to_cells(
            h3i.LatLngPoly(
                [(south[i], west[i]), (south[i], east[i]), (north[i], east[i]), (north[i], west[i])]
            ),
            resolution,
        )
    }
    assert set(zip(box.tolist(), cell.tolist(), strict=True)) == expected


# --- points and suppression ---------------------------------------------------------------


def test_points_count_distinct_respondents_and_all_drawings_per_cell():
    here, there = cell_at(*KRAMFORS), cell_at(KRAMFORS[0] + 0.05, KRAMFORS[1])
    (x, y), (u, v) = centre(here), centre(there)
    lon = np.array([x, x, x, x, u])
    lat = np.array([y, y, y, y, v])
    respondent = np.array([1, 1, 2, 3, 1])  # respondent 1 twice in `here`
    category = np.array([7, 7, 7, 8, 7])
    table = point_counts(lon, lat, respondent, category, resolution=RES, k=1)
    assert table_dict(table) == {
        (7, here): (2, 3, 2, False),
        (7, there): (1, 1, 2, False),
        (8, here): (1, 1, 1, False),
    }
    shares = dict(
        zip(
            zip(table.category.tolist(), table.cell.tolist(), strict=True),
            table.share.tolist(),
            strict=True,
        )
    )
    assert shares == {(7, here): 1.0, (7, there): 0.5, (8, here): 1.0}


def test_cells_below_k_are_hidden_and_never_published():
    here = cell_at(*KRAMFORS)
    x, y = centre(here)
    far = centre(cell_at(KRAMFORS[0] + 0.1, KRAMFORS[1]))
    lon = np.array([x, x, x, far[0]])
    lat = np.array([y, y, y, far[1]])
    table = point_counts(lon, lat, np.array([1, 2, 3, 4]), np.zeros(4), resolution=RES, k=2)
    assert dict(zip(table.cell.tolist(), table.hidden.tolist(), strict=True)) == {
        here: False,
        cell_at(*far): True,
    }
    assert table_dict(table.published()) == {(0, here): (3, 3, 4, False)}
    assert [f["properties"]["cell"] for f in cells_to_features(table)] == [h3i.int_to_str(here)]
    # Raising k hides the last cell; lowering it again shows the lone one (counts kept).
    assert len(table.with_k(4).published()) == 0
    assert len(table.with_k(1).published()) == 2


def test_aggregate_hits_deduplicates_and_counts_layers_without_hits():
    table = aggregate_hits(
        np.array([0, 0, 1, 1]),
        np.array([5, 5, 5, 6], dtype=np.uint64),
        np.array([10, 10, 11]),
        np.array([1, 1, 1]),
        resolution=RES,
        k=1,
    )
    # feature 2 (respondent 11) has no hits but counts in the layer
    assert table_dict(table) == {(1, 5): (1, 2, 2, False), (1, 6): (1, 1, 2, False)}


def test_mismatched_lengths_and_bad_k_are_refused():
    with pytest.raises(ValueError, match="drawings"):
        point_counts(
            np.array([17.0]), np.array([62.0]), np.array([1, 2]), np.array([1]), resolution=9, k=1
        )
    with pytest.raises(ValueError, match="k must"):
        point_counts(
            np.array([17.0]), np.array([62.0]), np.array([1]), np.array([1]), resolution=9, k=0
        )


# --- lines ------------------------------------------------------------------------------------


def test_corridor_counts_each_respondent_once_even_over_two_routes():
    route = LineString([(17.70, 62.90), (17.80, 62.90)])
    lines = np.array([route, route, route])
    table = corridor_density(lines, np.array([1, 1, 2]), np.array([3, 3, 3]), resolution=RES, k=1)
    assert set(table.respondents.tolist()) == {2}
    assert set(table.drawings.tolist()) == {3}
    # The route's cells are a chain of neighbours from one end to the other.
    cells = set(table.cell.tolist())
    assert {cell_at(17.70, 62.90), cell_at(17.80, 62.90)} <= cells
    start = cell_at(17.70, 62.90)
    assert len(cells) == h3i.grid_distance(start, cell_at(17.80, 62.90)) + 1


def test_corridor_equals_a_loop_over_features():
    rng = np.random.default_rng(5)
    lines, respondent = [], []
    for i in range(40):
        pts = np.cumsum(rng.normal(0, 0.004, (4, 2)), axis=0) + KRAMFORS
        lines.append(LineString(pts))
        respondent.append(i % 7)
    table = corridor_density(
        np.array(lines), np.array(respondent), np.zeros(40), resolution=RES, k=1
    )
    people: dict[int, set[int]] = {}
    drawings: dict[int, int] = {}
    for line, person in zip(lines, respondent, strict=True):
        vertex = [h3i.latlng_to_cell(y, x, RES) for x, y in line.coords]
        touched = {c for a, b in itertools.pairwise(vertex) for c in segment_cells(a, b)}
        for cell in touched:
            people.setdefault(cell, set()).add(person)
            drawings[cell] = drawings.get(cell, 0) + 1
    assert {int(c): int(n) for c, n in zip(table.cell, table.respondents, strict=True)} == {
        c: len(p) for c, p in people.items()
    }
    assert dict(zip(table.cell.tolist(), table.drawings.tolist(), strict=True)) == drawings


def test_boundary_density_is_per_kind():
    line = LineString([(17.70, 62.90), (17.71, 62.90)])
    table = boundary_density(
        np.array([line, line, line]), np.array([1, 2, 3]), np.array([1, 1, 2]), resolution=RES, k=2
    )
    assert set(table.published().category.tolist()) == {1}
    assert set(table.category[table.hidden].tolist()) == {2}


# --- areas ------------------------------------------------------------------------------------


def square(lon, lat, size):
    return Polygon([(lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size)])


def test_consensus_share_is_respondents_covering_over_respondents_in_layer():
    big, small = square(17.70, 62.90, 0.02), square(17.70, 62.90, 0.005)
    areas = np.array([big, small, small, big])
    respondent = np.array([1, 1, 2, 3])  # respondent 1 draws two overlapping areas
    table = consensus_shares(areas, respondent, np.array([0, 0, 0, 0]), resolution=RES, k=1)
    inner = {c for c in table.cell.tolist() if shapely.contains_xy(small, *centre(c))}
    assert inner
    for cell, n, share in zip(table.cell.tolist(), table.respondents, table.share, strict=True):
        assert n == (3 if cell in inner else 2)
        assert share == n / 3


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 4),
            st.floats(-0.02, 0.02),
            st.floats(-0.01, 0.01),
            st.floats(0.001, 0.01),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_consensus_equals_shapely_centre_in_polygon(drawn):
    areas = np.array([square(KRAMFORS[0] + dx, KRAMFORS[1] + dy, s) for _, dx, dy, s in drawn])
    respondent = np.array([r for r, *_ in drawn])
    table = consensus_shares(areas, respondent, np.zeros(len(drawn)), resolution=RES, k=1)
    got = dict(zip(table.cell.tolist(), table.respondents.tolist(), strict=True))
    expected = {}
    for area, person in zip(areas, respondent, strict=True):
        for cell in h3i.geo_to_cells(area, RES):
            expected.setdefault(cell, set()).add(int(person))
    assert got == {c: len(p) for c, p in expected.items()}


# --- rounds and GeoJSON ------------------------------------------------------------------


def test_round_difference_aligns_cells_and_hides_small_sides():
    a = aggregate_hits(
        np.array([0, 1, 2]),
        np.array([5, 5, 6], dtype=np.uint64),
        np.array([1, 2, 3]),
        np.zeros(3),
        resolution=RES,
        k=1,
    )
    b = aggregate_hits(
        np.array([0, 1, 2, 3]),
        np.array([5, 7, 7, 7], dtype=np.uint64),
        np.array([1, 2, 3, 4]),
        np.zeros(4),
        resolution=RES,
        k=1,
    )
    diff = round_difference(a, b, k=2)
    rows = {
        int(c): (int(x), int(y), bool(h))
        for c, x, y, h in zip(
            diff.cell, diff.respondents_a, diff.respondents_b, diff.hidden, strict=True
        )
    }
    assert rows == {5: (2, 1, True), 6: (1, 0, True), 7: (0, 3, False)}
    assert diff.layer_a.tolist() == [3, 3, 3] and diff.layer_b.tolist() == [4, 4, 4]
    assert diff.share_change[diff.cell == 7].tolist() == [0.75]
    assert diff.count_change.tolist() == [-1, -1, 3]


def test_round_difference_refuses_other_resolutions():
    a = aggregate_hits(
        np.array([0]), np.array([5], dtype=np.uint64), np.array([1]), np.zeros(1), resolution=9, k=1
    )
    b = aggregate_hits(
        np.array([0]), np.array([5], dtype=np.uint64), np.array([1]), np.zeros(1), resolution=8, k=1
    )
    with pytest.raises(ValueError, match="resolution"):
        round_difference(a, b)


def test_features_are_closed_hexagons_with_the_counts():
    x, y = centre(cell_at(*KRAMFORS))
    table = point_counts(
        np.array([x, x]), np.array([y, y]), np.array([1, 2]), np.array([4, 4]), resolution=RES, k=2
    )
    collection = feature_collection(table)
    (feature,) = collection["features"]
    ring = feature["geometry"]["coordinates"][0]
    assert len(ring) == 7 and ring[0] == ring[-1]
    assert shapely.contains_xy(Polygon(ring), x, y)
    assert feature["properties"] == {
        "cell": h3i.int_to_str(cell_at(*KRAMFORS)),
        "category": 4,
        "respondents": 2,
        "drawings": 2,
        "share": 1.0,
        "layer_respondents": 2,
    }
