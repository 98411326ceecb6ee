"""import_boundaries: the real okfse file, all-or-nothing refusal, file errors, dry runs."""

import json
from io import StringIO

import pytest
import shapely
from django.core.management import CommandError, call_command
from django.utils import translation
from shapely.geometry import Point, shape

from platskraft.municipalities.models import KnownMunicipality, Municipality

from .factories import MunicipalityFactory

OKFSE = "kommuner/okfse_swedish_municipalities.geojson"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def square(lon: float = 17.8, lat: float = 62.9, size: float = 0.1) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[13.0, 55.6], [13.4, 55.9], [13.4, 55.6], [13.0, 55.9], [13.0, 55.6]]],
}


def feature(code, geometry=None, name=None) -> dict:
    properties = {"id": code}
    if name:
        properties["kom_namn"] = name
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": square() if geometry is None else geometry,
    }


def write(tmp_path, document, name="boundaries.geojson"):
    path = tmp_path / name
    path.write_text(
        document if isinstance(document, str) else json.dumps(document), encoding="utf-8"
    )
    return path


def collection(*features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_boundaries", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args) -> tuple[str, str]:
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_boundaries", *[str(a) for a in args], stdout=StringIO(), stderr=err)
    return str(caught.value), err.getvalue()


def snapshot() -> tuple[list, list]:
    """Everything the import may write, to show that a refused import wrote nothing."""
    return (
        list(
            KnownMunicipality.objects.order_by("code").values_list(
                "code", "boundary", "centre_lat", "centre_lon"
            )
        ),
        list(
            Municipality.objects.order_by("code").values_list(
                "code", "boundary", "centre_lat", "centre_lon", "updated_at"
            )
        ),
    )


# --- (a) the real file ---------------------------------------------------------------------------


def test_the_okfse_file_gives_all_290_municipalities_a_boundary(shared_data):
    path = shared_data / OKFSE
    source = {f["properties"]["id"]: f for f in json.loads(path.read_text("utf-8"))["features"]}
    kramfors = MunicipalityFactory(code="2282")
    lund = MunicipalityFactory(code="1281", centre_lat=55.7047, centre_lon=13.1910)
    assert kramfors.boundary is None and kramfors.centre is None

    out, err = run(path)

    assert err == ""
    assert out.splitlines() == [
        "Read 290 features.",
        "Stored the boundaries of 290 municipalities on the official list.",
        "Stored the boundaries of 2 municipalities on the platform "
        "(centre set from the boundary for 1).",
        "Every municipality on the official list is in the file.",
    ]
    assert KnownMunicipality.objects.count() == 290
    assert not KnownMunicipality.objects.filter(boundary__isnull=True).exists()
    for row in KnownMunicipality.objects.all():
        boundary = shape(row.boundary)
        assert boundary.is_valid, row
        assert boundary.contains(Point(row.centre_lon, row.centre_lat)), row
    # Without --simplify the geometry is stored as the file has it.
    tyreso = KnownMunicipality.objects.get(code="0138")
    assert tyreso.boundary == source["0138"]["geometry"]

    kramfors.refresh_from_db()
    assert kramfors.boundary == source["2282"]["geometry"]
    assert kramfors.centre is not None
    assert shape(kramfors.boundary).contains(Point(kramfors.centre_lon, kramfors.centre_lat))
    assert kramfors.centre == (
        KnownMunicipality.objects.get(code="2282").centre_lat,
        KnownMunicipality.objects.get(code="2282").centre_lon,
    )
    kramfors.full_clean()  # the centre is within the model's limits for Sweden

    lund.refresh_from_db()
    assert lund.boundary == source["1281"]["geometry"]
    assert lund.centre == (55.7047, 13.1910)  # a tenant keeps the centre it has


def test_the_okfse_file_simplified_stays_valid_and_smaller(shared_data):
    path = shared_data / OKFSE
    run(path)
    before = sum(
        shapely.get_num_coordinates(shape(k.boundary)) for k in KnownMunicipality.objects.all()
    )

    out, _err = run(path, "--simplify", "0.0005")

    assert "Stored the boundaries of 290 municipalities on the official list." in out
    after = 0
    for row in KnownMunicipality.objects.all():
        simplified = shape(row.boundary)
        assert simplified.is_valid
        assert simplified.contains(Point(row.centre_lon, row.centre_lat))
        after += shapely.get_num_coordinates(simplified)
    assert after < before


# --- (b) one bad feature: nothing is imported ------------------------------------------------


def test_one_bad_feature_among_good_ones_imports_nothing(tmp_path):
    KnownMunicipality.objects.filter(code="2282").update(
        boundary=square(17.0, 63.0), centre_lat=63.05, centre_lon=17.05
    )
    MunicipalityFactory(code="2282", boundary=square(17.0, 63.0))
    MunicipalityFactory(code="1781")
    before = snapshot()
    path = write(
        tmp_path,
        collection(
            feature("2282", name="Kramfors"),
            feature("1281", BOWTIE, name="Lund"),
            feature("1781", square(13.5, 59.3), name="Kristinehamn"),
        ),
    )

    message, err = run_failing(path)

    assert err.splitlines() == [
        "Feature 2 (Lund, 1281): the geometry is not valid: Self-intersection[13.2 55.75]"
    ]
    assert message == f"1 feature in {path} was refused; nothing was imported."
    assert snapshot() == before


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (
            {"type": "Polygon", "coordinates": []},
            "Feature 2: it is not a GeoJSON Feature (its type is “Polygon”)",
        ),
        (
            feature("1281", None, "Lund") | {"geometry": None},
            "Feature 2 (Lund, 1281): it has no geometry",
        ),
        (
            feature("1281", {"type": "Point", "coordinates": [13.2, 55.7]}),
            "Feature 2 (1281): the geometry is of type “Point”; only Polygon and MultiPolygon "
            "are accepted",
        ),
        (
            feature("1281", {"type": "Polygon", "coordinates": [[[13.0, 55.6], [13.1, 55.7]]]}),
            "Feature 2 (1281): the geometry cannot be read: A linearring requires at least 4 "
            "coordinates.",
        ),
        (
            feature("1281", {"type": "MultiPolygon", "coordinates": []}),
            "Feature 2 (1281): the geometry is empty",
        ),
        (
            feature("1281", square(55.6, 13.0), "Lund"),
            "Feature 2 (Lund, 1281): the coordinates (longitude 55.6 to 55.7, latitude 13 to "
            "13.1) lie outside Sweden; the file must use WGS 84 longitude and latitude "
            "(EPSG:4326), longitude first",
        ),
        (
            feature(None, name="Lund"),
            "Feature 2 (Lund): the municipality code (property “id”) is missing",
        ),
        (
            feature(100, name="Lund"),
            "Feature 2 (Lund, 0100): 0100 is not on the official list of municipality codes",
        ),
        (
            feature("12810"),
            "Feature 2 (12810): the municipality code “12810” (property “id”) is not four digits",
        ),
        (
            feature(2282, name="Kramfors igen"),
            "Feature 2 (Kramfors igen, 2282): the code 2282 already appeared in feature 1",
        ),
    ],
)
def test_every_reason_is_named_with_the_feature(tmp_path, bad, expected):
    before = snapshot()
    path = write(tmp_path, collection(feature("2282", name="Kramfors"), bad))

    message, err = run_failing(path)

    assert err.splitlines() == [expected]
    assert "nothing was imported" in message
    assert snapshot() == before


