"""Everything the analysis page (and its exports) shows for a survey and its filters.

`map_analysis` picks the map question and layer, reads the answers of the chosen round
(this survey, its previous round, or both to compare), keeps the respondents of the
chosen segment, aggregates the layer (`layers.layer_counts`) and turns the published
rows into table rows and GeoJSON features coloured by class. Hidden cells are only
counted, never located.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import h3.api.basic_int as h3i
import numpy as np
from django.utils.translation import gettext as _

from platskraft.analysis.geo.hexagons import RoundDifference, round_difference
from platskraft.analysis.geo.places import Locality as Place
from platskraft.surveys.answering import Item, Structure
from platskraft.surveys.models import Locality, PlaceKind, SurveyStatus

from .cache import cached_counts
from .filters import Filters
from .layers import LayerCounts
from .scales import Scale, change_scale, count_scale, share_scale


def is_map(item: Item) -> bool:
    kind = _kind(item)
    return kind is not None and kind.analysis == "map"


def _kind(item: Item):
    try:
        return item.kind
    except KeyError:  # a type this installation does not know
        return None


def filter_questions(structure: Structure) -> list[Item]:
    """Questions respondents can be filtered by: segment questions first, then any other
    single-choice question."""
    single = [
        i for i in structure.all_items() if _kind(i) is not None and i.kind.analysis == "choice"
    ]
    return [i for i in single if i.kind.segment] + [i for i in single if not i.kind.segment]


def _categories(item: Item):
    return item.kind.categories(item.question, item.choices, item.rows)


@dataclass
class CellRow:
    cell: str
    lat: float
    lon: float
    category: str
    respondents: int | None
    drawings: int | None
    share: float | None
    colour: str
    # Comparing rounds
    share_before: float | None = None
    change: float | None = None
    respondents_before: int | None = None

    @property
    def percent(self) -> float | None:
        return None if self.share is None else 100 * self.share

    @property
    def percent_before(self) -> float | None:
        return None if self.share_before is None else 100 * self.share_before

    @property
    def change_points(self) -> float | None:
        return None if self.change is None else 100 * self.change


@dataclass
class ClusterRow:
    label: str
    lat: float
    lon: float
    points: int
    respondents: int
    words: list[tuple[str, int]]


@dataclass
class Analysis:
    survey: object
    public: bool
    filters: Filters
    threshold: int
    questions: list[Item] = field(default_factory=list)
    item: Item | None = None
    layers: list[dict] = field(default_factory=list)
    layer: dict | None = None
    filter_items: list[Item] = field(default_factory=list)
    filter_item: Item | None = None
    filter_values: list = field(default_factory=list)  # Choice of the filter question
    rounds: list[tuple[str, str]] = field(default_factory=list)
    previous: object | None = None  # the previous round's survey, when it can be shown
    counts: LayerCounts | None = None
    counts_before: LayerCounts | None = None
    difference: RoundDifference | None = None
    rows: list[CellRow] = field(default_factory=list)
    hidden_cells: int = 0
    scale: Scale | None = None
    measure: str = "respondents"  # respondents, share or change
    clusters: list[ClusterRow] = field(default_factory=list)
    flows: list = field(default_factory=list)
    features: list[dict] = field(default_factory=list)
    missing_in_round: bool = False  # the chosen round lacks the question or layer

    @property
    def k(self) -> int:
        return self.filters.k

    @property
    def too_few(self) -> bool:
        """Fewer than k drew in the layer: only that is said."""
        return self.counts is not None and self.counts.respondents < self.k

    @property
    def many_categories(self) -> bool:
        return len({r.category for r in self.rows}) > 1

    @property
    def filter_groups(self) -> list[tuple[Item, list]]:
        return [(item, _categories(item)) for item in self.filter_items]

    @property
    def layer_choices(self) -> list[dict]:
        return list((self.layer or {}).get("choices") or [])


def _match(structure: Structure, code: str) -> Item | None:
    return next((i for i in structure.all_items() if i.question.code == code), None)


def _previous(survey, public: bool):
    previous = survey.previous_round
    if previous is None or previous.municipality_id != survey.municipality_id:
        return None
    if public and not (previous.results_public and previous.status != SurveyStatus.DRAFT):
        return None
    return previous


def localities(municipality) -> list[Place]:
    """The gazetteer's localities with a point, for trips between them."""
    rows = Locality.objects.filter(
        municipality=municipality, kind=PlaceKind.LOCALITY, latitude__isnull=False
    ).values_list("name", "longitude", "latitude")
    return [Place(name, lon, lat) for name, lon, lat in rows]


def _counts(survey, item: Item, layer: dict, analysis: Analysis, structure: Structure):
    filter_item = None
    if analysis.filter_item is not None and analysis.filters.value is not None:
        filter_item = _match(structure, analysis.filter_item.question.code)
        if filter_item is None:
            return None
    return cached_counts(
        survey=survey,
        question=item.question,
        layer=layer,
        filter_question=filter_item.question if filter_item else None,
        filters=analysis.filters,
    )


