"""A static map as SVG text, for reports: no tiles, no browser, no Django.

The map shows a boundary outline, coloured polygons (hexagons), lines of given widths
(trips between places), labelled points (place names, clusters), a title and a legend.
Coordinates are lon/lat (WGS 84) projected equirectangularly with the x axis shrunk by
the cosine of the map's middle latitude, which keeps shapes true enough at the size of
a municipality. Every text is escaped, so names and labels cannot break the document.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"


@dataclass(frozen=True)
class Shape:
    """A GeoJSON geometry (Polygon, MultiPolygon, LineString …) and how to draw it."""

    geometry: dict
    fill: str = "none"
    stroke: str = "#333333"
    width: float = 1.0
    opacity: float = 1.0
    title: str = ""  # a tooltip (the SVG <title> of the shape)


@dataclass(frozen=True)
class Label:
    text: str
    lon: float
    lat: float
    marker: bool = True
    bold: bool = False


@dataclass(frozen=True)
class MapImage:
    title: str
    subtitle: str = ""
    boundary: dict | None = None  # GeoJSON geometry
    shapes: Sequence[Shape] = ()
    labels: Sequence[Label] = ()
    legend: Sequence[tuple[str, str]] = ()  # (label, colour)
    legend_title: str = ""
    note: str = ""
    width: int = 900
    height: int = 700


def _positions(geometry: dict) -> Iterable[Sequence[float]]:
    def walk(coords):
        if coords and isinstance(coords[0], int | float):
            yield coords
        else:
            for c in coords:
                yield from walk(c)

    if geometry.get("type") == "GeometryCollection":
        for part in geometry.get("geometries", []):
            yield from _positions(part)
    else:
        yield from walk(geometry.get("coordinates") or [])


def _bounds(image: MapImage) -> tuple[float, float, float, float]:
    geometries = [image.boundary] if image.boundary else [s.geometry for s in image.shapes]
    xs, ys = [], []
    for geometry in geometries:
        for lon, lat, *_ in _positions(geometry):
            xs.append(lon)
            ys.append(lat)
    for label in image.labels if not image.boundary else ():
        xs.append(label.lon)
        ys.append(label.lat)
    if not xs:
        return (-1.0, -1.0, 1.0, 1.0)
    west, east, south, north = min(xs), max(xs), min(ys), max(ys)
    if east - west < 1e-6:
        west, east = west - 0.01, east + 0.01
    if north - south < 1e-6:
        south, north = south - 0.01, north + 0.01
    return west, south, east, north


class _Projection:
    def __init__(self, bounds, box: tuple[float, float, float, float]):
        west, south, east, north = bounds
        left, top, width, height = box
        self.kx = math.cos(math.radians((south + north) / 2))
        span_x, span_y = (east - west) * self.kx, north - south
        self.scale = min(width / span_x, height / span_y)
        self.x0 = left + (width - span_x * self.scale) / 2
        self.y0 = top + (height - span_y * self.scale) / 2
        self.west, self.north = west, north

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        x = self.x0 + (lon - self.west) * self.kx * self.scale
        y = self.y0 + (self.north - lat) * self.scale
        return round(x, 1), round(y, 1)


def _ring_path(ring, project) -> str:
    points = [project(p[0], p[1]) for p in ring]
    if not points:
        return ""
    return "M" + " L".join(f"{x} {y}" for x, y in points) + " Z"


def _line_path(line, project) -> str:
    points = [project(p[0], p[1]) for p in line]
    return "M" + " L".join(f"{x} {y}" for x, y in points) if points else ""


def path_data(geometry: dict, project) -> str:
    """The SVG path data of a GeoJSON geometry."""
    kind, coords = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return " ".join(_ring_path(r, project) for r in coords)
    if kind == "MultiPolygon":
        return " ".join(_ring_path(r, project) for polygon in coords for r in polygon)
    if kind == "LineString":
        return _line_path(coords, project)
    if kind == "MultiLineString":
        return " ".join(_line_path(line, project) for line in coords)
    if kind == "GeometryCollection":
        return " ".join(path_data(g, project) for g in geometry.get("geometries", []))
    return ""


def _text(x, y, text, *, size=12, weight="normal", anchor="start", fill="#1a1a1a") -> str:
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" '
        f'text-anchor="{anchor}" fill="{fill}" stroke="#ffffff" stroke-width="3" '
        f'paint-order="stroke">{escape(text)}</text>'
    )


def svg_map(image: MapImage) -> str:
    """The map as a standalone SVG document (UTF-8 text)."""
    w, h = image.width, image.height
    legend_w = 230 if image.legend else 0
    top = 70 if image.subtitle else 50
    bottom = 40 if image.note else 16
    project = _Projection(_bounds(image), (16, top, w - legend_w - 32, h - top - bottom))
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" font-family={quoteattr(FONT)} role="img" '
        f'aria-labelledby="map-title">',
        f'<title id="map-title">{escape(image.title)}</title>',
        f'<rect x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>',
    ]
    if image.boundary:
        out.append(
            f'<path d="{path_data(image.boundary, project)}" fill="#f4f4f0" '
            'stroke="#555555" stroke-width="1.5" fill-rule="evenodd"/>'
        )
    for shape in image.shapes:
        data = path_data(shape.geometry, project)
        if not data:
            continue
        title = f"<title>{escape(shape.title)}</title>" if shape.title else ""
        out.append(
            f'<path d="{data}" fill="{escape(shape.fill)}" stroke="{escape(shape.stroke)}" '
            f'stroke-width="{shape.width}" opacity="{shape.opacity}" '
            f'stroke-linecap="round" fill-rule="evenodd">{title}</path>'
        )
    for label in image.labels:
        x, y = project(label.lon, label.lat)
        if label.marker:
            out.append(
                f'<circle cx="{x}" cy="{y}" r="3" fill="#1a1a1a" stroke="#ffffff" '
                'stroke-width="1"/>'
            )
        out.append(
            _text(x + 5, y - 4, label.text, size=12, weight="bold" if label.bold else "normal")
        )
    out.append(_text(16, 30, image.title, size=20, weight="bold"))
    if image.subtitle:
        out.append(_text(16, 54, image.subtitle, size=13, fill="#444444"))
    if image.legend:
        x = w - legend_w
        y = top + 4
        if image.legend_title:
            out.append(_text(x, y + 12, image.legend_title, size=13, weight="bold"))
            y += 24
        for text, colour in image.legend:
            out.append(
                f'<rect x="{x}" y="{y}" width="18" height="14" fill="{escape(colour)}" '
                'stroke="#555555" stroke-width="0.5"/>'
            )
            out.append(_text(x + 26, y + 12, text, size=12))
            y += 22
    if image.note:
        out.append(_text(16, h - 14, image.note, size=11, fill="#444444"))
    out.append("</svg>")
    return "\n".join(out) + "\n"