def test_every_problem_of_every_feature_is_listed(tmp_path):
    path = write(
        tmp_path,
        collection(
            feature("9999", BOWTIE, name="Nowhere"),
            feature("2282"),
            feature("abc"),
        ),
    )

    message, err = run_failing(path)

    assert err.splitlines() == [
        "Feature 1 (Nowhere, 9999): 9999 is not on the official list of municipality codes",
        "Feature 1 (Nowhere, 9999): the geometry is not valid: Self-intersection[13.2 55.75]",
        "Feature 3 (abc): the municipality code “abc” (property “id”) is not four digits",
    ]
    assert message == f"2 features in {path} were refused; nothing was imported."


# --- a small good file ------------------------------------------------------------------------


def test_a_partial_file_replaces_tenant_boundaries_and_names_the_missing_codes(tmp_path):
    kramfors = MunicipalityFactory(
        code="2282", boundary=square(17.0, 63.0), centre_lat=62.93, centre_lon=17.78
    )
    path = write(
        tmp_path,
        collection(
            {"type": "Feature", "properties": {"KnKod": 2282}, "geometry": square()},
            {"type": "Feature", "properties": {"KnKod": 1281}, "geometry": square(13.1, 55.6)},
        ),
    )

    out, _err = run(path, "--code-property", "KnKod")

    lines = out.splitlines()
    assert lines[:3] == [
        "Read 2 features.",
        "Stored the boundaries of 2 municipalities on the official list.",
        "Stored the boundary of 1 municipality on the platform "
        "(centre set from the boundary for 0).",
    ]
    assert lines[3].startswith("288 municipalities on the official list are not in the file: ")
    assert "0114" in lines[3] and "2282" not in lines[3]
    kramfors.refresh_from_db()
    assert kramfors.boundary == square()
    assert kramfors.centre == (62.93, 17.78)
    assert KnownMunicipality.objects.get(code="1281").boundary == square(13.1, 55.6)
    assert KnownMunicipality.objects.filter(boundary__isnull=False).count() == 2


