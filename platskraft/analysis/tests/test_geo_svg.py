"""The static SVG map: well-formed, escaped, projected inside its frame."""

import xml.etree.ElementTree as ET

from platskraft.analysis.geo.svg import Label, MapImage, Shape, path_data, svg_map

SVG = "{http://www.w3.org/2000/svg}"
BOX = {
    "type": "Polygon",
    "coordinates": [[[17.0, 62.0], [18.0, 62.0], [18.0, 63.0], [17.0, 63.0], [17.0, 62.0]]],
}


def test_a_map_is_well_formed_svg_with_escaped_texts():
    image = MapImage(
        title='Vår karta <"&">',
        subtitle="Platser jag besöker",
        boundary=BOX,
        shapes=[Shape(BOX, fill="#fc8d59", title="3 < 5 & mer")],
        labels=[Label("Kramfors & Nyland", 17.78, 62.93, bold=True)],
        legend=[("2–4", "#fef0d9"), ("5 eller fler", "#b30000")],
        legend_title="Svarande",
        note="Rutor med färre än 5 svarande visas inte.",
    )
    root = ET.fromstring(svg_map(image).encode())
    assert root.tag == f"{SVG}svg"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert 'Vår karta <"&">' in texts and "Kramfors & Nyland" in texts
    assert "5 eller fler" in texts and "Svarande" in texts
    assert root.find(f"{SVG}title").text == 'Vår karta <"&">'
    assert len(list(root.iter(f"{SVG}path"))) == 2
    assert len(list(root.iter(f"{SVG}rect"))) == 3  # the background and two legend keys


def test_every_point_lands_inside_the_drawing_area():
    image = MapImage(title="t", boundary=BOX, width=400, height=300)
    svg_map(image)  # no error
    from platskraft.analysis.geo.svg import _bounds, _Projection

    project = _Projection(_bounds(image), (10, 40, 380, 250))
    for lon, lat in [(17.0, 62.0), (18.0, 63.0), (17.5, 62.5)]:
        x, y = project(lon, lat)
        assert 10 <= x <= 390 and 40 <= y <= 290
    # North is up, east is right.
    assert project(17.0, 63.0)[1] < project(17.0, 62.0)[1]
    assert project(18.0, 62.0)[0] > project(17.0, 62.0)[0]


def test_path_data_of_lines_and_multipolygons():
    project = lambda lon, lat: (lon, lat)  # noqa: E731
    assert path_data({"type": "LineString", "coordinates": [[0, 0], [1, 2]]}, project) == (
        "M0 0 L1 2"
    )
    multi = {"type": "MultiPolygon", "coordinates": [BOX["coordinates"], BOX["coordinates"]]}
    assert path_data(multi, project).count("Z") == 2
    assert path_data({"type": "Point", "coordinates": [0, 0]}, project) == ""


def test_an_empty_map_still_renders():
    root = ET.fromstring(svg_map(MapImage(title="Inget")).encode())
    assert root.find(f"{SVG}title").text == "Inget"
