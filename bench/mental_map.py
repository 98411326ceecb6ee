"""Speed of the mental-map aggregation: 1 000 000 drawings on H3 resolution 9, with k = 5.

Synthetic drawings around a real municipality, Kramfors (code 2282; its boundary read
from ../shared/data/kommuner/okfse_swedish_municipalities.geojson): 30 000 respondents,
12 localities inside the boundary, and

- 600 000 points (60 %) in 5 categories, scattered around the localities (about 1 km),
- 250 000 routes (25 %) in 2 categories (travel modes), 2–6 vertices, 200–800 m legs,
- 150 000 areas (15 %) in 4 categories, 7-vertex polygons 150–600 m across.

`aggregate_1m_s` is the wall time of `point_counts` + `corridor_density` +
`consensus_shares` (platskraft/analysis/geo/hexagons.py) over all of them, each per
category with distinct respondents per cell and k-suppression (k = 5): the median of 3
runs after one warm-up on 1 % of the data. `points_s`, `routes_s` and `areas_s` are the
parts of that run.

A route touches the cells of its vertices and, per segment, the grid line of cells
between them (platskraft/analysis/geo/paths.py): in the start cell's local IJ coordinates
as cube coordinates, d + 1 steps (d = grid distance) from start + NUDGE by
(end − start)/d, each rounded to the nearest cell (as `h3.grid_path_cells`, with ties
broken by the fixed nudge instead of floating-point accident).

The reference is the same aggregation feature by feature in a Python loop with h3 and
shapely calls: `h3.latlng_to_cell` per point; per route `h3.latlng_to_cell` per vertex,
`h3.cell_to_local_ij` for both ends of each segment and `h3.local_ij_to_cell` per step of
its grid line; per area `h3.geo_to_cells` (cells whose centre is inside), all collected
into a dict of respondent sets per (category, cell) and suppressed below k. It
runs in the same process on a 1 % sample of each kind (6 000 points, 2 500 routes,
1 500 areas), and its time per feature is scaled to the full counts (`loop_1m_s`,
estimated); `speedup_vs_loop` = loop_1m_s / aggregate_1m_s. The vectorised functions are
run on the same sample and must give the same table (`loop_agrees: 1`,
`loop_mismatched_rows` counts any difference).

`peak_mem_mb` is the process's peak resident memory (data included); `aggregate_mem_mb`
is how far the aggregation raised that peak above the generated data. Targets: under 3 s
and at least 20× faster than the loop; `*_vs_target` ratios below 1.00 (time) and above
1.00 (speed-up) meet them.
"""

import itertools
import json
import math
import resource
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import h3
import h3.api.basic_int as h3i
import numpy as np
import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from platskraft.analysis.geo.hexagons import (  # noqa: E402
    EARTH_RADIUS_M,
    consensus_shares,
    corridor_density,
    point_counts,
)
from platskraft.analysis.geo.paths import NUDGE  # noqa: E402

SHARED = ROOT.parent / "shared" / "data"
CODE = "2282"
RES = 9
K = 5
RESPONDENTS = 30_000
N_POINTS, N_ROUTES, N_AREAS = 600_000, 250_000, 150_000
SAMPLE = 0.01
TARGET_S = 3.0
TARGET_SPEEDUP = 20.0
M_PER_DEG = math.pi / 180 * EARTH_RADIUS_M


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def boundary():
    data = json.loads((SHARED / "kommuner" / "okfse_swedish_municipalities.geojson").read_text())
    (feature,) = [f for f in data["features"] if f["properties"]["id"] == CODE]
    return shape(feature["geometry"])


def inside(area, n, rng):
    west, south, east, north = area.bounds
    out = np.zeros((0, 2))
    while len(out) < n:
        xy = np.column_stack([rng.uniform(west, east, 2 * n), rng.uniform(south, north, 2 * n)])
        out = np.vstack([out, xy[shapely.contains_xy(area, xy[:, 0], xy[:, 1])]])
    return out[:n]


