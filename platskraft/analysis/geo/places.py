"""Mental maps: clusters of points with their commonest words, and trips between localities.

Pure: numpy arrays in, frozen dataclasses out. Both outputs are suppressed like the cell
tables in geo.hexagons: a cluster or an origin–destination pair with fewer than ``k``
distinct respondents is left out, and only the number left out is reported.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import h3.api.basic_int as h3i
import numpy as np

from platskraft.analysis.geo.grid import latlng_to_cells

EARTH_RADIUS_M = 6_371_008.8
WORD = re.compile(r"[a-zåäöéüæø]+(?:-[a-zåäöéüæø]+)*")
# Small Swedish (and a few English) function words; names and reasons keep their nouns.
_STOP_TEXT = """
och i att det som en på är av för med till den har de inte om ett men var jag så
han hon vi ni man vid från ut när kan där här nu eller sig även mycket bara alla
vara blir blev också min mitt mina vår vårt våra deras hans hennes dess denna detta
dessa sin sitt sina efter under över mot mellan utan mer mest många någon något
några inga ingen inget finns fin fint bra ofta alltid gärna the and of to in a is
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def words(text: str) -> list[str]:
    """Lower-case words of a text (å, ä, ö kept), without stop words and one-letter words."""
    return [w for w in WORD.findall(text.lower()) if len(w) > 1 and w not in STOP_WORDS]


@dataclass(frozen=True)
class Cluster:
    """Points whose hexagons touch, with their commonest words (most common first)."""

    cells: tuple[str, ...]  # h3 strings
    lon: float  # mean of the points
    lat: float
    points: int
    respondents: int
    top_words: tuple[tuple[str, int], ...]  # (word, respondents using it)


@dataclass(frozen=True)
class Clusters:
    clusters: tuple[Cluster, ...]  # largest (respondents) first
    suppressed: int  # clusters left out for having fewer than k respondents


def point_clusters(
    lon: np.ndarray,
    lat: np.ndarray,
    respondent: np.ndarray,
    texts: Sequence[str],
    *,
    resolution: int = 9,
    k: int,
    min_points: int = 2,
    top: int = 5,
) -> Clusters:
    """Group points (e.g. landmarks) into clusters, explained in one sentence:

    each point falls in an H3 cell at ``resolution``; cells holding at least
    ``min_points`` points are *dense*; dense cells that are neighbours (share an edge)
    form one cluster. Points in sparse cells belong to no cluster. A word counts once
    per respondent in a cluster (``texts`` are the names or reasons, one per point).
    """
    lon = np.asarray(lon, dtype=np.float64).ravel()
    respondent = np.asarray(respondent, dtype=np.int64).ravel()
    if not (lon.size == np.size(lat) == respondent.size == len(texts)):
        raise ValueError("lon, lat, respondent and texts differ in length")
    cells = latlng_to_cells(lon, lat, resolution)
    distinct, code, counts = np.unique(cells, return_inverse=True, return_counts=True)
    dense = {int(c): i for i, c in enumerate(distinct[counts >= min_points].tolist())}
    parent = list(range(len(dense)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for cell, i in dense.items():
        for other in h3i.grid_ring(cell, 1):
            j = dense.get(other)
            if j is not None:
                parent[root(i)] = root(j)
    label_of_cell = np.full(distinct.size, -1)
    dense_index = np.flatnonzero(counts >= min_points)
    label_of_cell[dense_index] = [root(i) for i in range(len(dense))]
    label = label_of_cell[code]
    found, suppressed = [], 0
    for group in np.unique(label[label >= 0]):
        members = np.flatnonzero(label == group)
        people = np.unique(respondent[members])
        if people.size < k:
            suppressed += 1
            continue
        word_people: Counter[str] = Counter()
        for person in people:
            mine = members[respondent[members] == person]
            word_people.update({w for i in mine for w in words(texts[i])})
        top_words = sorted(word_people.items(), key=lambda item: (-item[1], item[0]))[:top]
        found.append(
            Cluster(
                cells=tuple(h3i.int_to_str(int(c)) for c in np.unique(cells[members])),
                lon=float(lon[members].mean()),
                lat=float(np.asarray(lat, dtype=np.float64).ravel()[members].mean()),
                points=int(members.size),
                respondents=int(people.size),
                top_words=tuple(top_words),
            )
        )
    found.sort(key=lambda c: (-c.respondents, -c.points, c.cells))
    return Clusters(tuple(found), suppressed)


@dataclass(frozen=True)
class Locality:
    name: str
    lon: float
    lat: float


@dataclass(frozen=True)
class Flow:
    origin: str
    destination: str
    routes: int
    respondents: int


@dataclass(frozen=True)
class Flows:
    flows: tuple[Flow, ...]  # most respondents first
    unplaced: int  # routes with an end farther than max_m from every locality
    suppressed: int  # pairs left out for having fewer than k respondents


def nearest_locality(
    lon: np.ndarray, lat: np.ndarray, localities: Sequence[Locality], max_m: float
) -> np.ndarray:
    """Index of the nearest locality (great-circle distance), or -1 beyond ``max_m``."""
    lon = np.deg2rad(np.asarray(lon, dtype=np.float64).ravel())[:, None]
    lat = np.deg2rad(np.asarray(lat, dtype=np.float64).ravel())[:, None]
    if not localities:
        return np.full(lon.shape[0], -1)
    l_lon = np.deg2rad([p.lon for p in localities])[None, :]
    l_lat = np.deg2rad([p.lat for p in localities])[None, :]
    h = (
        np.sin((l_lat - lat) / 2) ** 2
        + np.cos(lat) * np.cos(l_lat) * np.sin((l_lon - lon) / 2) ** 2
    )
    distance = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    best = distance.argmin(axis=1)
    return np.where(distance[np.arange(best.size), best] <= max_m, best, -1)


def od_counts(
    start_lon: np.ndarray,
    start_lat: np.ndarray,
    end_lon: np.ndarray,
    end_lat: np.ndarray,
    respondent: np.ndarray,
    localities: Sequence[Locality],
    *,
    max_m: float,
    k: int,
) -> Flows:
    """Routes between localities, from each route's first and last point.

    Each end goes to the nearest locality within ``max_m`` metres; a route with an end
    near none is *unplaced*. Pairs are directed (A→B differs from B→A) and include A→A.
    """
    respondent = np.asarray(respondent, dtype=np.int64).ravel()
    origin = nearest_locality(start_lon, start_lat, localities, max_m)
    destination = nearest_locality(end_lon, end_lat, localities, max_m)
    if not (origin.size == destination.size == respondent.size):
        raise ValueError("route ends and respondents differ in length")
    placed = (origin >= 0) & (destination >= 0)
    n = max(len(localities), 1)
    pair = origin[placed] * n + destination[placed]
    routes = np.bincount(pair, minlength=n * n)
    people = (
        np.unique(np.stack([pair, respondent[placed]], axis=1), axis=0)[:, 0] if pair.size else pair
    )
    distinct = np.bincount(people, minlength=n * n)
    flows, suppressed = [], 0
    for p in np.flatnonzero(routes):
        if distinct[p] < k:
            suppressed += 1
            continue
        flows.append(
            Flow(localities[p // n].name, localities[p % n].name, int(routes[p]), int(distinct[p]))
        )
    flows.sort(key=lambda f: (-f.respondents, -f.routes, f.origin, f.destination))
    return Flows(tuple(flows), int((~placed).sum()), suppressed)
