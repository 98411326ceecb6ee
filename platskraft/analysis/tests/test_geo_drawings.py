"""Checking drawn geometries: types per layer, degenerate shapes, repair, the allowed
area with its margin, swapped, projected and out-of-range coordinates, rounding."""

import math

import pytest
import shapely
from shapely.geometry import shape

from platskraft.analysis.geo.drawings import (
    Problem,
    allowed_area,
    boundary_shape,
    check_drawing,
    check_point,
)

BOX = {
    "type": "Polygon",
    "coordinates": [[[17.5, 62.8], [18.2, 62.8], [18.2, 63.1], [17.5, 63.1], [17.5, 62.8]]],
}


@pytest.fixture(scope="module")
def area():
    return allowed_area(BOX, 2000)


def pt(lon, lat):
    return {"type": "Point", "coordinates": [lon, lat]}


def poly(*ring):
    return {"type": "Polygon", "coordinates": [[list(c) for c in ring]]}


def test_a_point_is_rounded_to_six_decimals(area):
    result = check_drawing(pt(17.781234567, 62.930000049), "point", area=area)
    assert result.ok and result.geometry == {"type": "Point", "coordinates": [17.781235, 62.93]}


@pytest.mark.parametrize(
    ("kind", "geometry", "ok"),
    [
        ("point", pt(17.8, 62.9), True),
        ("point", {"type": "LineString", "coordinates": [[17.7, 62.9], [17.8, 62.9]]}, False),
        ("line", {"type": "LineString", "coordinates": [[17.7, 62.9], [17.8, 62.9]]}, True),
        ("line", pt(17.8, 62.9), False),
        ("area", poly((17.6, 62.9), (17.7, 62.9), (17.7, 63.0), (17.6, 62.9)), True),
        ("area", pt(17.8, 62.9), False),
        ("line_area", {"type": "LineString", "coordinates": [[17.7, 62.9], [17.8, 62.9]]}, True),
        ("line_area", poly((17.6, 62.9), (17.7, 62.9), (17.7, 63.0), (17.6, 62.9)), True),
        ("line_area", pt(17.8, 62.9), False),
        ("point_area", pt(17.8, 62.9), True),
        ("point_area", poly((17.6, 62.9), (17.7, 62.9), (17.7, 63.0), (17.6, 62.9)), True),
        ("point_area", {"type": "LineString", "coordinates": [[17.7, 62.9], [17.8, 62.9]]}, False),
        ("point", {"type": "MultiPoint", "coordinates": [[17.7, 62.9]]}, False),
    ],
)
def test_each_layer_takes_its_types(area, kind, geometry, ok):
    result = check_drawing(geometry, kind, area=area)
    assert result.ok is ok
    if not ok:
        assert result.problem == Problem.GEOMETRY_TYPE and result.detail == geometry["type"]


@pytest.mark.parametrize(
    ("raw", "kind", "problem"),
    [
        (None, "point", Problem.NOT_A_GEOMETRY),
        ([17.7, 62.9], "point", Problem.NOT_A_GEOMETRY),
        ({"type": "Point", "coordinates": "17.7,62.9"}, "point", Problem.UNREADABLE),
        ({"type": "Point", "coordinates": [17.7]}, "point", Problem.UNREADABLE),
        ({"type": "Point", "coordinates": [True, 62.9]}, "point", Problem.UNREADABLE),
        ({"type": "LineString", "coordinates": [[17.7, 62.9]]}, "line", Problem.UNREADABLE),
        (
            {"type": "LineString", "coordinates": [[17.7, 62.9], [17.7, 62.9]]},
            "line",
            Problem.TOO_FEW_POINTS,
        ),
        (poly((17.6, 62.9), (17.7, 62.9), (17.6, 62.9)), "area", Problem.DEGENERATE),
        (poly((17.6, 62.9), (17.7, 62.9), (17.8, 62.9), (17.6, 62.9)), "area", Problem.DEGENERATE),
        (
            poly((17.6, 62.9), (17.6000000001, 62.9), (17.6, 62.9000000001), (17.6, 62.9)),
            "area",
            Problem.DEGENERATE,
        ),  # rounded to 6 decimals, nothing is left
    ],
)
def test_unreadable_and_degenerate_shapes_are_refused(area, raw, kind, problem):
    result = check_drawing(raw, kind, area=area)
    assert result.problem == problem and result.geometry is None


def test_a_bowtie_is_repaired_into_its_two_triangles(area):
    bowtie = poly((17.6, 62.9), (17.7, 63.0), (17.7, 62.9), (17.6, 63.0), (17.6, 62.9))
    result = check_drawing(bowtie, "area", area=area)
    assert result.ok and result.repaired
    repaired = shape(result.geometry)
    assert repaired.is_valid and repaired.geom_type == "MultiPolygon"
    assert len(repaired.geoms) == 2
    assert repaired.area == pytest.approx(0.005, rel=1e-6)  # two triangles of 0.0025


