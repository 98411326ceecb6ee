"""The analysis on a small survey whose counts are worked out by hand (see `data`)."""

import h3
import numpy as np
import pytest
from django.http import QueryDict
from django.utils import translation

from platskraft.maps.selectors import Filters, map_analysis
from platskraft.maps.selectors.reading import AREA, LINE, NO_GEOMETRY, POINT, read_map_answers

from .data import BRIDGE, KRAMFORS, gazetteer, map_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def town(kramfors):
    kramfors.publication_threshold = 2
    kramfors.save()
    gazetteer(kramfors)
    return kramfors


def cell(lon_lat, res=9):
    return h3.latlng_to_cell(lon_lat[1], lon_lat[0], res)


def run(survey, public=False, **query):
    q = QueryDict(mutable=True)
    q.update({key: str(value) for key, value in query.items()})
    filters = Filters.from_query(
        q, threshold=survey.municipality.publication_threshold, staff=not public
    )
    return map_analysis(survey=survey, filters=filters, public=public)


def cells(analysis) -> dict:
    return {row.cell: (row.respondents, row.drawings, row.share) for row in analysis.rows}


def test_reading_gives_one_entry_per_item_of_complete_responses(town):
    survey, question, role = map_survey(town)
    keys = [layer["key"] for layer in question.settings["layers"]]
    answers = read_map_answers(
        survey=survey, question=question, layer_keys=keys, filter_question=role
    )
    assert answers.responses == 5  # the started response is left out
    assert answers.respondent.tolist() == [0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 3, 4]
    assert answers.kind.tolist() == [
        POINT, POINT, POINT, AREA, POINT, POINT, AREA, POINT, LINE, POINT, LINE, AREA, LINE,
        NO_GEOMETRY,
    ]  # fmt: skip
    assert answers.filter_codes.tolist() == [1, 1, 2, 2, 1]
    assert answers.geometry[8].coords[0] == KRAMFORS
    assert answers.description[13] == "The bus station in the evening"
    assert answers.choice[:2].tolist() == [1, 2]


def test_point_counts_per_cell_equal_the_hand_count(town):
    survey, _q, _r = map_survey(town)
    analysis = run(survey, layer="visit")
    # Kramfors: r0 (twice), r1, r3 → 3 respondents, 4 drawings, of the 4 who drew.
    assert cells(analysis) == {cell(KRAMFORS): (3, 4, 0.75)}
    assert analysis.hidden_cells == 1  # the bridge: only r2
    assert analysis.counts.respondents == 4
    assert analysis.counts.drawings == 5


def test_a_segment_filter_keeps_only_its_respondents(town):
    survey, _q, role = map_survey(town)
    residents = run(survey, layer="visit", segment=f"{role.pk}:1")
    assert cells(residents) == {cell(KRAMFORS): (2, 3, 1.0)}
    visitors = run(survey, layer="visit", by=role.pk, value=2)
    assert visitors.rows == [] and visitors.hidden_cells == 2
    assert visitors.counts.respondents == 2


def test_a_choice_filter_keeps_only_those_drawings(town):
    survey, _q, _r = map_survey(town)
    shopping = run(survey, layer="visit", choice=1)
    assert cells(shopping) == {cell(KRAMFORS): (3, 3, 0.75)}


def test_raising_k_hides_more_and_the_public_page_cannot_lower_or_raise_it(town):
    survey, _q, _r = map_survey(town)
    assert run(survey, layer="visit", k=4).rows == []
    assert run(survey, layer="visit", k=4).hidden_cells == 2
    assert run(survey, layer="visit", k=1).k == 2  # never below the municipality's
    assert len(run(survey, public=True, layer="visit", k=4).rows) == 1  # ignored


def test_too_few_in_a_layer_says_only_that(town):
    survey, _q, _r = map_survey(town)
    analysis = run(survey, layer="avoid")
    assert analysis.too_few and analysis.rows == []


