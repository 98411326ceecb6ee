"""Counts of codes by segment and locality: child codes rolled up into their parents, a
passage counted once per code even when several codes below apply, distinct interviews,
filters."""

from datetime import date

import pytest

from platskraft.municipalities.tests.factories import ProcessFactory

from ..models import InterviewKind, Segment
from ..selectors.counts import BY_LOCALITY, NO_LOCALITY, Filters, code_counts, code_passages
from .factories import CodeFactory, InterviewFactory, LocalityFactory, PassageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def grid(table) -> dict[str, dict[str, tuple[int, int]]]:
    return {
        row.node.label: {
            **{c.column.key: (c.passages, c.interviews) for c in row.cells},
            "total": (row.total.passages, row.total.interviews),
        }
        for row in table.rows
    }


@pytest.fixture
def coded(kramfors):
    movement = CodeFactory(municipality=kramfors, name="Movement", position=1)
    visits = CodeFactory(municipality=kramfors, name="Visits", parent=movement, position=1)
    moving = CodeFactory(municipality=kramfors, name="Moving in", parent=movement, position=2)
    pride = CodeFactory(municipality=kramfors, name="Pride", position=2)
    nyland = LocalityFactory(municipality=kramfors, name="Nyland", position=2)
    bollsta = LocalityFactory(municipality=kramfors, name="Bollstabruk", position=1)
    process = ProcessFactory(municipality=kramfors)
    notes = "alpha beta gamma delta"
    first = InterviewFactory(
        municipality=kramfors,
        notes=notes,
        segment=Segment.RESIDENT,
        locality=nyland,
        process=process,
        date=date(2026, 3, 1),
    )
    second = InterviewFactory(
        municipality=kramfors,
        notes=notes,
        segment=Segment.RESIDENT,
        locality=bollsta,
        date=date(2026, 4, 1),
        kind=InterviewKind.FOCUS_GROUP,
    )
    third = InterviewFactory(
        municipality=kramfors,
        notes=notes,
        segment=Segment.BUSINESS,
        locality=None,
        date=date(2026, 5, 1),
    )
    # One passage with two codes below "Movement": counted once for Movement.
    PassageFactory(interview=first, text="alpha", codes=[visits, moving])
    PassageFactory(interview=first, text="beta", codes=[visits])
    PassageFactory(interview=first, text="gamma", codes=[pride])
    PassageFactory(interview=second, text="alpha", codes=[moving, pride])
    PassageFactory(interview=third, text="delta", codes=[movement])
    return {"nyland": nyland, "bollsta": bollsta, "process": process, "movement": movement}


def test_counts_by_segment_roll_children_up_once_per_passage(kramfors, coded):
    table = code_counts(kramfors)
    assert [c.key for c in table.columns] == [Segment.RESIDENT, Segment.BUSINESS]
    assert [c.interviews for c in table.columns] == [2, 1]
    assert (table.interviews, table.coded_interviews, table.passages) == (3, 3, 5)
    assert grid(table) == {
        "Movement": {"resident": (3, 2), "businesses": (1, 1), "total": (4, 3)},
        "Movement › Visits": {"resident": (2, 1), "businesses": (0, 0), "total": (2, 1)},
        "Movement › Moving in": {"resident": (2, 2), "businesses": (0, 0), "total": (2, 2)},
        "Pride": {"resident": (2, 2), "businesses": (0, 0), "total": (2, 2)},
    }


def test_counts_by_locality_in_gazetteer_order_with_unknown_last(kramfors, coded):
    table = code_counts(kramfors, by=BY_LOCALITY)
    bollsta, nyland = str(coded["bollsta"].pk), str(coded["nyland"].pk)
    assert [c.key for c in table.columns] == [bollsta, nyland, NO_LOCALITY]
    assert [c.label for c in table.columns] == ["Bollstabruk", "Nyland", "Locality not given"]
    counts = grid(table)
    assert counts["Movement"] == {
        bollsta: (1, 1),
        nyland: (2, 1),
        NO_LOCALITY: (1, 1),
        "total": (4, 3),
    }
    assert counts["Pride"] == {
        bollsta: (1, 1),
        nyland: (1, 1),
        NO_LOCALITY: (0, 0),
        "total": (2, 2),
    }


def test_filters_by_process_kind_and_dates(kramfors, coded):
    by_process = code_counts(kramfors, filters=Filters(process=coded["process"]))
    assert grid(by_process)["Movement"] == {"resident": (2, 1), "total": (2, 1)}
    groups = code_counts(kramfors, filters=Filters(kind=InterviewKind.FOCUS_GROUP))
    assert grid(groups)["Pride"]["total"] == (1, 1)
    spring = code_counts(
        kramfors, filters=Filters(date_from=date(2026, 3, 15), date_to=date(2026, 5, 1))
    )
    assert grid(spring)["Movement"]["total"] == (2, 2)
    assert spring.interviews == 2


def test_a_codes_passages_include_those_of_codes_below(kramfors, coded, lund):
    movement = coded["movement"]
    assert len(code_passages(kramfors, code=movement)) == 4
    only_nyland = code_passages(
        kramfors, code=movement, by=BY_LOCALITY, column=str(coded["nyland"].pk)
    )
    assert sorted(p.text for p in only_nyland) == ["alpha", "beta"]
    unknown = code_passages(kramfors, code=movement, by=BY_LOCALITY, column=NO_LOCALITY)
    assert [p.text for p in unknown] == ["delta"]
    business = code_passages(kramfors, code=movement, by="segment", column=Segment.BUSINESS)
    assert [p.text for p in business] == ["delta"]
    # Another municipality's interviews never count.
    InterviewFactory(municipality=lund)
    assert code_counts(kramfors).interviews == 3
