"""Demo citizen budget for Kramfors: a counted and published round, and one open for voting.

*Medborgarbudget 2026* has two districts with their own budgets, sixteen projects and
about 600 ballots; its outcome is computed with the Method of Equal Shares and published,
so the results page, its explanations and the comparison with greedy can be read at once.
*Kvartersbudget för centrum* is in its voting stage so residents can try voting; one of
its projects comes from a resident's proposal. Projects, amounts and ballots are invented
(flagged as demo content); the places are real. Ballots are drawn from a seeded random
generator (knapsack ballots that fit the district's budget), so the demo is the same
every time, and written in bulk to keep the build fast.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone, translation

from platskraft.budgeting.models import (
    Ballot,
    BallotKind,
    Channel,
    District,
    Eligibility,
    Project,
    ProjectStatus,
    Round,
    Rule,
    Stage,
)
from platskraft.budgeting.services.outcome import outcome_compute, outcome_publish
from platskraft.core.privacy import keyed_hash
from platskraft.municipalities.models import Municipality, Process
from platskraft.proposals.models import Proposal

# (district, title, cost, appeal to the district's two groups of voters, place, description)
NORTH, SOUTH = "Norra kommundelen", "Södra kommundelen"
PROJECTS = [
    (
        NORTH,
        "Badbrygga och grillplats vid Ullångersfjärden",
        120_000,
        (0.8, 0.1),
        "Ullånger",
        "En tillgänglig badbrygga med ramp och en grillplats med bänkar.",
    ),
    (
        NORTH,
        "Ny lekplats i Docksta",
        160_000,
        (0.85, 0.1),
        "Docksta",
        "Lekplatsen vid skolan byts ut mot en ny med gungor, klätterställning och sandlåda.",
    ),
    (
        NORTH,
        "Belysning på motionsspåret i Nordingrå",
        100_000,
        (0.3, 0.7),
        "Nordingrå",
        "Två kilometer av spåret får led-belysning, så att det går att springa på vintern.",
    ),
    (
        NORTH,
        "Vindskydd längs Höga kusten-leden",
        60_000,
        (0.1, 0.8),
        "Skuleberget",
        "Två vindskydd med eldstad vid leden, för vandrare och för skolklasser.",
    ),
    (
        NORTH,
        "Boulebana vid byagården i Ullånger",
        40_000,
        (0.35, 0.2),
        "Ullånger",
        "En boulebana med bänkar och ett bord, som byaföreningen sköter.",
    ),
    (
        NORTH,
        "Utegym i Docksta",
        140_000,
        (0.7, 0.1),
        "Docksta",
        "Ett utegym med redskap för styrka och rörlighet, öppet för alla.",
    ),
    (
        NORTH,
        "Pistmaskin till byarnas skidspår",
        210_000,
        (0.05, 0.75),
        "Nordingrå",
        "En begagnad pistmaskin som skidföreningarna i norr delar på.",
    ),
    (
        NORTH,
        "Laddstation för elcyklar vid Nordingrå hamn",
        45_000,
        (0.1, 0.5),
        "Nordingrå",
        "Fyra laddplatser och ett cykelställ med tak vid hamnen.",
    ),
    (
        SOUTH,
        "Pumptrack i Kramfors",
        270_000,
        (0.8, 0.05),
        "Kramfors",
        "En asfalterad pumptrack för cykel, sparkcykel och skateboard nära simhallen.",
    ),
    (
        SOUTH,
        "Belysning och bänkar i Folkets park",
        190_000,
        (0.6, 0.15),
        "Kramfors",
        "Parken får belysning längs gångarna och nya bänkar.",
    ),
    (
        SOUTH,
        "Scen för sommarkonserter vid älven",
        230_000,
        (0.7, 0.1),
        "Kramfors",
        "En enkel scen med tak där föreningar kan ordna konserter och teater.",
    ),
    (
        SOUTH,
        "Hundrastgård i Frånö",
        80_000,
        (0.1, 0.7),
        "Frånö",
        "En inhägnad hundrastgård med bänkar och en papperskorg.",
    ),
    (
        SOUTH,
        "Upprustad badplats i Lunde",
        110_000,
        (0.05, 0.8),
        "Lunde",
        "Ny sand, en brygga och ett omklädningsrum vid badplatsen.",
    ),
    (
        SOUTH,
        "Parkourbana vid skolan i Bollstabruk",
        150_000,
        (0.2, 0.6),
        "Bollstabruk",
        "En parkourbana som skolan använder på dagen och alla andra på kvällen.",
    ),
    (
        SOUTH,
        "Ängsblommor och bänkar längs älven",
        55_000,
        (0.25, 0.3),
        "Kramfors",
        "Gräsmattor blir ängar med blommor för pollinerare, med bänkar att vila på.",
    ),
    (
        SOUTH,
        "Cykelverkstad vid resecentrum",
        30_000,
        (0.3, 0.2),
        "Kramfors",
        "En station med pump och verktyg där vem som helst kan laga sin cykel.",
    ),
]
DISTRICTS = [(NORTH, 400_000, 240), (SOUTH, 600_000, 360)]  # name, budget, ballots
GROUP_SHARE = 0.6  # share of a district's voters in its first group (families and the town)

CENTRE_PROJECTS = [
    (
        "Skyltning till Höga kusten-leden från resecentrum",
        60_000,
        "Resecentrum",
        "Skyltar från resecentrum till leden och till busshållplatserna mot kusten.",
    ),
    (
        "Fler cykelställ med tak på torget",
        75_000,
        "Torget",
        "Tjugo nya cykelplatser med tak och möjlighet att låsa fast ramen.",
    ),
    ("Julbelysning på Storgatan", 120_000, "Storgatan", "Belysning i träden längs hela gatan."),
    (
        "Bokbytarhylla och sittplatser vid biblioteket",
        40_000,
        "Biblioteket",
        "En väderskyddad hylla där man lämnar och tar böcker, med bänkar runt.",
    ),
    (
        "Vattenlek för barn i stadsparken",
        180_000,
        "Stadsparken",
        "Fontäner i marken som barn kan leka i på sommaren.",
    ),
    (
        "Pingisbord och schackbord i centrum",
        35_000,
        "Torget",
        "Två pingisbord och ett schackbord i betong som står ute året runt.",
    ),
]


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _ballots(rnd: random.Random, round_: Round, district, projects, budget, count, start):
    """Knapsack ballots: each voter goes through the projects they like, best first, and
    picks those that still fit in the budget."""
    ballots = []
    for i in range(count):
        group = 0 if rnd.random() < GROUP_SHARE else 1
        liked = [
            (rnd.random() * appeal[group], project)
            for project, appeal in projects
            if rnd.random() < appeal[group] + 0.1
        ]
        chosen, left = {}, budget
        for _score, project in sorted(liked, key=lambda item: -item[0]):
            if project.cost_sek <= left:
                chosen[str(project.pk)] = 1
                left -= project.cost_sek
        channel = rnd.choices([Channel.ONLINE, Channel.CODE, Channel.PAPER], [0.7, 0.2, 0.1])[0]
        ballots.append(
            Ballot(
                round=round_,
                district=district,
                voter_key=keyed_hash(f"demo-{round_.pk}-{start + i}", "budgeting-demo"),
                channel=channel,
                choices=chosen,
            )
        )
    Ballot.objects.bulk_create(ballots)


def build_budgeting(*, kramfors: Municipality, process: Process, staff: dict, today) -> None:
    """The two demo rounds, in Swedish whatever the language of the command."""
    with translation.override("sv"):
        _results_round(kramfors, process, staff, today)
        _voting_round(kramfors, process, today)


def _results_round(kramfors: Municipality, process: Process, staff: dict, today) -> Round:
    round_ = Round.objects.create(
        municipality=kramfors,
        process=process,
        title="Medborgarbudget 2026",
        description=(
            "Kommunen avsatte en miljon kronor till projekt som invånarna själva föreslog "
            "och röstade fram. Norra och södra kommundelen har var sin budget. Vinnarna "
            "räknades fram med metoden med lika andelar, så att både stora och små grupper "
            "av väljare får projekt de vill ha. (Demo: projekt, belopp och röster är "
            "påhittade.)"
        ),
        stage=Stage.COUNTING,
        budget_sek=1_000_000,
        ballot_kind=BallotKind.KNAPSACK,
        eligibility=Eligibility.BOTH,
        min_age=12,
        rule=Rule.MES_COST_ADD1,
        tie_seed=2026,
        voting_opens_at=_at(today - timedelta(days=60)),
        voting_closes_at=_at(today - timedelta(days=30)),
        is_demo=True,
    )
    districts = {
        name: District.objects.create(round=round_, name=name, budget_sek=budget, position=i)
        for i, (name, budget, _count) in enumerate(DISTRICTS)
    }
    by_district: dict[str, list] = {name: [] for name in districts}
    for number, (district, title, cost, appeal, place, text) in enumerate(PROJECTS, start=1):
        project = Project.objects.create(
            round=round_,
            district=districts[district],
            number=number,
            title=title,
            description=text,
            cost_sek=cost,
            place_name=place,
            status=ProjectStatus.APPROVED,
            review_notes="Genomförbart. Kostnaden är beräknad av tekniska förvaltningen (demo).",
            is_demo=True,
        )
        by_district[district].append((project, appeal))
    rnd = random.Random(2026)  # noqa: S311 - repeatable demo data
    start = 0
    for name, budget, count in DISTRICTS:
        _ballots(rnd, round_, districts[name], by_district[name], budget, count, start)
        start += count
    outcome = outcome_compute(round=round_, by=staff.get("admin"))
    outcome_publish(outcome=outcome, by=staff.get("admin"))
    return round_


def _voting_round(kramfors: Municipality, process: Process, today) -> Round:
    round_ = Round.objects.create(
        municipality=kramfors,
        process=process,
        title="Kvartersbudget för centrum",
        description=(
            "300 000 kronor till små förbättringar i Kramfors centrum. Välj de projekt du vill "
            "ha, så länge de ryms i budgeten. Du kan ändra din röst tills röstningen stänger. "
            "(Demo: projekten och beloppen är påhittade.)"
        ),
        stage=Stage.VOTING,
        budget_sek=300_000,
        ballot_kind=BallotKind.KNAPSACK,
        eligibility=Eligibility.BOTH,
        rule=Rule.MES_COST_ADD1,
        tie_seed=7,
        voting_opens_at=_at(today - timedelta(days=7)),
        voting_closes_at=_at(today + timedelta(days=21)),
        is_demo=True,
    )
    proposal = Proposal.objects.filter(municipality=kramfors, title=CENTRE_PROJECTS[0][0]).first()
    projects = []
    for number, (title, cost, place, text) in enumerate(CENTRE_PROJECTS, start=1):
        project = Project.objects.create(
            round=round_,
            number=number,
            title=title,
            description=text,
            cost_sek=cost,
            place_name=place,
            status=ProjectStatus.APPROVED,
            review_notes="Genomförbart (demo).",
            proposal=proposal if number == 1 else None,
            is_demo=True,
        )
        projects.append((project, (0.3 + 0.1 * (number % 4), 0.3 + 0.1 * (number % 3))))
    rnd = random.Random(7)  # noqa: S311 - repeatable demo data
    _ballots(rnd, round_, None, projects, round_.budget_sek, 37, 0)
    return round_
