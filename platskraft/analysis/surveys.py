"""Survey results: the figures behind a results page, from numpy arrays of answers.

The one place to import from. Every function takes arrays with one entry (or one row)
per respondent, built by the survey app from the responses, and is vectorised: a page of
20 questions and a cross-tabulation over 100 000 responses takes a few tens of
milliseconds. Shares are fractions (0.0–1.0), never percentages.

- ``survey_counts``: frequencies (single and multiple choice), numeric summaries, NPS,
  rankings, responses per day.
- ``survey_crosstab``: cross-tabulation of two questions with small counts suppressed.
- ``survey_stats``: two-proportion z-tests between groups or survey rounds.
"""

from platskraft.analysis.survey_counts import (
    Frequency,
    Nps,
    NumericSummary,
    RankedItem,
    RankingSummary,
    category_index,
    frequencies,
    multiple_frequencies,
    nps,
    numeric_summary,
    ranking_summary,
    responses_over_time,
)
from platskraft.analysis.survey_crosstab import Cell, Crosstab, crosstab
from platskraft.analysis.survey_stats import (
    SIGNIFICANCE_LEVEL,
    Comparison,
    compare_frequencies,
    compare_proportions,
)

__all__ = [
    "SIGNIFICANCE_LEVEL",
    "Cell",
    "Comparison",
    "Crosstab",
    "Frequency",
    "Nps",
    "NumericSummary",
    "RankedItem",
    "RankingSummary",
    "category_index",
    "compare_frequencies",
    "compare_proportions",
    "crosstab",
    "frequencies",
    "multiple_frequencies",
    "nps",
    "numeric_summary",
    "ranking_summary",
    "responses_over_time",
]