def offset(lon, lat, metres_x, metres_y):
    return lon + metres_x / (M_PER_DEG * np.cos(np.deg2rad(lat))), lat + metres_y / M_PER_DEG


def synthetic(rng):
    area = boundary()
    towns = inside(area, 12, rng)
    weights = rng.dirichlet(np.ones(12))

    def around(n, spread_m):
        at = towns[rng.choice(12, n, p=weights)]
        return offset(at[:, 0], at[:, 1], rng.normal(0, spread_m, n), rng.normal(0, spread_m, n))

    px, py = around(N_POINTS, 1000)
    points = (px, py, rng.integers(0, RESPONDENTS, N_POINTS), rng.integers(0, 5, N_POINTS))

    vertices = rng.integers(3, 7, N_ROUTES)
    sx, sy = around(N_ROUTES, 1500)
    owner = np.repeat(np.arange(N_ROUTES), vertices)
    heading = rng.uniform(0, 2 * np.pi, owner.size)
    leg = rng.uniform(200, 800, owner.size)
    first = np.cumsum(vertices) - vertices
    leg[first] = 0.0
    dx = np.cumsum(leg * np.cos(heading))
    dy = np.cumsum(leg * np.sin(heading))
    dx -= np.repeat(dx[first], vertices)
    dy -= np.repeat(dy[first], vertices)
    rx, ry = offset(sx[owner], sy[owner], dx, dy)
    routes = shapely.linestrings(np.column_stack([rx, ry]), indices=owner)
    routes_data = (routes, rng.integers(0, RESPONDENTS, N_ROUTES), rng.integers(0, 2, N_ROUTES))

    cx, cy = around(N_AREAS, 1000)
    angle = np.sort(rng.uniform(0, 2 * np.pi, (N_AREAS, 7)), axis=1)
    radius = rng.uniform(75, 300, (N_AREAS, 1)) * rng.uniform(0.7, 1.0, (N_AREAS, 7))
    ax, ay = offset(cx[:, None], cy[:, None], radius * np.cos(angle), radius * np.sin(angle))
    rings = np.stack([ax, ay], axis=2)
    rings = np.concatenate([rings, rings[:, :1]], axis=1)
    areas = shapely.polygons(rings)
    areas_data = (areas, rng.integers(0, RESPONDENTS, N_AREAS), rng.integers(0, 4, N_AREAS))
    return points, routes_data, areas_data


def aggregate(points, routes, areas):
    times = {}
    start = time.perf_counter()
    tables = [point_counts(*points[:2], points[2], points[3], resolution=RES, k=K)]
    times["points_s"] = time.perf_counter() - start
    start = time.perf_counter()
    tables.append(corridor_density(*routes, resolution=RES, k=K))
    times["routes_s"] = time.perf_counter() - start
    start = time.perf_counter()
    tables.append(consensus_shares(*areas, resolution=RES, k=K))
    times["areas_s"] = time.perf_counter() - start
    return tables, times


def grid_line(a, b):
    """Cells of the grid line from cell a to cell b (see the module doc), by h3 calls."""
    try:
        i0, j0 = h3i.cell_to_local_ij(a, a)
        i1, j1 = h3i.cell_to_local_ij(a, b)
    except h3.H3BaseException:
        return [a, b]
    start, end = (-i0, j0, i0 - j0), (-i1, j1, i1 - j1)
    d = max(abs(e - s) for s, e in zip(start, end, strict=True))
    steps = [(e - s) / max(d, 1) for s, e in zip(start, end, strict=True)]
    line = []
    for n in range(d + 1):
        at = [(s + nudge) + step * n for s, nudge, step in zip(start, NUDGE, steps, strict=True)]
        i, j, k = (round(v) for v in at)
        di, dj, dk = (abs(r - v) for r, v in zip((i, j, k), at, strict=True))
        if di > dj and di > dk:
            i = -j - k
        elif dj > dk:
            j = -i - k
        line.append(h3i.local_ij_to_cell(a, -i, j))
    return line


