"""Results across questions and rounds: cross-tabulation by a segment question, the
response rate over time, and the comparison with the survey's previous round."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext as _

from platskraft.analysis.surveys import (
    Cell,
    compare_frequencies,
    crosstab,
    frequencies,
    multiple_frequencies,
    responses_over_time,
)

from .. import charts
from ..answering import Item, Structure
from ..models import SurveyStatus
from .columns import Column, Columns, load_columns
from .figures import hide_each, hide_small

CROSSTAB_ROWS = {"choice", "scale", "nps"}  # one code per respondent
COMPARABLE = {"choice", "scale", "nps", "multiple"}
DAYS_AT_MOST = 3 * 366


# --- Cross-tabulation ------------------------------------------------------------------------


@dataclass
class CrossRow:
    label: str
    cells: list[Cell]
    total: Cell


@dataclass
class CrossTable:
    by: Item  # the segment question: the columns
    question: Item  # the question broken down: the rows
    threshold: int
    columns: list[str]
    rows: list[CrossRow]
    column_totals: list[Cell]
    total: Cell
    chart: dict

    @property
    def any_hidden(self) -> bool:
        cells = [c for row in self.rows for c in (*row.cells, row.total)]
        return any(c.hidden for c in (*cells, *self.column_totals, self.total))


@dataclass
class CrosstabSection:
    """The choice of questions offered, the ones chosen, and their table."""

    segments: list[Item]
    questions: list[Item]
    by_item: Item | None
    question_item: Item | None
    table: CrossTable | None


def crosstab_choices(columns: Columns) -> tuple[list[Item], list[Item]]:
    """The questions to break down by (segment questions; any single choice question when
    the survey has none) and the questions that can be broken down (one answer each)."""
    single = [c.item for c in columns if c.codes is not None]
    segments = [item for item in single if item.kind.segment]
    if not segments:
        segments = [item for item in single if item.kind.analysis == "choice"]
    questions = [item for item in single if item.kind.analysis in CROSSTAB_ROWS]
    return segments, questions


def crosstab_section(
    *, columns: Columns, by: int | None, question: int | None, threshold: int
) -> CrosstabSection:
    segments, questions = crosstab_choices(columns)
    by_item = next((i for i in segments if i.question.pk == by), segments[0] if segments else None)
    candidates = [i for i in questions if by_item is None or i.question.pk != by_item.question.pk]
    candidates.sort(key=lambda item: item.kind.segment)  # by default not another segment
    question_item = next(
        (i for i in candidates if i.question.pk == question), candidates[0] if candidates else None
    )
    table = None
    if by_item is not None and question_item is not None:
        table = crosstab_table(
            columns=columns,
            by=by_item.question.pk,
            question=question_item.question.pk,
            threshold=threshold,
        )
    return CrosstabSection(segments, questions, by_item, question_item, table)


def crosstab_table(*, columns: Columns, by: int, question: int, threshold: int) -> CrossTable:
    """`question`'s answers (rows) in each group of the segment question `by` (columns),
    small counts hidden (see `platskraft.analysis.surveys.crosstab`)."""
    segment, asked = columns[by], columns[question]
    table = crosstab(
        asked.codes,
        segment.codes,
        [c.value for c in asked.categories],
        [c.value for c in segment.categories],
        threshold,
    )
    column_labels = [c.label for c in segment.categories]
    row_labels = [c.label for c in asked.categories]
    cells = table.cells()
    rows = [
        CrossRow(label, list(cells[i]), table.row_total_cell(i))
        for i, label in enumerate(row_labels)
    ]
    shares = [
        (row_labels[i], column_labels[j], cell.share)
        for i in range(len(row_labels))
        for j, cell in enumerate(cells[i])
        if cell.share is not None
    ]
    return CrossTable(
        by=segment.item,
        question=asked.item,
        threshold=threshold,
        columns=column_labels,
        rows=rows,
        column_totals=[table.col_total_cell(j) for j in range(len(column_labels))],
        total=table.grand_total_cell(),
        chart=charts.grouped_shares(
            shares,
            categories=row_labels,
            groups=column_labels,
            description=asked.question.text,
            value_title=_("Share of the group"),
        ),
    )


# --- Response rate -------------------------------------------------------------------------


@dataclass
class Rate:
    days: list[tuple[date, int, int]]  # (day, responses that day, responses so far)
    total: int
    target: int | None
    chart: dict | None

    @property
    def target_share(self) -> float | None:
        return self.total / self.target if self.target else None


def response_rate(*, survey, days: np.ndarray) -> Rate:
    """Complete responses per day, from the opening (or the first response) to today (or
    the closing, or the last response)."""
    known = days[~np.isnat(days)]
    total = int(days.size)
    if not known.size:
        return Rate([], total, survey.target_responses, None)
    first, last = known.min().item(), known.max().item()
    start = min(first, timezone.localdate(survey.opens_at)) if survey.opens_at else first
    end = timezone.localdate()
    if survey.closes_at and timezone.localdate(survey.closes_at) < end:
        end = timezone.localdate(survey.closes_at)
    end = max(end, last)
    start = max(start, end - timedelta(days=DAYS_AT_MOST))
    series = responses_over_time(known, start, end)
    chart = charts.responses_over_time(
        series,
        target=survey.target_responses,
        description=_("Responses per day and in all"),
    )
    return Rate(series, total, survey.target_responses, chart)


# --- Comparison with the previous round ---------------------------------------------------------


@dataclass
class OptionComparison:
    label: str
    before: float | None  # shares, None when hidden
    now: float | None
    difference: float | None  # now − before, as a fraction
    p_value: float | None
    significant: bool


@dataclass
class QuestionComparison:
    item: Item
    answered_before: int
    answered_now: int
    options: list[OptionComparison]
    chart: dict

    @property
    def question(self):
        return self.item.question

    @property
    def chart_id(self) -> str:
        return f"chart-round-q{self.question.pk}"


@dataclass
class RoundComparison:
    previous: object  # the Survey
    rounds: list[str]  # what the two rounds are called: before, now
    questions: list[QuestionComparison]


def _frequency(column: Column):
    values = [c.value for c in column.categories]
    if column.chosen is not None:
        freq = multiple_frequencies(
            column.chosen[column.answered], values, int(column.answered.sum())
        )
        return freq, hide_each
    return frequencies(column.codes[column.codes >= 0], values), hide_small


def round_comparison(
    *, survey, columns: Columns, threshold: int, public: bool
) -> RoundComparison | None:
    """Questions with the same column code in this survey and its previous round, both
    counted by option: each option's share in either round, and whether the difference is
    significant (two-proportion z-test at the 5 % level; no correction for many tests).
    The public page shows it only when the previous round's results are public too."""
    previous = survey.previous_round
    if previous is None or previous.municipality_id != survey.municipality_id:
        return None
    if public and not (previous.results_public and previous.status != SurveyStatus.DRAFT):
        return None
    now_by_code = {c.question.code: c for c in columns if c.analysis in COMPARABLE}
    before_structure = Structure.load(previous)
    matched = {
        item.question.pk: now_by_code[item.question.code]
        for item in before_structure.all_items()
        if item.question.code in now_by_code
        and item.kind.analysis == now_by_code[item.question.code].analysis
    }
    rounds = [previous.title, survey.title]
    if rounds[0] == rounds[1]:
        rounds = [_("Previous round"), _("This round")]
    if not matched:
        return RoundComparison(previous, rounds, [])
    before_columns = load_columns(structure=before_structure, question_ids=matched)
    compared = []
    for before in before_columns:
        now = matched[before.question.pk]
        (freq_before, hide), (freq_now, _hide) = _frequency(before), _frequency(now)
        if min(freq_before.answered, freq_now.answered) < max(threshold, 1):
            continue
        hidden_before = dict(
            zip(freq_before.categories, hide(list(freq_before.counts), threshold), strict=True)
        )
        hidden_now = dict(
            zip(freq_now.categories, hide(list(freq_now.counts), threshold), strict=True)
        )
        labels = {c.value: c.label for c in before.categories} | {
            c.value: c.label for c in now.categories
        }
        options = []
        for comparison in compare_frequencies(freq_before, freq_now):
            code = comparison.category
            if hidden_before.get(code) or hidden_now.get(code):
                options.append(OptionComparison(labels[code], None, None, None, None, False))
                continue
            options.append(
                OptionComparison(
                    labels[code],
                    comparison.p_a,
                    comparison.p_b,
                    comparison.difference,
                    comparison.p_value,
                    comparison.significant,
                )
            )
        shares = [
            (o.label, round_title, share)
            for o in options
            for round_title, share in zip(rounds, (o.before, o.now), strict=True)
            if share is not None
        ]
        compared.append(
            QuestionComparison(
                item=now.item,
                answered_before=freq_before.answered,
                answered_now=freq_now.answered,
                options=options,
                chart=charts.grouped_shares(
                    shares,
                    categories=[o.label for o in options],
                    groups=rounds,
                    description=now.question.text,
                    value_title=_("Share of those answering"),
                ),
            )
        )
    return RoundComparison(previous, rounds, compared)
