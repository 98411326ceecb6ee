"""The results of a survey: a summary, a table and a chart per question.

`survey_results` computes everything a results page shows from one read of the answers
(`columns.load_columns`): each question summarised as its kind's `analysis` says, the
response rate over time, a cross-tabulation by a segment question and the comparison
with the previous round (`breakdowns`).

Small groups are hidden the same way on the staff page and the public one, since either
can be printed and passed on: a count of fewer than the municipality's publication
threshold k respondents is shown as “fewer than k”, and so many more as keep it from
being worked out from the rest of its table (the cross-tabulation's rule, see
`platskraft.analysis.survey_crosstab`). A question that fewer than k answered shows only
that. The staff page adds the free-text answers; the public page never shows them, and
it leaves out the smallest and largest number given (each one person's answer).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.utils import formats
from django.utils.translation import gettext as _

from platskraft.analysis.surveys import (
    frequencies,
    multiple_frequencies,
    nps,
    numeric_summary,
    ranking_summary,
)

from .. import charts
from ..answering import Item, Structure
from .columns import Column, Columns, load_columns
from .figures import Line, hide_each, hide_small, lines_of

HISTOGRAM_BINS = 12
MONTHS_AT_MOST = 120  # longer spans of dates are counted by year


@dataclass
class MatrixRow:
    label: str
    answered: int
    mean: float | None
    lines: list[Line]


@dataclass
class RankedLine:
    place: int
    label: str
    mean_position: float | None
    times_first: int | None
    times_ranked: int | None
    points: int | None


@dataclass
class QuestionResult:
    """What the page shows for one question. `part` names the template that shows it."""

    item: Item
    analysis: str
    asked: int
    answered: int
    too_few: bool = False  # answered by 1 … k−1: only that is said
    lines: list[Line] = field(default_factory=list)
    chart: dict | None = None
    figures: dict = field(default_factory=dict)  # what one analysis adds (see the parts)

    @property
    def question(self):
        return self.item.question

    @property
    def part(self) -> str:
        part = {"scale": "choice"}.get(self.analysis, self.analysis)
        return f"surveys/results_part_{part if part in SUMMARIES else 'none'}.html"

    @property
    def chart_id(self) -> str:
        return f"chart-q{self.question.pk}"


# --- One question --------------------------------------------------------------------------


def _choice(result: QuestionResult, column: Column, k: int, public: bool) -> None:
    categories = column.categories
    answered = column.codes[column.codes >= 0]
    freq = frequencies(answered, [c.value for c in categories])
    result.answered = freq.answered
    if _too_few(result, k):
        return
    result.lines = lines_of(
        [c.label for c in categories],
        freq.counts,
        freq.shares,
        hide_small(list(freq.counts), k),
        [c.value for c in categories],
    )
    if column.analysis == "scale" and freq.answered:
        result.figures["mean"] = float(np.mean(answered[np.isin(answered, freq.categories)]))
    _others(result, column, column.codes >= 0, k)
    result.chart = charts.share_bars(result.lines, description=column.question.text)


def _others(result: QuestionResult, column: Column, among: np.ndarray, k: int) -> None:
    if column.others is not None:
        count = int(column.others[among].sum())
        result.figures["others"] = None if 0 < count < k else count


def _multiple(result: QuestionResult, column: Column, k: int, public: bool) -> None:
    categories = column.categories
    result.answered = int(column.answered.sum())
    if _too_few(result, k):
        return
    freq = multiple_frequencies(
        column.chosen[column.answered], [c.value for c in categories], result.answered
    )
    result.lines = lines_of(
        [c.label for c in categories],
        freq.counts,
        freq.shares,
        hide_each(list(freq.counts), k),
        [c.value for c in categories],
    )
    _others(result, column, column.answered, k)
    result.chart = charts.share_bars(result.lines, description=column.question.text)


def _nps(result: QuestionResult, column: Column, k: int, public: bool) -> None:
    scores = column.codes[(column.codes >= 0) & (column.codes <= 10)]
    summary = nps(scores)
    result.answered = summary.n
    if _too_few(result, k):
        return
    counts = [summary.promoters, summary.passives, summary.detractors]
    result.lines = lines_of(
        [_("Promoters (9–10)"), _("Passives (7–8)"), _("Detractors (0–6)")],
        counts,
        [summary.promoter_share, summary.passive_share, summary.detractor_share],
        hide_small(counts, k),
    )
    # The score is promoters less detractors: hidden with either of them.
    result.figures["score"] = (
        None if result.lines[0].hidden or result.lines[2].hidden else summary.score
    )
    result.chart = charts.nps_bars(result.lines, description=column.question.text)


def _matrix(result: QuestionResult, column: Column, k: int, public: bool) -> None:
    points = column.categories
    values = [p.value for p in points]
    result.answered = int(column.answered.sum())
    if _too_few(result, k):
        return
    rows = []
    for j, row in enumerate(column.rows):
        ratings = column.ratings[:, j]
        freq = frequencies(ratings[ratings >= 0], values)
        if 0 < freq.answered < k:
            rows.append(
                MatrixRow(row.label, freq.answered, None, [Line(p.label, None) for p in points])
            )
            continue
        rated = np.repeat(np.array(values, dtype=np.float64), freq.counts)
        rows.append(
            MatrixRow(
                row.label,
                freq.answered,
                float(rated.mean()) if rated.size else None,
                lines_of(
                    [p.label for p in points],
                    freq.counts,
                    freq.shares,
                    hide_small(list(freq.counts), k),
                ),
            )
        )
    result.figures["rows"] = rows
    result.figures["points"] = points
    result.chart = charts.stacked_rows(rows, points, description=column.question.text)


def _ranking(result: QuestionResult, column: Column, k: int, public: bool) -> None:
    categories = column.categories
    labels = {c.value: c.label for c in categories}
    result.answered = int(column.answered.sum())
    if _too_few(result, k):
        return
    summary = ranking_summary(column.positions[column.answered], [c.value for c in categories])
    ranked = []
    for place, item in enumerate(summary.items, start=1):
        small = 0 < item.times_ranked < k
        ranked.append(
            RankedLine(
                place=place,
                label=labels[item.category],
                mean_position=None if small else item.mean_position,
                times_first=None if small or 0 < item.times_first < k else item.times_first,
                times_ranked=None if small else item.times_ranked,
                points=None if small else item.borda,
            )
        )
    result.figures["ranked"] = ranked
    result.figures["options"] = len(categories)
    result.chart = charts.points_bars(
        ranked,
        description=column.question.text,
        title=_("Points (%(count)s for a first place, 1 for a last)") % {"count": len(categories)},
    )


def _number(result: QuestionResult, column: Column, k: int, public: bool) -> None:
    numbers = column.numbers[~np.isnan(column.numbers)]
    summary = numeric_summary(numbers)
    result.answered = summary.n
    if _too_few(result, k) or not summary.n:
        return
    result.figures["summary"] = summary
    result.figures["extremes"] = not public
    edges = _edges(float(summary.min), float(summary.max), _whole(numbers))
    counts = np.histogram(numbers, bins=edges)[0].tolist()
    labels = _bin_labels(edges, _whole(numbers))
    shares = [count / summary.n for count in counts]
    result.lines = lines_of(labels, counts, shares, hide_small(counts, k))
    result.chart = charts.count_columns(
        result.lines, description=column.question.text, x_title=_("Answer")
    )


def _whole(numbers: np.ndarray) -> bool:
    return bool(np.all(numbers == np.floor(numbers)))


def _edges(low: float, high: float, whole: bool) -> np.ndarray:
    """Bin edges at round numbers: one bin per value for a few whole numbers, else about
    HISTOGRAM_BINS bins of 1, 2, 2.5 or 5 times a power of ten."""
    if whole and high - low < HISTOGRAM_BINS * 1.5:
        return np.arange(low, high + 2) - 0.5
    span = max(high - low, 1e-9)
    magnitude = 10 ** np.floor(np.log10(span / HISTOGRAM_BINS))
    step = next(
        m * magnitude for m in (1, 2, 2.5, 5, 10) if span / (m * magnitude) <= HISTOGRAM_BINS
    )
    if whole:
        step = max(1.0, np.ceil(step))
    start = np.floor(low / step) * step
    stop = np.floor(high / step) * step + step
    return np.arange(start, stop + step / 2, step)


def _bin_labels(edges: np.ndarray, whole: bool) -> list[str]:
    if whole and np.all(np.diff(edges) == 1) and edges[0] % 1 == 0.5:
        return [f"{edges[i] + 0.5:.0f}" for i in range(len(edges) - 1)]

    def text(number: float) -> str:
        if float(number).is_integer():
            return f"{number:.0f}"
        return formats.number_format(round(float(number), 6))  # 2,5 in Swedish

    if whole:  # 0–4, 5–9 …: the whole numbers in [start, end)
        return [
            f"{text(edges[i])}–{text(np.ceil(edges[i + 1]) - 1)}" for i in range(len(edges) - 1)
        ]
    return [f"{text(edges[i])}–{text(edges[i + 1])}" for i in range(len(edges) - 1)]


def _date(result: QuestionResult, column: Column, k: int, public: bool) -> None:
    dates = column.dates[~np.isnat(column.dates)]
    result.answered = int(dates.size)
    if _too_few(result, k) or not dates.size:
        return
    months = dates.astype("datetime64[M]")
    first, last = months.min(), months.max()
    by_year = (last - first).astype(int) >= MONTHS_AT_MOST
    unit = "datetime64[Y]" if by_year else "datetime64[M]"
    periods = dates.astype(unit)
    offsets = (periods - periods.min()).astype(np.int64)
    counts = np.bincount(offsets).tolist()
    starts = periods.min() + np.arange(len(counts))
    labels = [str(start) for start in starts]
    result.figures["by_year"] = bool(by_year)
    result.lines = lines_of(labels, counts, [c / dates.size for c in counts], hide_small(counts, k))
    result.chart = charts.count_columns(
        result.lines,
        description=column.question.text,
        x_title=_("Year") if by_year else _("Month"),
    )


def _text(result: QuestionResult, column: Column, k: int, public: bool) -> None:
    result.answered = int(column.answered.sum())


def _too_few(result: QuestionResult, k: int) -> bool:
    result.too_few = 0 < result.answered < k
    return result.too_few


SUMMARIES = {
    "choice": _choice,
    "scale": _choice,
    "multiple": _multiple,
    "nps": _nps,
    "matrix": _matrix,
    "ranking": _ranking,
    "number": _number,
    "date": _date,
    "text": _text,
}


def question_result(
    *, columns: Columns, column: Column, threshold: int, public: bool
) -> QuestionResult:
    result = QuestionResult(
        item=column.item,
        analysis=column.analysis,
        asked=int(columns.asked(column).sum()),
        answered=int(column.answered.sum()),
    )
    SUMMARIES.get(column.analysis, _text)(result, column, threshold, public)
    return result


# --- The page ------------------------------------------------------------------------------


@dataclass
class Results:
    survey: object
    threshold: int
    public: bool
    responses: int  # complete
    questions: list[QuestionResult]
    rate: object  # breakdowns.Rate
    crosstab: object  # breakdowns.CrosstabSection
    comparison: object | None  # breakdowns.RoundComparison

    @property
    def too_few(self) -> bool:
        """Fewer than k responses in all: nothing but the count is shown."""
        return self.responses < self.threshold


def survey_results(
    *, survey, public: bool, by: int | None = None, question: int | None = None
) -> Results:
    """Everything the results page shows; `by` and `question` choose the cross-tabulation
    (a segment question and the question broken down by it; None for the first ones)."""
    from . import breakdowns

    threshold = survey.municipality.publication_threshold
    structure = Structure.load(survey)
    columns = load_columns(structure=structure)
    questions = [
        question_result(columns=columns, column=column, threshold=threshold, public=public)
        for column in columns
    ]
    return Results(
        survey=survey,
        threshold=threshold,
        public=public,
        responses=columns.count,
        questions=questions,
        rate=breakdowns.response_rate(survey=survey, days=columns.days),
        crosstab=breakdowns.crosstab_section(
            columns=columns, by=by, question=question, threshold=threshold
        ),
        comparison=breakdowns.round_comparison(
            survey=survey, columns=columns, threshold=threshold, public=public
        ),
    )
