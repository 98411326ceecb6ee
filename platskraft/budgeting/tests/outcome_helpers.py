"""A small round with two districts whose outcomes are worked out by hand.

Norr (budget 900 SEK, 9 ballots): six voters approve 1 (600) and 2 (300), three approve
3 (300) and 4 (300).
- Greedy by votes: 1 and 2 have 6 votes each, the cheaper goes first: 2 (600 left),
  then 1 (0 left); 3 and 4 do not fit. Six of nine voters get a project.
- Method of Equal Shares (cost utilities), Add1: each voter starts with 100. 1 and 2
  both cost their supporters 100/600 = 50/300 per krona of cost (a tie: the cheaper 2
  wins); the six pay 50 each for 2 and have 50 each left, 300 together, too little for
  1 (600). 3 costs its three supporters 100 each. 600 is spent; raising the share one
  krona at a time keeps {2, 3} until a share of 150, when 1 becomes affordable too and
  the outcome (1 200) no longer fits. So the final share is 149 (49 increments):
  2 in round 1 (6 × 50), 3 in round 2 (3 × 100); 1 lost after round 1 with 894 − 300 =
  594 left of 894; 4 lost after round 2 with 447 − 300 = 147 left of 447. All nine
  voters get a project.
Söder (budget 500 SEK, 4 ballots): three voters approve 5 (200) and 7 (250), the fourth
approves 6 (400) alone.
- Greedy: 5 and 7 have 3 votes each, the cheaper 5 first (300 left), then 7 (50 left);
  6 does not fit.
- MES Add1: 5 (3 × 66.67) from the start; 7 as well (3 × 83.33) from a share of 150 up;
  6 needs 400 from its one supporter, affordable only at a share of 400, when 850 would
  be spent: the final share is 399 and 6 was short from the start (399 < 400).
"""

from __future__ import annotations

from platskraft.core.privacy import keyed_hash
from platskraft.municipalities.tests.factories import ProcessFactory

from ..models import Ballot, Channel, District, Project, ProjectStatus, Round, Rule, Stage

NORR = [
    (1, "Konstgräsplan", 600),
    (2, "Lekplats", 300),
    (3, "Vindskydd", 300),
    (4, "Skidspår", 300),
]
SODER = [(5, "Hundrastgård", 200), (6, "Scen vid älven", 400), (7, "Badplats", 250)]
NORR_BALLOTS = [(1, 2)] * 6 + [(3, 4)] * 3
SODER_BALLOTS = [(5, 7)] * 3 + [(6,)]


def hand_round(municipality, *, stage=Stage.COUNTING, rule=Rule.MES_COST_ADD1, **fields):
    """The round above; returns (round, {number: project})."""
    process = ProcessFactory(municipality=municipality)
    round_ = Round.objects.create(
        municipality=municipality,
        process=process,
        title="Medborgarbudget 2026",
        stage=stage,
        budget_sek=1400,
        rule=rule,
        tie_seed=11,
        **fields,
    )
    projects = {}
    voter = 0
    for position, (name, budget, rows, ballots) in enumerate(
        [("Norr", 900, NORR, NORR_BALLOTS), ("Söder", 500, SODER, SODER_BALLOTS)]
    ):
        district = District.objects.create(
            round=round_, name=name, budget_sek=budget, position=position
        )
        for number, title, cost in rows:
            projects[number] = Project.objects.create(
                round=round_,
                district=district,
                number=number,
                title=title,
                cost_sek=cost,
                status=ProjectStatus.APPROVED,
            )
        for chosen in ballots:
            voter += 1
            Ballot.objects.create(
                round=round_,
                district=district,
                voter_key=keyed_hash(f"voter-{voter}", "test"),
                channel=Channel.ONLINE,
                choices={str(projects[n].pk): 1 for n in chosen},
            )
    # Rejected: never on the ballot, never counted.
    Project.objects.create(
        round=round_,
        district=round_.districts.get(name="Norr"),
        number=8,
        title="Linbana till Skuleberget",
        cost_sek=100,
        status=ProjectStatus.REJECTED,
    )
    return round_, projects