def test_a_polygon_with_a_spike_keeps_only_its_area(area):
    # A square with a zero-width spike going out and back along the same line.
    spiky = poly(
        (17.6, 62.9),
        (17.7, 62.9),
        (17.7, 62.95),
        (17.8, 62.95),
        (17.7, 62.95),
        (17.7, 63.0),
        (17.6, 63.0),
        (17.6, 62.9),
    )
    result = check_drawing(spiky, "area", area=area)
    assert result.ok and result.repaired
    geometry = shape(result.geometry)
    assert geometry.is_valid and geometry.geom_type in ("Polygon", "MultiPolygon")
    assert geometry.area == pytest.approx(0.1 * 0.1, rel=1e-6)


def test_a_valid_polygon_is_stored_as_it_is(area):
    square = poly((17.6, 62.9), (17.7, 62.9), (17.7, 63.0), (17.6, 63.0), (17.6, 62.9))
    result = check_drawing(square, "area", area=area)
    assert result.ok and not result.repaired and result.geometry == square


def test_the_margin_is_in_metres(area):
    # The box's east edge is at 18.2; at latitude 62.95 a degree of longitude is ~50.7 km.
    metres_per_degree = 111_320 * math.cos(math.radians(62.95))
    inside = 18.2 + 1500 / metres_per_degree
    outside = 18.2 + 3500 / metres_per_degree
    assert check_drawing(pt(inside, 62.95), "point", area=area).ok
    result = check_drawing(pt(outside, 62.95), "point", area=area)
    assert result.problem == Problem.OUTSIDE_AREA
    north = 63.1 + 1500 / 110_574
    assert check_drawing(pt(17.8, north), "point", area=area).ok
    assert not check_drawing(pt(17.8, 63.1 + 3500 / 110_574), "point", area=area).ok


def test_without_margin_the_boundary_is_the_limit():
    tight = allowed_area(BOX, 0)
    assert check_drawing(pt(18.19, 62.95), "point", area=tight).ok
    assert not check_drawing(pt(18.25, 62.95), "point", area=tight).ok


def test_a_line_leaving_the_area_is_refused_naming_the_point(area):
    line = {"type": "LineString", "coordinates": [[17.7, 62.9], [19.0, 62.9]]}
    result = check_drawing(line, "line", area=area)
    assert result.problem == Problem.OUTSIDE_AREA and result.detail == "19, 62.9"


@pytest.mark.parametrize(
    ("coords", "problem"),
    [
        ([62.93, 17.78], Problem.SWAPPED),
        ([630000, 6980000], Problem.PROJECTED),
        ([200.0, 62.9], Problem.OUT_OF_RANGE),
        ([17.7, 95.0], Problem.OUT_OF_RANGE),
        ([float("nan"), 62.9], Problem.OUT_OF_RANGE),
        ([2.35, 48.85], Problem.OUTSIDE_AREA),
    ],
)
def test_coordinates_in_the_wrong_order_projection_or_range(area, coords, problem):
    result = check_drawing({"type": "Point", "coordinates": coords}, "point", area=area)
    assert result.problem == problem


def test_without_an_area_sweden_is_the_limit():
    assert check_drawing(pt(14.0, 57.0), "point").ok
    assert check_drawing(pt(62.9, 17.7), "point").problem == Problem.SWAPPED
    assert check_drawing(pt(2.35, 48.85), "point").problem == Problem.OUTSIDE_AREA


def test_check_point():
    assert check_point(17.78, 62.93) == (None, "")
    assert check_point(62.93, 17.78)[0] == Problem.SWAPPED
    assert check_point(630000.0, 6980000.0)[0] == Problem.PROJECTED
    assert check_point(200.0, 10.0)[0] == Problem.OUT_OF_RANGE
    assert check_point(2.35, 48.85)[0] == Problem.OUTSIDE_AREA
    assert check_point(float("inf"), 62.0)[0] == Problem.OUT_OF_RANGE


def test_boundaries_in_any_geojson_wrapping():
    feature = {"type": "Feature", "properties": {}, "geometry": BOX}
    collection = {"type": "FeatureCollection", "features": [feature]}
    for boundary in (BOX, feature, collection):
        assert boundary_shape(boundary).equals(shape(BOX))
    assert boundary_shape(None) is None and boundary_shape({"type": "Nonsense"}) is None
    assert allowed_area(None, 2000) is None


def test_the_allowed_area_is_small_and_covers_the_boundary(area):
    assert area.covers(shape(BOX))
    assert shapely.get_num_coordinates(area) < 100
