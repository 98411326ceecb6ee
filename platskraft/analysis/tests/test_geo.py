"""Checking boundary features: every reason a feature is refused, and what is accepted."""

import pytest
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from platskraft.analysis import geo
from platskraft.analysis.geo import Reason

KNOWN = {"2282", "1281", "0114", "0138"}


def square(lon: float = 17.8, lat: float = 62.9, size: float = 0.1) -> list:
    return [
        [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    ]


def polygon(coordinates=None) -> dict:
    return {"type": "Polygon", "coordinates": coordinates or square()}


BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[17.0, 63.0], [18.0, 64.0], [18.0, 63.0], [17.0, 64.0], [17.0, 63.0]]],
}


def feature(geometry=None, **properties) -> dict:
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": polygon() if geometry is None else geometry,
    }


def check(*features, **kwargs) -> geo.BoundaryCheck:
    return geo.check_boundary_features(list(features), "id", KNOWN, **kwargs)


def only_rejection(result: geo.BoundaryCheck) -> geo.Rejected:
    assert result.accepted == []
    assert len(result.rejected) == 1, result.rejected
    return result.rejected[0]


# --- accepted -----------------------------------------------------------------------------------


def test_a_polygon_is_accepted_with_its_name_and_a_centre_inside_it():
    result = check(feature(id="2282", kom_namn="Kramfors"))

    assert result.ok and result.rejected == []
    [accepted] = result.accepted
    assert (accepted.index, accepted.code, accepted.name) == (1, "2282", "Kramfors")
    assert accepted.geometry == polygon()
    assert shape(accepted.geometry).contains(Point(accepted.centre_lon, accepted.centre_lat))


def test_a_multipolygon_is_accepted_and_its_centre_lies_in_one_of_its_parts():
    multi = {"type": "MultiPolygon", "coordinates": [square(17.0, 63.0), square(18.0, 64.0)]}
    [accepted] = check(feature(multi, id="2282")).accepted

    assert accepted.geometry == multi
    assert shape(multi).contains(Point(accepted.centre_lon, accepted.centre_lat))


def test_the_centre_of_a_u_shaped_municipality_lies_inside_it_not_in_the_gap():
    # The centroid of this U lies in the gap between its arms.
    u = [
        [
            [17.0, 63.0],
            [18.0, 63.0],
            [18.0, 64.0],
            [17.9, 64.0],
            [17.9, 63.1],
            [17.1, 63.1],
            [17.1, 64.0],
            [17.0, 64.0],
            [17.0, 63.0],
        ]
    ]
    [accepted] = check(feature(polygon(u), id="2282")).accepted

    u_shape = shape(polygon(u))
    assert not u_shape.contains(u_shape.centroid)
    assert u_shape.contains(Point(accepted.centre_lon, accepted.centre_lat))


def test_the_geometry_is_stored_as_plain_lists_in_two_dimensions():
    with_height = [[[x, y, 12.5] for x, y in square()[0]]]
    [accepted] = check(feature(polygon(with_height), id="2282")).accepted

    assert accepted.geometry == polygon()
    assert isinstance(accepted.geometry["coordinates"][0][0], list)


@pytest.mark.parametrize(("value", "code"), [(114, "0114"), (2282, "2282"), (" 0138 ", "0138")])
def test_integer_codes_are_zero_padded_and_text_is_trimmed(value, code):
    [accepted] = check(feature(id=value)).accepted
    assert accepted.code == code


def test_the_code_and_names_can_come_from_other_properties():
    result = geo.check_boundary_features(
        [feature(KnKod="1281", namn="Lund"), feature(KnKod="2282", name="Kramfors")],
        "KnKod",
        KNOWN,
    )
    assert [(a.code, a.name) for a in result.accepted] == [("1281", "Lund"), ("2282", "Kramfors")]


