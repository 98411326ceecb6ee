"""Comparing shares between two groups or survey rounds: the two-proportion z-test.

Import these through ``platskraft.analysis.surveys``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from platskraft.analysis.survey_counts import Frequency

SIGNIFICANCE_LEVEL = 0.05


@dataclass(frozen=True)
class Comparison:
    """One share in group (or round) a against b.

    ``p_a`` and ``p_b`` are 0.0 when their n is 0. ``z`` and ``p_value`` are None when the
    test cannot be computed (an n of 0, or everyone or no one in both groups), and then
    ``significant`` is False.
    """

    count_a: int
    n_a: int
    count_b: int
    n_b: int
    p_a: float
    p_b: float
    difference: float  # p_b − p_a, as a fraction
    z: float | None
    p_value: float | None  # two-sided
    significant: bool  # p_value < SIGNIFICANCE_LEVEL
    category: int | None = None  # set by compare_frequencies


def compare_proportions(count_a: int, n_a: int, count_b: int, n_b: int) -> Comparison:
    """Two-sided two-proportion z-test with the pooled proportion.

    z = (p_b − p_a) / √(p(1 − p)(1/n_a + 1/n_b)), p = (count_a + count_b) / (n_a + n_b),
    and the p-value is erfc(|z| / √2). The normal approximation wants about five or more
    in each group both with and without the attribute; that is left to the caller.
    Raises ValueError unless 0 ≤ count ≤ n for both groups.
    """
    for count, n in ((count_a, n_a), (count_b, n_b)):
        if not 0 <= count <= n:
            raise ValueError(f"a count of {count} out of {n}")
    p_a = count_a / n_a if n_a else 0.0
    p_b = count_b / n_b if n_b else 0.0
    z = p_value = None
    if n_a and n_b:
        pooled = (count_a + count_b) / (n_a + n_b)
        variance = pooled * (1 - pooled) * (1 / n_a + 1 / n_b)
        if variance > 0:
            z = (p_b - p_a) / math.sqrt(variance)
            p_value = math.erfc(abs(z) / math.sqrt(2))
    return Comparison(
        count_a=count_a,
        n_a=n_a,
        count_b=count_b,
        n_b=n_b,
        p_a=p_a,
        p_b=p_b,
        difference=p_b - p_a,
        z=z,
        p_value=p_value,
        significant=p_value is not None and p_value < SIGNIFICANCE_LEVEL,
    )


def compare_frequencies(a: Frequency, b: Frequency) -> list[Comparison]:
    """Each category's share in a against b, out of each one's ``answered``.

    Categories are matched by code: a's in their order, then those only b has; a category
    missing on one side counts 0 there. No correction is made for testing many categories
    at once.
    """
    counts_a = dict(zip(a.categories, a.counts, strict=True))
    counts_b = dict(zip(b.categories, b.counts, strict=True))
    categories = list(a.categories) + [c for c in b.categories if c not in counts_a]
    return [
        replace(
            compare_proportions(
                counts_a.get(category, 0), a.answered, counts_b.get(category, 0), b.answered
            ),
            category=category,
        )
        for category in categories
    ]