def loop(points, routes, areas):
    """The reference: feature by feature, h3/shapely calls, dicts of respondent sets."""
    times = {}
    start = time.perf_counter()
    hits = defaultdict(set)
    for x, y, person, cat in zip(*(a.tolist() for a in points), strict=True):
        hits[cat, h3i.latlng_to_cell(y, x, RES)].add(person)
    tables = [hits]
    times["points"] = time.perf_counter() - start
    start = time.perf_counter()
    hits = defaultdict(set)
    for line, person, cat in zip(routes[0], routes[1].tolist(), routes[2].tolist(), strict=True):
        cells = [h3i.latlng_to_cell(y, x, RES) for x, y in line.coords]
        hits[cat, cells[0]].add(person)
        for a, b in itertools.pairwise(cells):
            for cell in grid_line(a, b):
                hits[cat, cell].add(person)
    tables.append(hits)
    times["routes"] = time.perf_counter() - start
    start = time.perf_counter()
    hits = defaultdict(set)
    for polygon, person, cat in zip(areas[0], areas[1].tolist(), areas[2].tolist(), strict=True):
        for cell in h3i.geo_to_cells(polygon, RES):
            hits[cat, cell].add(person)
    tables.append(hits)
    times["areas"] = time.perf_counter() - start
    published = [{key: len(p) for key, p in t.items() if len(p) >= K} for t in tables]
    return published, times


def subset(data, fraction, rng):
    n = len(data[1])
    take = np.sort(rng.choice(n, int(n * fraction), replace=False))
    return tuple(a[take] for a in data)


def main():
    rng = np.random.default_rng(2282)
    points, routes, areas = synthetic(rng)
    data_mb = peak_mb()
    print(f"features: {N_POINTS + N_ROUTES + N_AREAS}")
    sample = [subset(d, SAMPLE, rng) for d in (points, routes, areas)]
    aggregate(*sample)  # warm-up: imports, lattice fits
    runs = [aggregate(points, routes, areas) for _ in range(3)]
    totals = [sum(t.values()) for _, t in runs]
    best = runs[totals.index(statistics.median(totals))]
    tables, times = best
    total = statistics.median(totals)
    print(f"aggregate_1m_s: {total:.3f}")
    for name, value in times.items():
        print(f"{name}: {value:.3f}")
    print(f"published_cells: {sum(len(t.published()) for t in tables)}")
    print(f"hidden_cells: {sum(int(t.hidden.sum()) for t in tables)}")

    # Side by side on the same 1 % sample (k applies to the sample's own counts).
    reference, loop_times = loop(*sample)
    vector, _ = aggregate(*sample)
    mismatched = 0
    for ref, table in zip(reference, vector, strict=True):
        got = {
            (int(c), int(cell)): int(n)
            for c, cell, n in zip(
                *(getattr(table.published(), a) for a in ("category", "cell", "respondents")),
                strict=True,
            )
        }
        mismatched += len(set(got.items()) ^ set(ref.items()))
    full = {"points": N_POINTS, "routes": N_ROUTES, "areas": N_AREAS}
    loop_total = sum(
        loop_times[kind] / len(d[1]) * full[kind] for kind, d in zip(full, sample, strict=True)
    )
    for kind, d in zip(full, sample, strict=True):
        print(f"loop_{kind}_us_per_feature: {loop_times[kind] / len(d[1]) * 1e6:.1f}")
    print(f"loop_1m_s: {loop_total:.1f}")
    print(f"loop_agrees: {int(mismatched == 0)}")
    print(f"loop_mismatched_rows: {mismatched}")
    speedup = loop_total / total
    print(f"speedup_vs_loop: {speedup:.1f}")
    print(f"aggregate_vs_target_3s: {total / TARGET_S:.2f}")
    print(f"speedup_vs_target_20x: {speedup / TARGET_SPEEDUP:.2f}")
    print(f"peak_mem_mb: {peak_mb():.0f}")
    print(f"aggregate_mem_mb: {peak_mb() - data_mb:.0f}")


if __name__ == "__main__":
    main()
