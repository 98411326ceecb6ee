"""Add1 completion: how many whole units to add to every voter's endowment.

The definition (see ``mes``) is step by step: run MES at ``start``, then at
``start + 1``, ``start + 2``, … and keep the last outcome that fits the
budget; stop early when every supported project is bought (or, with
``until_exhaustive``, when the outcome is exhaustive). :func:`add1_steps_plain`
is that loop, one :meth:`_Mes.run` per step; it is kept as the reference.

:func:`add1_steps` gives the same answer faster: it runs a block of
consecutive endowments side by side (``blockrun.run_block``, which repeats
the single-endowment computation operation for operation, so every price and
every amount of money is bit for bit the one ``_Mes.run`` computes), then
reads the block's outcomes in order exactly as the plain loop would. Blocks
grow from 8 to at most 64 endowments; the endowments of a block past the one
where the loop stops are computed for nothing, which is the only waste.
"""

from __future__ import annotations

import numpy as np

from .blockrun import run_block
from .mes_run import _Mes
from .profile import Profile

FIRST_BLOCK = 8
MAX_BLOCK = 64
MAX_CELLS = 2_000_000  # block size × voters: bounds the money array (16 MB)


def add1_steps_plain(mes: _Mes, start: float, *, until_exhaustive: bool = False) -> int:
    """How many whole units Add1 adds per voter to ``start`` (step by step)."""
    profile = mes.profile
    supported = profile.supporters > 0
    taken = np.zeros(profile.n_projects, dtype=bool)
    order = mes.run(start)[0]
    step = 0
    while True:
        taken[:] = False
        taken[order] = True
        if taken[supported].all() or (until_exhaustive and _exhaustive(profile, taken)):
            return step
        nxt = mes.run(start + step + 1, limit=profile.budget)
        if nxt is None:
            return step
        step += 1
        order = nxt[0]


def add1_steps(mes: _Mes, start: float, *, until_exhaustive: bool = False) -> int:
    """The same as :func:`add1_steps_plain`, a block of endowments at a time."""
    profile = mes.profile
    supported = profile.supporters > 0
    taken = np.zeros(profile.n_projects, dtype=bool)
    largest = max(1, min(MAX_BLOCK, MAX_CELLS // max(profile.n_voters, 1)))
    first, size = 0, min(FIRST_BLOCK, largest)
    while True:
        steps = range(first, first + size)
        # The plain loop's endowments: ``start`` then ``start + step + 1``
        # evaluated left to right, i.e. (start + (j - 1)) + 1 for step j.
        endowments = [start if j == 0 else start + (j - 1) + 1 for j in steps]
        limits = [None if j == 0 else profile.budget for j in steps]
        for j, order in zip(steps, run_block(mes, endowments, limits), strict=True):
            if order is None:
                return j - 1
            taken[:] = False
            taken[order] = True
            if taken[supported].all() or (until_exhaustive and _exhaustive(profile, taken)):
                return j
        first += size
        size = min(2 * size, largest)


def _exhaustive(profile: Profile, taken: np.ndarray) -> bool:
    left = profile.budget - profile.costs[taken].sum()
    open_ = ~taken & (profile.supporters > 0)
    return not np.any(profile.costs[open_] <= left)
