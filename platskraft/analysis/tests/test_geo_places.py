"""Clusters of points with their words, and origin–destination counts: pure, no database."""

import h3.api.basic_int as h3i
import numpy as np
import pytest

from platskraft.analysis.geo.places import (
    Flow,
    Locality,
    nearest_locality,
    od_counts,
    point_clusters,
    words,
)

RES = 9


def centre(lon, lat):
    lat_c, lon_c = h3i.cell_to_latlng(h3i.latlng_to_cell(lat, lon, RES))
    return lon_c, lat_c


def test_words_are_lower_case_swedish_without_stop_words():
    assert words("Högakustenbron och utsikten över Ådalen, i solnedgången!") == [
        "högakustenbron",
        "utsikten",
        "ådalen",
        "solnedgången",
    ]
    assert words("") == [] and words("i och å") == []


def test_neighbouring_dense_cells_form_one_cluster_with_its_words():
    a = centre(17.78, 62.93)
    b_cell = h3i.grid_ring(h3i.latlng_to_cell(a[1], a[0], RES), 1)[0]
    b = h3i.cell_to_latlng(b_cell)[::-1]
    far = centre(17.95, 62.80)
    lon = np.array([a[0], a[0], b[0], b[0], far[0], far[0], 18.2])
    lat = np.array([a[1], a[1], b[1], b[1], far[1], far[1], 62.5])
    respondent = np.array([1, 2, 2, 3, 4, 4, 5])
    texts = ["Bron", "bron och älven", "Bron", "Kyrkan", "Torget", "torget", "ensam"]
    result = point_clusters(lon, lat, respondent, texts, resolution=RES, k=2)
    (cluster,) = result.clusters
    assert cluster.points == 4 and cluster.respondents == 3
    # respondent 2 wrote "bron" twice: counted once
    assert cluster.top_words[:2] == (("bron", 2), ("kyrkan", 1))
    assert len(cluster.cells) == 2
    assert result.suppressed == 1  # the "torget" cluster: one respondent


def test_clusters_refuse_mismatched_lengths():
    with pytest.raises(ValueError, match="length"):
        point_clusters(np.array([17.0]), np.array([62.0]), np.array([1, 2]), ["x"], k=1)


TOWNS = [Locality("Kramfors", 17.78, 62.93), Locality("Bollstabruk", 17.69, 63.00)]


def test_nearest_locality_within_distance():
    found = nearest_locality(
        np.array([17.781, 17.69, 16.0]), np.array([62.93, 63.001, 62.0]), TOWNS, 2000
    )
    assert found.tolist() == [0, 1, -1]


def test_od_counts_routes_and_distinct_respondents_with_suppression():
    start_lon = np.array([17.78, 17.78, 17.78, 17.69, 10.0])
    start_lat = np.array([62.93, 62.93, 62.93, 63.0, 60.0])
    end_lon = np.array([17.69, 17.69, 17.69, 17.78, 17.69])
    end_lat = np.array([63.0, 63.0, 63.0, 62.93, 63.0])
    respondent = np.array([1, 1, 2, 3, 4])
    flows = od_counts(start_lon, start_lat, end_lon, end_lat, respondent, TOWNS, max_m=1500, k=2)
    assert flows.flows == (Flow("Kramfors", "Bollstabruk", routes=3, respondents=2),)
    assert flows.unplaced == 1 and flows.suppressed == 1