def test_simplification_drops_vertices_and_keeps_the_boundary_valid():
    # 100 points along the southern edge, all within 0.0001 degrees of a straight line.
    edge = [[17.0 + i / 100, 63.0 + (0.00005 if i % 2 else 0.0)] for i in range(101)]
    ring = [*edge, [18.0, 64.0], [17.0, 64.0], [17.0, 63.0]]
    raw = polygon([ring])

    [kept] = check(feature(raw, id="2282")).accepted
    [simplified] = check(feature(raw, id="2282"), simplify=0.001).accepted

    assert len(kept.geometry["coordinates"][0]) == len(ring)
    assert len(simplified.geometry["coordinates"][0]) < 10
    assert shape(simplified.geometry).is_valid
    assert shape(simplified.geometry).contains(Point(simplified.centre_lon, simplified.centre_lat))


def test_a_geometry_spoilt_by_simplification_is_refused(monkeypatch):
    # GEOS's topology-preserving simplifier should not do this; the check is a safety net.
    monkeypatch.setattr(BaseGeometry, "simplify", lambda self, *a, **k: shape(BOWTIE))
    rejected = only_rejection(check(feature(id="2282"), simplify=0.01))

    assert rejected.reason == Reason.SIMPLIFIED_INVALID
    assert "Self-intersection" in rejected.detail


@pytest.mark.parametrize("tolerance", [-0.1, float("nan"), float("inf")])
def test_a_negative_or_non_finite_tolerance_is_an_error(tolerance):
    with pytest.raises(ValueError, match="simplify"):
        check(feature(id="2282"), simplify=tolerance)


# --- refused: the feature itself ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "found"),
    [
        ({"type": "Polygon", "coordinates": square()}, "Polygon"),
        (["Feature"], "array"),
        ("Feature", "string"),
        ({"properties": {"id": "2282"}}, ""),
    ],
)
def test_something_that_is_not_a_feature_is_refused(item, found):
    rejected = only_rejection(check(item))
    assert (rejected.index, rejected.reason, rejected.detail) == (1, Reason.NOT_A_FEATURE, found)


@pytest.mark.parametrize("missing", ["null", "absent"])
def test_a_feature_without_geometry_is_refused(missing):
    item = feature(id="2282", kom_namn="Kramfors")
    if missing == "null":
        item["geometry"] = None
    else:
        del item["geometry"]
    rejected = only_rejection(check(item))
    assert (rejected.reason, rejected.code, rejected.name) == (
        Reason.NO_GEOMETRY,
        "2282",
        "Kramfors",
    )


@pytest.mark.parametrize(
    ("geometry", "found"),
    [
        ({"type": "Point", "coordinates": [17.8, 62.9]}, "Point"),
        ({"type": "LineString", "coordinates": [[17.8, 62.9], [17.9, 63.0]]}, "LineString"),
        ({"type": "GeometryCollection", "geometries": [polygon()]}, "GeometryCollection"),
        ({"coordinates": square()}, ""),
        ([[17.8, 62.9]], "array"),
    ],
)
def test_a_geometry_that_is_not_a_polygon_is_refused(geometry, found):
    rejected = only_rejection(check(feature(geometry, id="2282")))
    assert (rejected.reason, rejected.detail) == (Reason.GEOMETRY_TYPE, found)


@pytest.mark.parametrize(
    "coordinates",
    [
        [[[17.0, 63.0], [18.0, 63.0]]],  # a ring of two points
        [[["west", "south"], ["east", "south"], ["east", "north"], ["west", "south"]]],
        [[17.0, 63.0]],
        "not coordinates",
    ],
)
def test_a_geometry_shapely_cannot_build_is_refused(coordinates):
    rejected = only_rejection(check(feature(polygon(coordinates), id="2282")))
    assert rejected.reason == Reason.UNREADABLE_GEOMETRY
    assert rejected.detail


def test_an_empty_geometry_is_refused():
    rejected = only_rejection(
        check(feature({"type": "MultiPolygon", "coordinates": []}, id="2282"))
    )
    assert rejected.reason == Reason.EMPTY_GEOMETRY


def test_an_invalid_geometry_is_refused_with_shapelys_explanation():
    rejected = only_rejection(check(feature(BOWTIE, id="0138", kom_namn="Tyresö")))
    assert (rejected.reason, rejected.code, rejected.name) == (
        Reason.INVALID_GEOMETRY,
        "0138",
        "Tyresö",
    )
    assert rejected.detail.startswith("Self-intersection[")