def map_analysis(*, survey, filters: Filters, public: bool) -> Analysis:
    threshold = survey.municipality.publication_threshold
    analysis = Analysis(survey=survey, public=public, filters=filters, threshold=threshold)
    structure = Structure.load(survey)
    analysis.questions = [i for i in structure.all_items() if is_map(i)]
    if not analysis.questions:
        return analysis
    item = next(
        (i for i in analysis.questions if i.question.pk == filters.question), analysis.questions[0]
    )
    analysis.item = item
    analysis.layers = [
        lay for lay in (item.question.settings or {}).get("layers", []) if lay.get("key")
    ]
    if not analysis.layers:
        return analysis
    layer = next(
        (lay for lay in analysis.layers if lay["key"] == filters.layer), analysis.layers[0]
    )
    analysis.layer = layer
    analysis.filter_items = filter_questions(structure)
    analysis.filter_item = next(
        (i for i in analysis.filter_items if i.question.pk == filters.by), None
    )
    if analysis.filter_item is not None:
        analysis.filter_values = _categories(analysis.filter_item)
    analysis.previous = _previous(survey, public)
    analysis.rounds = [("this", _("This round"))]
    if analysis.previous is not None:
        analysis.rounds += [("previous", _("Previous round")), ("change", _("Change since"))]
    round_ = filters.round if analysis.previous is not None else "this"

    if round_ in ("previous", "change"):
        before = Structure.load(analysis.previous)
        before_item = _match(before, item.question.code)
        before_layer = None
        if before_item is not None and is_map(before_item):
            layers = (before_item.question.settings or {}).get("layers", [])
            before_layer = next((lay for lay in layers if lay.get("key") == layer["key"]), None)
        if before_layer is None:
            analysis.missing_in_round = True
            return analysis
        analysis.counts_before = _counts(
            analysis.previous, before_item, before_layer, analysis, before
        )
        if analysis.counts_before is None:
            analysis.missing_in_round = True
            return analysis
    if round_ == "previous":
        analysis.counts = analysis.counts_before
    else:
        analysis.counts = _counts(survey, item, layer, analysis, structure)
    _present(analysis, round_)
    return analysis


def _cell_rows(table, categories, measure, k) -> tuple[list[CellRow], Scale]:
    published = table.published()
    shares = published.share
    scale = share_scale() if measure == "share" else count_scale(published.respondents, k)
    colours = scale.colour(shares if measure == "share" else published.respondents)
    rows = []
    for i, (cat, cell, n, d, s) in enumerate(published.rows()):
        lat, lon = h3i.cell_to_latlng(h3i.str_to_int(cell))
        rows.append(CellRow(cell, lat, lon, categories.get(cat, str(cat)), n, d, s, colours[i]))
    rows.sort(key=lambda r: (-r.respondents, r.category, r.cell))
    return rows, scale


def _difference_rows(difference: RoundDifference, categories) -> tuple[list[CellRow], Scale]:
    scale = change_scale()
    shown = ~difference.hidden
    colours = scale.colour(difference.share_change[shown])
    rows = []
    for i, at in enumerate(np.flatnonzero(shown).tolist()):
        cell = int(difference.cell[at])
        lat, lon = h3i.cell_to_latlng(cell)
        rows.append(
            CellRow(
                h3i.int_to_str(cell),
                lat,
                lon,
                categories.get(int(difference.category[at]), ""),
                int(difference.respondents_b[at]),
                None,
                float(difference.share_b[at]),
                colours[i],
                share_before=float(difference.share_a[at]),
                change=float(difference.share_change[at]),
                respondents_before=int(difference.respondents_a[at]),
            )
        )
    rows.sort(key=lambda r: (-abs(r.change), r.category, r.cell))
    return rows, scale


def _present(analysis: Analysis, round_: str) -> None:
    counts = analysis.counts
    if counts is None or analysis.too_few:
        return
    k = analysis.k
    analysis.measure = "share" if counts.geometry == "area" else "respondents"
    if round_ == "change":
        before = analysis.counts_before
        analysis.difference = round_difference(before.table, counts.table, k=k)
        analysis.rows, analysis.scale = _difference_rows(analysis.difference, counts.categories)
        analysis.hidden_cells = int(analysis.difference.hidden.sum())
        analysis.measure = "change"
    else:
        analysis.rows, analysis.scale = _cell_rows(
            counts.table, counts.categories, analysis.measure, k
        )
        analysis.hidden_cells = int(counts.table.hidden.sum())
    if counts.clusters is not None and round_ != "change":
        for n, cluster in enumerate(counts.clusters.clusters, start=1):
            kept = [(w, c) for w, c in cluster.top_words if c >= k]
            label = ", ".join(w for w, _c in kept[:3]) or _("Cluster %(number)s") % {"number": n}
            analysis.clusters.append(
                ClusterRow(
                    label, cluster.lat, cluster.lon, cluster.points, cluster.respondents, kept
                )
            )
    if counts.flows is not None and round_ != "change":
        analysis.flows = list(counts.flows.flows)


__all__ = ["Analysis", "filter_questions", "is_map", "localities", "map_analysis"]
