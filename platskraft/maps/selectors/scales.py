"""Class-based colour scales for the hexagon maps (the same classes on the page, in the
legend, in the table and in the static SVG map).

Counts of respondents get up to five classes at quantiles of the published counts
(whole numbers, starting at k); shares get fixed classes of 20 percentage points; a
change between rounds gets a diverging scale around "no change". Colours are the
ColorBrewer OrRd and RdBu schemes, readable in grey and by most colour-blind people.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

SEQUENTIAL = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"]
DIVERGING = ["#2166ac", "#92c5de", "#f7f7f7", "#f4a582", "#b2182b"]
CHANGE_EDGES = [-10.0, -2.0, 2.0, 10.0]  # percentage points


@dataclass(frozen=True)
class Scale:
    edges: list[float]  # lower bounds of classes 2 … n
    colours: list[str]
    labels: list[str]

    def classes(self, values) -> np.ndarray:
        return np.searchsorted(np.asarray(self.edges, dtype=np.float64), values, side="right")

    def colour(self, values) -> list[str]:
        return [self.colours[i] for i in self.classes(values).tolist()]

    @property
    def legend(self) -> list[tuple[str, str]]:
        return list(zip(self.labels, self.colours, strict=True))


def count_scale(values: np.ndarray, k: int) -> Scale:
    """Classes of whole respondent counts from k (or the least count) to the largest."""
    values = np.asarray(values, dtype=np.int64)
    if not values.size:
        return Scale([], [SEQUENTIAL[-1]], [_("%(low)s or more") % {"low": k}])
    low, high = int(values.min()), int(values.max())
    if high - low < len(SEQUENTIAL):
        starts = list(range(low, high + 1))
    else:
        quantiles = np.quantile(values, [0.2, 0.4, 0.6, 0.8])
        starts = sorted({low, *(int(np.ceil(q)) for q in quantiles)} - {high + 1})
        starts = [s for s in starts if low <= s <= high]
    colours = SEQUENTIAL[len(SEQUENTIAL) - len(starts) :]
    labels = []
    for i, start in enumerate(starts):
        end = starts[i + 1] - 1 if i + 1 < len(starts) else high
        labels.append(
            str(start) if start == end else _("%(low)s–%(high)s") % {"low": start, "high": end}
        )
    return Scale([float(s) for s in starts[1:]], colours, labels)


def share_scale() -> Scale:
    """Shares in five classes of 20 percentage points."""
    labels = [
        _("%(low)s–%(high)s %%") % {"low": low, "high": low + 20} for low in range(0, 100, 20)
    ]
    return Scale([0.2, 0.4, 0.6, 0.8], SEQUENTIAL, labels)


def change_scale() -> Scale:
    """Change of share between rounds, in percentage points."""
    labels = [
        _("down more than 10 points"),
        _("down 2–10 points"),
        _("about the same (±2 points)"),
        _("up 2–10 points"),
        _("up more than 10 points"),
    ]
    return Scale([e / 100 for e in CHANGE_EDGES], DIVERGING, labels)
