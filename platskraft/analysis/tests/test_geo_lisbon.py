"""The consensus surface on real PPGIS data: CityMe, 222 Lisbon residents' drawn areas.

Data: ``<shared data>/ppgis/cityme_lisbon/survey_data_22.06.csv`` (see its README.md), read
at test time, never copied. One row per answer; rows with a ``POLYGON`` in ``st_astext``
are drawn areas (1 743 of them, by 168 of the 222 respondents), ``survey_id`` is the respondent and ``option_id`` the region the area
stands for (Alfama, Bairro Alto, nightlife, …): each region is one layer.

Agreement documented here: for 50 cells drawn at random (seed 22) from every (region,
cell) row at H3 resolution 9, ``consensus_shares`` gives exactly the share computed
directly with shapely — the respondents with an area in that region whose polygon
contains the cell's centre (``h3.cell_to_latlng``), divided by the respondents who drew
that region — and so also the same respondent count. Cells that nobody covers are absent
in both. Geometries are used as drawn (not repaired) on both sides.
"""

import csv
from collections import defaultdict

import h3.api.basic_int as h3i
import numpy as np
import shapely

from platskraft.analysis.geo.hexagons import consensus_shares

RES = 9
SAMPLE = 50


def read_areas(path):
    csv.field_size_limit(10**8)
    people, regions, wkt, everyone = [], [], [], set()
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            everyone.add(row["survey_id"])
            if row["st_astext"].startswith("POLYGON"):
                people.append(row["survey_id"])
                regions.append(row["option_id"])
                wkt.append(row["st_astext"])
    return people, regions, shapely.from_wkt(wkt), len(everyone)


def test_consensus_shares_equal_a_direct_shapely_count_on_lisbon(shared_data):
    path = shared_data / "ppgis" / "cityme_lisbon" / "survey_data_22.06.csv"
    people, regions, areas, answered = read_areas(path)
    assert answered == 222 and len(set(people)) == 168 and len(areas) == 1743
    person_ids = {p: i for i, p in enumerate(sorted(set(people)))}
    region_ids = {r: i for i, r in enumerate(sorted(set(regions)))}
    respondent = np.array([person_ids[p] for p in people])
    category = np.array([region_ids[r] for r in regions])

    table = consensus_shares(areas, respondent, category, resolution=RES, k=1)
    assert len(table) > 1000 and not table.hidden.any()

    drew = defaultdict(set)
    for person, region in zip(respondent.tolist(), category.tolist(), strict=True):
        drew[region].add(person)
    rng = np.random.default_rng(22)
    for row in rng.choice(len(table), SAMPLE, replace=False):
        region, cell = int(table.category[row]), int(table.cell[row])
        lat, lon = h3i.cell_to_latlng(cell)
        mine = category == region
        inside = shapely.contains_xy(areas[mine], lon, lat)
        covering = set(respondent[mine][inside].tolist())
        assert table.respondents[row] == len(covering)
        assert table.layer_respondents[row] == len(drew[region])
        assert table.share[row] == len(covering) / len(drew[region])
