"""A round in the Pabulib `.pb` format (pabulib.org), out and in.

Export: one file per district (or one for a round without districts) with META (what,
where, budget, ballot and rule), PROJECTS (the approved projects: number as project_id,
cost, votes, name, place, and `selected` once an outcome exists) and VOTES. Voters get
plain numbers 1, 2, … in the order of their keyed hash, which says nothing about who
they are or when they voted; voter keys never leave the database. While voting is open
the file has no votes: nobody, staff included, sees a running tally.

Import: a `.pb` file becomes a new draft round with its projects approved at their costs
and its votes as paper ballots, all in one transaction: a file with any fault leaves
nothing behind, and the fault is named with its section and line.
"""

from .export import PB_RULE, export_filename, export_pb, round_election, votes_shown
from .imports import describe_error, import_pb

__all__ = [
    "PB_RULE",
    "describe_error",
    "export_filename",
    "export_pb",
    "import_pb",
    "round_election",
    "votes_shown",
]