@pytest.mark.parametrize(
    "coordinates",
    [
        [[[y, x] for x, y in square()[0]]],  # latitude first
        square(lon=620000.0, lat=6980000.0, size=10000.0),  # SWEREF 99 TM metres
        square(lon=24.95, lat=62.0, size=0.1),  # crosses the eastern limit
        square(lon=17.0, lat=54.9, size=0.2),
    ],  # crosses the southern limit
)
def test_coordinates_outside_sweden_are_refused_with_their_extent(coordinates):
    rejected = only_rejection(check(feature(polygon(coordinates), id="2282")))
    assert rejected.reason == Reason.OUTSIDE_SWEDEN
    assert rejected.bounds == shape(polygon(coordinates)).bounds


def test_coordinates_at_the_edge_of_the_extent_are_accepted():
    corners = [[[10.0, 55.0], [25.0, 55.0], [25.0, 70.0], [10.0, 70.0], [10.0, 55.0]]]
    assert check(feature(polygon(corners), id="2282")).ok


# --- refused: the code ---------------------------------------------------------------------------


@pytest.mark.parametrize("properties", [{}, {"id": None}, {"id": ""}, {"id": "  "}, None])
def test_a_missing_code_is_refused(properties):
    item = feature(id="x")
    item["properties"] = properties
    rejected = only_rejection(check(item))
    assert (rejected.reason, rejected.code) == (Reason.NO_CODE, "")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("114", "114"),
        ("22820", "22820"),
        ("abcd", "abcd"),
        (12345, "12345"),
        (-1, "-1"),
        (114.0, "114.0"),
        (True, "True"),
        ("\uff12\uff12\uff18\uff12", "\uff12\uff12\uff18\uff12"),  # full-width digits
    ],
)
def test_a_code_that_is_not_four_digits_is_refused(value, shown):
    rejected = only_rejection(check(feature(id=value, kom_namn="Kramfors")))
    assert (rejected.reason, rejected.code, rejected.name) == (Reason.BAD_CODE, shown, "Kramfors")


def test_a_code_not_on_the_official_list_is_refused():
    rejected = only_rejection(check(feature(id="9999")))
    assert (rejected.reason, rejected.code) == (Reason.UNKNOWN_CODE, "9999")


def test_the_second_feature_with_a_code_is_refused_and_points_at_the_first():
    result = check(feature(id="2282"), feature(id="1281"), feature(id=2282, kom_namn="Again"))

    assert [a.index for a in result.accepted] == [1, 2]
    [rejected] = result.rejected
    assert (rejected.index, rejected.reason, rejected.code, rejected.other_index) == (
        3,
        Reason.DUPLICATE_CODE,
        "2282",
        1,
    )


def test_a_code_problem_and_a_geometry_problem_are_both_reported():
    result = check(feature(polygon(), id="1281"), feature(BOWTIE, id="9999", kom_namn="X"))

    assert [a.code for a in result.accepted] == ["1281"]
    assert [(r.index, r.reason) for r in result.rejected] == [
        (2, Reason.UNKNOWN_CODE),
        (2, Reason.INVALID_GEOMETRY),
    ]
    assert result.rejected_features == 1
    assert not result.ok


# --- the FeatureCollection -----------------------------------------------------------------------


def test_the_features_of_a_feature_collection_are_returned():
    features = [feature(id="2282")]
    assert geo.collection_features({"type": "FeatureCollection", "features": features}) == features


@pytest.mark.parametrize(
    ("document", "problem", "found"),
    [
        ([], "not_an_object", "array"),
        (None, "not_an_object", "null"),
        ({"type": "Feature", "geometry": polygon()}, "wrong_type", "Feature"),
        ({"features": []}, "wrong_type", ""),
        ({"type": "FeatureCollection"}, "no_features", ""),
        ({"type": "FeatureCollection", "features": {"0": {}}}, "no_features", ""),
    ],
)
def test_anything_else_is_a_clear_value_error(document, problem, found):
    with pytest.raises(ValueError, match="FeatureCollection") as caught:
        geo.collection_features(document)
    assert isinstance(caught.value, geo.NotAFeatureCollection)
    assert (caught.value.problem, caught.value.found) == (problem, found)