# --- (c) the file itself ------------------------------------------------------------------------


def test_a_missing_file_is_named(tmp_path):
    message, _err = run_failing(tmp_path / "nowhere.geojson")
    assert message == f"The file {tmp_path / 'nowhere.geojson'} does not exist."


def test_broken_json_is_named_with_line_and_column(tmp_path):
    path = write(tmp_path, '{"type": "FeatureCollection",\n  "features": [,]}')
    message, _err = run_failing(path)
    assert message == (f"The file {path} is not valid JSON: Expecting value at line 2, column 16.")


def test_a_file_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "latin1.geojson"
    path.write_bytes('{"name": "Tyresö"}'.encode("latin-1"))
    message, _err = run_failing(path)
    assert message == f"The file {path} is not UTF-8 text (byte 15)."


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ([1, 2], "it holds a JSON array, not an object."),
        (
            {"type": "Feature", "geometry": square(), "properties": {"id": "2282"}},
            "its type is “Feature”.",
        ),
        ({"type": "FeatureCollection"}, "it has no list of “features”."),
    ],
)
def test_a_document_that_is_not_a_feature_collection_is_refused(tmp_path, document, expected):
    path = write(tmp_path, document)
    message, _err = run_failing(path)
    assert message == (
        f"{path}: The file is not a GeoJSON FeatureCollection: {expected} Nothing was imported."
    )


def test_an_empty_feature_collection_is_refused(tmp_path):
    message, _err = run_failing(write(tmp_path, collection()))
    assert "has no features; there is nothing to import." in message


def test_a_negative_tolerance_is_refused(tmp_path):
    path = write(tmp_path, collection(feature("2282")))
    message, _err = run_failing(path, "--simplify=-0.1")
    assert "The simplification tolerance must be zero or a positive number" in message
    assert not KnownMunicipality.objects.filter(boundary__isnull=False).exists()


# --- (d) dry run --------------------------------------------------------------------------------


def test_a_dry_run_reports_and_writes_nothing(tmp_path):
    MunicipalityFactory(code="2282")
    before = snapshot()
    path = write(tmp_path, collection(feature("2282"), feature("1281", square(13.1, 55.6))))

    out, _err = run(path, "--dry-run")

    assert out.splitlines()[:3] == [
        "Read 2 features.",
        "Would store the boundaries of 2 municipalities on the official list.",
        "Would store the boundary of 1 municipality on the platform "
        "(centre set from the boundary for 1).",
    ]
    assert out.splitlines()[-1] == "Dry run: nothing was saved."
    assert snapshot() == before
