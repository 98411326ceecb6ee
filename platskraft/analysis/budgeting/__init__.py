"""Participatory-budgeting outcome rules (numpy; MES runs compiled with numba).

- :func:`greedy` — greedy by votes (optional minimum-support threshold), by
  cost satisfaction, or by supporters per unit of cost (``greedy.py``).
- :func:`equal_shares` — the Method of Equal Shares with cost or unit
  utilities, optionally completed by Add1 or greedy (``mes.py``; one run in
  ``mes_run.py``, its compiled copy in ``mes_jit.py`` and ``vector.py``, Add1
  in ``add1.py``).
- Every outcome carries a :class:`ProjectExplanation` per project.
- Ties: more votes, then lower cost, then file order (or a seeded random
  order) win (``profile.py``).

pabutools is the reference; the tests check that both give the same outcome.
"""

from .explain import RULES, describe, outcome_for_rule
from .greedy import greedy
from .mes import equal_shares
from .profile import Outcome, Profile, ProjectExplanation

__all__ = [
    "RULES",
    "Outcome",
    "Profile",
    "ProjectExplanation",
    "describe",
    "equal_shares",
    "greedy",
    "outcome_for_rule",
]
