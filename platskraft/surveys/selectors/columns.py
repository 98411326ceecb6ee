"""A survey's complete answers as numpy columns, read in one query.

The results, the cross-tabulations and the round comparison all start here. One query
over the complete responses asks the database for each question's answer (SQLite's
json_extract, PostgreSQL's ->>: the JSON is parsed in C, not in Python) and for the
time each response was submitted (seconds since 1970); every question then becomes one
array (or matrix) with one entry per respondent, built by what the question's kind says
its `analysis` is. Lists and mappings (multiple choice, rankings, matrices) arrive as
JSON text and are decoded once per distinct text, not once per respondent. The analysis
functions in `platskraft.analysis.surveys` then count those arrays without looping over
respondents.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain, islice

import numpy as np

from platskraft.analysis.surveys import category_index

from ..answering import Item, Structure
from ..kinds import Choice, other_key
from ..models import Response, ResponseStatus
from .reading import AnswerValue, Epoch, local_days

CHUNK = 5000
MISSING = -1  # in code and rating columns: no answer


def factorize(values: list) -> tuple[np.ndarray, list]:
    """The distinct values, and for each value its place among them."""
    uniques = list(set(values))
    place = {value: i for i, value in enumerate(uniques)}
    inverse = np.fromiter(map(place.__getitem__, values), dtype=np.intp, count=len(values))
    return inverse, uniques


def decode(text):
    """JSON text decoded (None for anything else)."""
    if isinstance(text, str):
        try:
            return json.loads(text)
        except ValueError:
            return None
    return None


# --- One column per question ----------------------------------------------------------------


@dataclass
class Column:
    """One question's answers, one entry per respondent. Which arrays are set depends on
    the analysis: `codes` (choice, scale, nps), `chosen` (multiple), `positions` (ranking),
    `ratings` (matrix), `numbers` (number), `dates` (date); `answered` always."""

    item: Item
    analysis: str
    categories: list[Choice]
    answered: np.ndarray
    codes: np.ndarray | None = None  # int64, MISSING for no answer
    chosen: np.ndarray | None = None  # bool (respondents × categories)
    positions: np.ndarray | None = None  # int64 (respondents × categories), 0: not ranked
    ratings: np.ndarray | None = None  # int64 (respondents × rows), MISSING for no rating
    numbers: np.ndarray | None = None  # float64, NaN for no answer
    dates: np.ndarray | None = None  # datetime64[D], NaT for no answer
    others: np.ndarray | None = None  # bool: wrote an “other, namely” text

    @property
    def question(self):
        return self.item.question

    @property
    def rows(self) -> list[Choice]:
        return self.item.rows

    def spread(self, inverse: np.ndarray) -> None:
        """Arrays built for distinct answers, made one entry per respondent again."""
        for name in ("answered", "codes", "chosen", "positions", "ratings", "numbers", "dates"):
            array = getattr(self, name)
            if array is not None:
                setattr(self, name, array[inverse])

    def matches(self, values: Iterable[int]) -> np.ndarray:
        """Respondents whose answer includes one of the codes (for display conditions)."""
        values = list(values)
        if self.codes is not None:
            return np.isin(self.codes, values)
        if self.chosen is not None:
            wanted = [i for i, c in enumerate(self.categories) if c.value in values]
            return self.chosen[:, wanted].any(axis=1)
        return np.zeros(self.answered.shape, dtype=bool)


def _floats(values: list) -> np.ndarray:
    """Numbers as float64, NaN for None and for anything that is not a number."""
    try:
        array = np.array(values, dtype=np.float64)
        if array.ndim == 1:
            return array
    except (TypeError, ValueError):
        pass
    return np.array(
        [v if isinstance(v, int | float) and not isinstance(v, bool) else np.nan for v in values],
        dtype=np.float64,
    )


def _codes(values: list) -> np.ndarray:
    numbers = _floats(values)
    whole = ~np.isnan(numbers) & (numbers == np.floor(numbers))
    return np.where(whole, numbers, MISSING).astype(np.int64)


def _flatten(values: list) -> tuple[np.ndarray, np.ndarray]:
    """The codes of lists of codes, flattened, and the respondent each came from."""
    lists = [v if v.__class__ is list else () for v in values]
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    flat = _codes(list(chain.from_iterable(lists)))
    owners = np.repeat(np.arange(len(lists)), lengths)
    return flat, owners


def _build_codes(column: Column, values: list) -> None:
    column.codes = _codes(values)
    column.answered = column.codes != MISSING


def _build_multiple(column: Column, values: list) -> None:
    n, k = len(values), len(column.categories)
    flat, owners = _flatten(values)
    index = category_index(flat, [c.value for c in column.categories])
    known = index >= 0
    column.chosen = np.zeros((n, k), dtype=bool)
    column.chosen[owners[known], index[known]] = True
    column.answered = np.bincount(owners, minlength=n) > 0


def _build_ranking(column: Column, values: list) -> None:
    n, k = len(values), len(column.categories)
    flat, owners = _flatten(values)
    index = category_index(flat, [c.value for c in column.categories])
    known = index >= 0
    owners, index = owners[known], index[known]
    # Positions among the options that still exist: 1 for the first in each list.
    counts = np.bincount(owners, minlength=n)
    starts = np.cumsum(counts) - counts
    places = np.minimum(np.arange(owners.size) - starts[owners] + 1, k)
    column.positions = np.zeros((n, k), dtype=np.int64)
    column.positions[owners, index] = places
    column.answered = counts > 0


def _build_matrix(column: Column, values: list) -> None:
    mappings = [v if v.__class__ is dict else None for v in values]
    keys = [str(row.value) for row in column.rows]
    column.ratings = np.empty((len(values), len(keys)), dtype=np.int64)
    for j, key in enumerate(keys):
        column.ratings[:, j] = _codes([m.get(key) if m is not None else None for m in mappings])
    column.answered = (column.ratings != MISSING).any(axis=1)


def _build_numbers(column: Column, values: list) -> None:
    column.numbers = _floats(values)
    column.answered = ~np.isnan(column.numbers)


def _build_dates(column: Column, values: list) -> None:
    try:
        dates = np.array(values, dtype="datetime64[D]")
    except (TypeError, ValueError):
        dates = np.array(
            [v if isinstance(v, str) and _is_date(v) else None for v in values],
            dtype="datetime64[D]",
        )
    column.dates = dates
    column.answered = ~np.isnat(dates)


def _is_date(text: str) -> bool:
    try:
        np.datetime64(text, "D")
    except ValueError:
        return False
    return True


def _build_presence(column: Column, values: list) -> None:
    column.answered = np.fromiter(map(bool, values), dtype=bool, count=len(values))


BUILDERS = {
    "choice": _build_codes,
    "scale": _build_codes,
    "nps": _build_codes,
    "multiple": _build_multiple,
    "ranking": _build_ranking,
    "matrix": _build_matrix,
    "number": _build_numbers,
    "date": _build_dates,
    "text": _build_presence,
}


@dataclass
class Columns:
    """Every loaded question's column, the respondents' submission days, and how many."""

    structure: Structure
    count: int
    by_question: dict[int, Column]
    days: np.ndarray  # datetime64[D], local date of submission
    _asked: dict[int, np.ndarray] = field(default_factory=dict)

    def __getitem__(self, question_pk: int) -> Column:
        return self.by_question[question_pk]

    def __iter__(self):
        return iter(self.by_question.values())

    def asked(self, column: Column) -> np.ndarray:
        """Respondents who were asked the question: all of them, unless it has a display
        condition, and then those whose answers meet it (as the answering pages decide)."""
        question = column.question
        if question.pk in self._asked:
            return self._asked[question.pk]
        mask = np.ones(self.count, dtype=bool)
        if question.condition_question_id:
            source = self.by_question.get(question.condition_question_id)
            if source is None:
                mask = column.answered.copy()  # its condition was not loaded
            else:
                mask = self.asked(source) & source.matches(question.condition_values or [])
        self._asked[question.pk] = mask
        return mask


def _has_other(item: Item) -> bool:
    return any(c.is_other for c in item.choices)


# How the database hands each analysis its answers (see AnswerValue); "json" is text
# decoded here. Any other analysis (a type added later) gets "present".
MODES = {
    "choice": "number",
    "scale": "number",
    "nps": "number",
    "number": "number",
    "multiple": "json",
    "ranking": "json",
    "matrix": "json",
    "date": "text",
}


def load_columns(*, structure: Structure, question_ids: Iterable[int] | None = None) -> Columns:
    """The complete responses' answers to the survey's questions (or to `question_ids`),
    in one query."""
    wanted = None if question_ids is None else set(question_ids)
    items = [i for i in structure.all_items() if wanted is None or i.question.pk in wanted]
    expressions = []
    for item in items:
        mode = MODES.get(item.kind.analysis, "present")
        expressions.append(AnswerValue(item.question.key, "text" if mode == "json" else mode))
        if _has_other(item):
            expressions.append(AnswerValue(other_key(item.question), "present"))
    expressions.append(Epoch("submitted_at"))
    values: list[list] = [[] for _ in expressions]
    rows = (
        Response.objects.filter(survey=structure.survey, status=ResponseStatus.COMPLETE)
        .order_by()
        .values_list(*expressions)
        .iterator(chunk_size=CHUNK)
    )
    while chunk := list(islice(rows, CHUNK)):
        for target, column_values in zip(values, zip(*chunk, strict=True), strict=True):
            target.extend(column_values)

    count = len(values[-1])
    by_question = {}
    at = iter(values)
    for item in items:
        analysis = item.kind.analysis
        answers = next(at)
        column = Column(
            item=item,
            analysis=analysis,
            categories=item.kind.categories(item.question, item.choices, item.rows),
            answered=np.zeros(count, dtype=bool),
        )
        build = BUILDERS.get(analysis, _build_presence)
        if MODES.get(analysis) == "json":
            # Few distinct lists or mappings among many respondents: build the arrays for
            # the distinct ones, then spread them out to every respondent.
            inverse, uniques = factorize(answers)
            build(column, [decode(text) for text in uniques])
            column.spread(inverse)
        else:
            build(column, answers)
        if _has_other(item):
            column.others = np.array(next(at), dtype=bool)
        by_question[item.question.pk] = column
    days = local_days(np.array(next(at), dtype=np.float64))
    return Columns(structure, count, by_question, days)
