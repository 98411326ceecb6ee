"""Two survey rounds compared cell by cell, never revealing a suppressed count."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from platskraft.analysis.geo.hexagons import CellTable


@dataclass(frozen=True, eq=False)
class RoundDifference:
    """Per (category, cell): both rounds' counts and shares, and the change (b − a)."""

    resolution: int
    k: int
    category: np.ndarray
    cell: np.ndarray
    respondents_a: np.ndarray
    respondents_b: np.ndarray
    layer_a: np.ndarray  # the categories' n in round a (0 when nobody drew there)
    layer_b: np.ndarray
    share_a: np.ndarray
    share_b: np.ndarray
    hidden: np.ndarray  # either side has 1 … k−1 respondents

    @property
    def share_change(self) -> np.ndarray:
        return self.share_b - self.share_a

    @property
    def count_change(self) -> np.ndarray:
        return self.respondents_b - self.respondents_a


def round_difference(a: CellTable, b: CellTable, *, k: int | None = None) -> RoundDifference:
    """Compare two rounds' full tables (with their hidden rows) cell by cell.

    A cell missing in one round has 0 respondents there. A row is hidden when either round
    has between 1 and k−1 respondents in it (k defaults to the larger of the tables'),
    so the difference never reveals a suppressed count.
    """
    if a.resolution != b.resolution:
        raise ValueError(f"resolutions differ: {a.resolution} and {b.resolution}")
    k = max(a.k, b.k) if k is None else k
    keys = np.unique(np.concatenate([_keys(a), _keys(b)]))
    side = [_align(t, keys) for t in (a, b)]
    layers = [_layer_of(t, keys["category"]) for t in (a, b)]
    (na, _), (nb, _) = side
    hidden = ((na > 0) & (na < k)) | ((nb > 0) & (nb < k))
    return RoundDifference(
        resolution=a.resolution,
        k=k,
        category=keys["category"],
        cell=keys["cell"],
        respondents_a=na,
        respondents_b=nb,
        layer_a=layers[0],
        layer_b=layers[1],
        share_a=na / np.maximum(layers[0], 1),
        share_b=nb / np.maximum(layers[1], 1),
        hidden=hidden,
    )


_KEY = np.dtype([("category", np.int64), ("cell", np.uint64)])


def _keys(table: CellTable) -> np.ndarray:
    keys = np.empty(len(table), dtype=_KEY)
    keys["category"], keys["cell"] = table.category, table.cell
    return keys


def _align(table: CellTable, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    own = _keys(table)
    at = np.searchsorted(own, keys).clip(0, max(len(own) - 1, 0))
    found = (own[at] == keys) if len(own) else np.zeros(len(keys), dtype=bool)
    counts = np.where(found, table.respondents[at] if len(own) else 0, 0)
    return counts.astype(np.int64), found


def _layer_of(table: CellTable, categories: np.ndarray) -> np.ndarray:
    cats, first = np.unique(table.category, return_index=True)
    layer = table.layer_respondents[first]
    at = np.searchsorted(cats, categories).clip(0, max(cats.size - 1, 0))
    found = (cats[at] == categories) if cats.size else np.zeros(categories.size, dtype=bool)
    return np.where(found, layer[at] if cats.size else 0, 0).astype(np.int64)
