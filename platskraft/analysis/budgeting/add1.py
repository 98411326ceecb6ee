"""Add1 completion: how many whole units to add to every voter's endowment.

The definition (see ``mes``) is step by step: run MES at ``start``, then at
``start + 1``, ``start + 2``, … and keep the last outcome that fits the
budget; stop early when every supported project is bought (or, with
``until_exhaustive``, when the outcome is exhaustive). :func:`add1_steps_plain`
is that loop, one :meth:`_Mes.run` (numpy) per step; it is kept as the
reference.

:func:`add1_steps` gives the same answer faster: the very same loop, compiled
(``mes_jit.add1``), every run a compiled copy of :meth:`_Mes.run` that
computes every price and every amount of money bit for bit as it does (the
argument is in ``mes_jit``). A run that overspends stops as soon as it does.
"""

from __future__ import annotations

import numpy as np

from .mes_run import _Mes
from .profile import Profile


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
    """The same as :func:`add1_steps_plain`, compiled."""
    from . import mes_jit  # numba loads on first use, not with the Django app

    return mes_jit.add1_steps(mes, start, until_exhaustive=until_exhaustive)


def _exhaustive(profile: Profile, taken: np.ndarray) -> bool:
    left = profile.budget - profile.costs[taken].sum()
    open_ = ~taken & (profile.supporters > 0)
    return not np.any(profile.costs[open_] <= left)
