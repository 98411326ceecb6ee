"""Counting survey answers: frequencies, numeric summaries, NPS, rankings and responses per day.

Every function takes numpy arrays with one entry (or one row) per respondent and never
loops over respondents, so a question with 100 000 answers takes a millisecond or two.
Shares are fractions (0.0–1.0), never percentages; formatting is the caller's business.
Import these through ``platskraft.analysis.surveys``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

import numpy as np

NPS_PROMOTER_MIN = 9  # 9–10: promoters
NPS_PASSIVE_MIN = 7  # 7–8: passives; 0–6: detractors
NPS_MAX = 10


def category_index(codes: np.ndarray, categories: Sequence[int]) -> np.ndarray:
    """The position in ``categories`` of each code, or -1 for a code that is not one of them.

    Raises ValueError when ``categories`` repeats a code.
    """
    cats = np.asarray(categories, dtype=np.int64).ravel()
    codes = np.asarray(codes).ravel()
    if np.unique(cats).size != cats.size:
        raise ValueError("categories repeat a code")
    if cats.size == 0 or codes.size == 0:
        return np.full(codes.shape, -1, dtype=np.intp)
    order = np.argsort(cats, kind="stable")
    ordered = cats[order]
    at = np.minimum(np.searchsorted(ordered, codes), cats.size - 1)
    return np.where(ordered[at] == codes, order[at], -1)


def _shares(counts: np.ndarray, of: int) -> tuple[float, ...]:
    if of <= 0:
        return (0.0,) * len(counts)
    return tuple((counts / of).tolist())


@dataclass(frozen=True)
class Frequency:
    """How many chose each category, in the order the categories were given."""

    categories: tuple[int, ...]
    counts: tuple[int, ...]
    shares: tuple[float, ...]  # count / answered; 0.0 when answered == 0
    answered: int


def frequencies(codes: np.ndarray, categories: Sequence[int]) -> Frequency:
    """Counts and shares of a single-choice question.

    ``codes`` holds one option code per respondent who answered. A code that is not one of
    ``categories`` (an option removed since, say) is ignored altogether: it is neither
    counted nor part of ``answered``, so ``answered == sum(counts)`` and the shares add up
    to 1 (or are all 0.0 when nobody answered).
    """
    index = category_index(codes, categories)
    counts = np.bincount(index[index >= 0], minlength=len(categories))
    answered = int(counts.sum())
    return Frequency(tuple(categories), tuple(counts.tolist()), _shares(counts, answered), answered)


def multiple_frequencies(matrix: np.ndarray, categories: Sequence[int], answered: int) -> Frequency:
    """Counts and shares of a multiple-choice question.

    ``matrix`` is boolean, one row per respondent and one column per category (chosen or
    not). Shares are relative to ``answered``, the respondents who answered the question,
    so they may add up to more than 1. Raises ValueError when the matrix does not have one
    column per category or a count exceeds ``answered``.
    """
    matrix = np.asarray(matrix, dtype=bool)
    if matrix.size == 0:
        matrix = matrix.reshape(0, len(categories))
    if matrix.ndim != 2 or matrix.shape[1] != len(categories):
        raise ValueError(f"matrix of shape {matrix.shape} for {len(categories)} categories")
    if len(set(categories)) != len(categories):
        raise ValueError("categories repeat a code")
    counts = np.count_nonzero(matrix, axis=0)
    if answered < 0 or (counts.size and int(counts.max()) > answered):
        raise ValueError(f"{answered} answered, but a category was chosen more often")
    return Frequency(tuple(categories), tuple(counts.tolist()), _shares(counts, answered), answered)


@dataclass(frozen=True)
class NumericSummary:
    """Summary of a numeric question. Every figure is None when n == 0.

    Quartiles and median use numpy's default (linear interpolation between order
    statistics, as R's type 7 and Excel's QUARTILE.INC). ``std`` is the sample standard
    deviation (ddof=1) and is None when n < 2, where it is not defined.
    """

    n: int
    mean: float | None
    median: float | None
    q1: float | None
    q3: float | None
    min: float | None
    max: float | None
    std: float | None


def numeric_summary(values: np.ndarray) -> NumericSummary:
    """n, mean, quartiles, extremes and sample standard deviation; NaN counts as unanswered."""
    values = np.asarray(values, dtype=np.float64).ravel()
    values = values[~np.isnan(values)]
    n = int(values.size)
    if n == 0:
        return NumericSummary(0, None, None, None, None, None, None, None)
    q1, median, q3 = np.percentile(values, [25, 50, 75]).tolist()
    return NumericSummary(
        n=n,
        mean=float(values.mean()),
        median=median,
        q1=q1,
        q3=q3,
        min=float(values.min()),
        max=float(values.max()),
        std=float(values.std(ddof=1)) if n >= 2 else None,
    )


@dataclass(frozen=True)
class Nps:
    """Net Promoter Score: promoters (9–10) less detractors (0–6), in points from -100 to 100."""

    n: int
    promoters: int
    passives: int
    detractors: int
    promoter_share: float  # fractions of n; 0.0 when n == 0
    passive_share: float
    detractor_share: float
    score: float | None  # (promoters − detractors) / n × 100, to 1 decimal; None when n == 0


def nps(scores: np.ndarray) -> Nps:
    """NPS of 0–10 scores. NaN counts as unanswered; anything else off the scale is a ValueError."""
    scores = np.asarray(scores).ravel()
    if scores.dtype.kind == "f":
        scores = scores[~np.isnan(scores)]
        if np.any(scores != np.floor(scores)):
            raise ValueError("NPS scores must be whole numbers")
    if scores.size and (scores.min() < 0 or scores.max() > NPS_MAX):
        raise ValueError(f"NPS scores must lie between 0 and {NPS_MAX}")
    counts = np.bincount(scores.astype(np.intp), minlength=NPS_MAX + 1)
    n = int(scores.size)
    promoters = int(counts[NPS_PROMOTER_MIN:].sum())
    passives = int(counts[NPS_PASSIVE_MIN:NPS_PROMOTER_MIN].sum())
    detractors = int(counts[:NPS_PASSIVE_MIN].sum())
    shares = _shares(np.array([promoters, passives, detractors]), n)
    return Nps(
        n=n,
        promoters=promoters,
        passives=passives,
        detractors=detractors,
        promoter_share=shares[0],
        passive_share=shares[1],
        detractor_share=shares[2],
        score=round(100 * (promoters - detractors) / n, 1) if n else None,
    )


@dataclass(frozen=True)
class RankedItem:
    """One item of a ranking question, over the respondents who placed it."""

    category: int
    mean_position: float | None  # 1 = first; None when nobody ranked it
    times_first: int
    times_ranked: int
    borda: int  # sum of (k − position + 1), k = number of items; unranked gives 0


@dataclass(frozen=True)
class RankingSummary:
    items: tuple[RankedItem, ...]  # best first
    respondents: int  # rows given


def ranking_summary(ranks: np.ndarray, categories: Sequence[int]) -> RankingSummary:
    """Mean position, firsts and Borda score per item, best first.

    ``ranks`` has one row per respondent and one column per category: the position the
    respondent gave the item (1 = first), 0 when they did not rank it. Items are ordered
    by lowest mean position, then highest Borda score, then the order of ``categories``;
    items nobody ranked come last. Raises ValueError for a position outside 0..k.
    """
    k = len(categories)
    ranks = np.asarray(ranks)
    if ranks.size == 0:
        ranks = ranks.reshape(0, k)
    if ranks.ndim != 2 or ranks.shape[1] != k:
        raise ValueError(f"ranks of shape {ranks.shape} for {k} categories")
    if len(set(categories)) != k:
        raise ValueError("categories repeat a code")
    if ranks.size and (ranks.min() < 0 or ranks.max() > k):
        raise ValueError(f"positions must lie between 0 (not ranked) and {k}")
    sums = ranks.sum(axis=0, dtype=np.int64).tolist()
    ranked = np.count_nonzero(ranks, axis=0).tolist()
    firsts = np.count_nonzero(ranks == 1, axis=0).tolist()
    borda = [count * (k + 1) - total for count, total in zip(ranked, sums, strict=True)]

    def order(i: int) -> tuple[int, Fraction, int, int]:
        if not ranked[i]:
            return (1, Fraction(0), 0, i)
        return (0, Fraction(sums[i], ranked[i]), -borda[i], i)

    items = tuple(
        RankedItem(
            category=categories[i],
            mean_position=sums[i] / ranked[i] if ranked[i] else None,
            times_first=firsts[i],
            times_ranked=ranked[i],
            borda=borda[i],
        )
        for i in sorted(range(k), key=order)
    )
    return RankingSummary(items=items, respondents=int(ranks.shape[0]))


def responses_over_time(days: np.ndarray, start: date, end: date) -> list[tuple[date, int, int]]:
    """(day, responses that day, responses up to and including that day) for start..end.

    ``days`` holds each response's date as datetime64 (a finer unit is cut to the day, so
    convert timestamps to local time first). The cumulative figure also counts responses
    before ``start``; responses after ``end`` and NaT are ignored. Empty when end < start.
    """
    if end < start:
        return []
    span = (end - start).days + 1
    days = np.asarray(days, dtype="datetime64[D]").ravel()
    offsets = (days[~np.isnat(days)] - np.datetime64(start, "D")).astype(np.int64)
    before = int(np.count_nonzero(offsets < 0))
    per_day = np.bincount(offsets[(offsets >= 0) & (offsets < span)], minlength=span)
    cumulative = np.cumsum(per_day) + before
    return [
        (start + timedelta(days=i), count, total)
        for i, (count, total) in enumerate(zip(per_day.tolist(), cumulative.tolist(), strict=True))
    ]