def test_routes_give_corridors_and_trips_between_localities(town):
    survey, _q, _r = map_survey(town)
    analysis = run(survey, layer="route")
    assert cells(analysis)[cell(KRAMFORS)][0] == 2
    assert all(n == 2 for n, _d, _s in cells(analysis).values())
    [flow] = analysis.flows
    assert (flow.origin, flow.destination, flow.respondents, flow.routes) == (
        "Kramfors",
        "Bollstabruk",
        2,
        2,
    )


def test_boundaries_are_keyed_by_their_kind(town):
    town.publication_threshold = 1
    town.save()
    survey, _q, _r = map_survey(town)
    analysis = run(survey, layer="border")
    assert {row.category for row in analysis.rows} == {"Physical", "Emotional"}
    assert analysis.many_categories
    # The emotional border was drawn as an area: counted along its outline only.
    emotional = {row.cell for row in analysis.rows if row.category == "Emotional"}
    assert cell(BRIDGE) not in emotional


def test_areas_give_consensus_shares(town):
    survey, _q, _r = map_survey(town)
    analysis = run(survey, layer="centre")
    assert analysis.measure == "share"
    assert cells(analysis)[cell(KRAMFORS)] == (2, 2, 1.0)
    assert all(row.share == 1.0 for row in analysis.rows)  # only the larger square's rim is hidden
    assert analysis.hidden_cells > 0


def test_landmarks_cluster_with_their_words(town):
    survey, _q, _r = map_survey(town)
    analysis = run(survey, layer="landmark")
    [cluster] = analysis.clusters
    assert cluster.respondents == 2
    assert cluster.label.startswith("högakustenbron")
    assert ("bron", 1) not in cluster.words  # a word only one respondent used is not shown


def test_resolution_changes_the_cells(town):
    survey, _q, _r = map_survey(town)
    assert cells(run(survey, layer="visit", res=8)) == {cell(KRAMFORS, 8): (3, 4, 0.75)}
    assert run(survey, layer="visit", res=7).filters.resolution == 9


def test_rounds_previous_and_change(town):
    before, _q, _r = map_survey(town, title="2024", results_public=True)
    now, _q2, role = map_survey(town, title="2026", previous=before, answers=[
        (1, [{"layer": "visit", "geometry": {"type": "Point", "coordinates": list(KRAMFORS)}}]),
        (1, [{"layer": "visit", "geometry": {"type": "Point", "coordinates": list(KRAMFORS)}}]),
    ])  # fmt: skip
    previous = run(now, layer="visit", round="previous")
    assert cells(previous) == {cell(KRAMFORS): (3, 4, 0.75)}
    change = run(now, layer="visit", round="change")
    [row] = change.rows
    assert (row.respondents_before, row.respondents) == (3, 2)
    assert row.change == pytest.approx(1.0 - 0.75)
    assert change.measure == "change"
    # Segment filters apply to both rounds (matched by the question's code).
    filtered = run(now, layer="visit", round="previous", segment=f"{role.pk}:1")
    assert cells(filtered) == {cell(KRAMFORS): (2, 3, 1.0)}


def test_the_public_page_offers_the_previous_round_only_when_it_is_published(town):
    before, _q, _r = map_survey(town, title="2024", results_public=False)
    now, _q2, _r2 = map_survey(town, title="2026", previous=before, results_public=True)
    assert run(now, public=True, round="previous").counts is not None
    assert len(run(now, public=True).rounds) == 1
    assert len(run(now).rounds) == 3


def test_cell_table_colours_follow_the_legend(town):
    town.publication_threshold = 1
    town.save()
    survey, _q, _r = map_survey(town)
    analysis = run(survey, layer="visit")
    colours = dict(analysis.scale.legend).values()
    assert all(row.colour in colours for row in analysis.rows)
    counts = np.array([row.respondents for row in analysis.rows])
    top = analysis.rows[int(counts.argmax())]
    assert top.colour == analysis.scale.colours[-1]


def test_no_map_question(town):
    from platskraft.surveys.tests.factories import SurveyFactory

    analysis = run(SurveyFactory(municipality=town))
    assert analysis.item is None and analysis.rows == []
