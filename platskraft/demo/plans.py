"""Demo action plan for Kramfors, modelled on Kristinehamn's strategic action plan.

Kristinehamn turned a kick-off seminar into a plan with ten priority areas and 46
sub-projects; at the final report 38 were done, 6 ongoing and 2 not started, with 1.7 MSEK.
This plan has the same shape, on Kramfors' *Framtidsbygget* process: the ten areas (the
categories of the demo proposals), 46 sub-projects with 38 / 6 / 2, 1.7 MSEK planned from
four financiers, dated updates, milestones, and one sub-project linked to the resident's
proposal "Välkomstpaket till nyinflyttade" ("You said → we did" on both pages).

The plan is built as it was in March 2017 and marked as the revision "Styrgruppen
2017-03-14"; then six sub-projects are added, statuses move on and two budgets change, and
the final state is marked "Slutrapport 2018-12-01", so comparing the two shows something.
Titles and amounts are invented (flagged as demo content); the shape is Kristinehamn's.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from platskraft.municipalities.models import Department, Municipality, Process
from platskraft.plans.models import (
    Funding,
    Link,
    Milestone,
    Plan,
    PriorityArea,
    Status,
    SubProject,
    Update,
)
from platskraft.plans.services.revisions import revision_create
from platskraft.proposals.models import Proposal

from .proposals_data import PRIORITY_AREAS

KS = "Kommunstyrelsen"
BUN = "Barn- och utbildningsnämnden"
MBN = "Miljö- och byggnadsnämnden"
KLF = "Kommunledningsförvaltningen"
NAR = "Näringslivsenheten"
KFF = "Kultur- och fritidsförvaltningen"
SBF = "Samhällsbyggnadsförvaltningen"

GOALS = [
    "Fler företag startar och växer i kommunen.",
    "Den som flyttar hit känner sig välkommen från första dagen.",
    "Fler unga och nyanlända kommer i arbete.",
    "Skolorna är en anledning att flytta hit.",
    "Eleverna känner till det lokala näringslivet och dess yrken.",
    "Det finns bostäder för alla skeden i livet.",
    "Fler besökare stannar längre och kommer tillbaka.",
    "Hela kommunen ska leva – byarna och centrum.",
    "Centrum är en levande mötesplats året runt.",
    "Invånarna är delaktiga i kommunens utveckling.",
]
TARGETS = [
    "30 nya företag per år",
    "200 fler invånare till 2020",
    "Sysselsättningsgraden upp två procentenheter",
    "",
    "Alla elever i årskurs 8 gör prao",
    "100 nya bostäder till 2020",
    "10 % fler gästnätter",
    "",
    "",
    "Två medborgarpaneler per år",
]

# Per area: (title, owner, status at the end, progress if ongoing, planned by financier,
# added after March 2017, status in March 2017).
D, G, N = Status.DONE, Status.ONGOING, Status.NOT_STARTED
K, T, R, L = "Kramfors kommun", "Tillväxtverket", "Region Västernorrland", "Leader Höga kusten"
SUB_PROJECTS: list[list[tuple]] = [
    [
        ("Företagsfrukostar varannan månad", NAR, D, None, {K: 30_000}, False, G),
        ("Företagslots – en väg in till kommunen", NAR, D, None, {T: 90_000, K: 30_000}, False, G),
        ("Snabbare bygglov för företag", MBN, D, None, {}, False, N),
        ("Dialogmöten om lokal upphandling", KLF, D, None, {K: 20_000}, False, D),
        ("Näringslivsdag med mässa", NAR, D, None, {K: 40_000, R: 20_000}, True, N),
    ],
    [
        ("Välkomstpaket till nyinflyttade", KS, G, None, {T: 60_000, K: 20_000}, False, N),
        ("Värdskapsutbildning för kommunens personal", KLF, D, None, {T: 120_000}, False, G),
        ("Inflyttarlots", KLF, D, None, {T: 80_000, K: 40_000}, False, G),
        ("Ambassadörsnätverket", KS, D, None, {T: 70_000, R: 30_000}, False, G),
        ("Välkomstkväll för nyinflyttade två gånger om året", KFF, D, None, {K: 25_000}, False, D),
    ],
    [
        ("Sommarjobb hos lokala företag för gymnasieelever", NAR, D, None, {K: 60_000}, False, D),
        ("Praktikplatser för nyanlända", KLF, D, None, {R: 40_000}, False, G),
        ("Jobbmässa i Kramfors", NAR, D, None, {K: 25_000, R: 15_000}, False, N),
        ("Språkstöd på arbetsplatsen", KLF, G, 40, {R: 30_000}, True, N),
    ],
    [
        ("Nya skolgårdar i Bollstabruk och Nyland", BUN, D, None, {K: 80_000}, False, G),
        ("Läxhjälp på biblioteket", KFF, D, None, {K: 15_000}, False, D),
        ("Lokalproducerad mat i skolmatsalarna", BUN, G, 50, {K: 20_000}, False, N),
        ("Fritidsbanken", KFF, D, None, {L: 40_000, K: 10_000}, False, N),
        ("Digitala verktyg i klassrummen", BUN, D, None, {K: 30_000}, False, G),
    ],
    [
        ("Prao i lokala företag", BUN, D, None, {}, False, D),
        ("Företagsbesök för lärare", BUN, D, None, {K: 10_000}, False, G),
        ("Ung företagsamhet på gymnasiet", BUN, D, None, {R: 20_000}, False, G),
        ("Branschråd för gymnasiets program", BUN, N, None, {}, True, N),
    ],
    [
        ("Fler hyreslägenheter i centrum", SBF, G, 30, {K: 30_000}, False, N),
        ("Tomtkö och snabbare markanvisning", SBF, D, None, {}, False, G),
        ("Bostadsförsörjningsprogram", SBF, D, None, {K: 20_000}, False, G),
        ("Sjönära tomter i Nordingrå", SBF, D, None, {K: 30_000}, False, N),
        ("Boende för unga vuxna", SBF, N, None, {}, False, N),
    ],
    [
        ("Skyltning till Höga kusten-leden från resecentrum", SBF, D, None, {L: 40_000}, False, N),
        ("Besöksguide på webben", NAR, D, None, {T: 50_000}, False, G),
        ("Ställplatser för husbilar", SBF, D, None, {L: 20_000, K: 10_000}, False, N),
        ("Gemensam evenemangskalender", KFF, D, None, {K: 15_000}, False, D),
        ("Turistinformation vid resecentrum", NAR, D, None, {T: 40_000, K: 20_000}, True, N),
    ],
    [
        ("Byabuss till centrum på lördagar", KS, G, 70, {R: 30_000, K: 20_000}, False, N),
        ("Bredband till byarna", KS, D, None, {K: 40_000}, False, G),
        ("Bygdemedel till föreningar", KS, D, None, {K: 35_000}, False, D),
        ("Servicepunkter i byarna", KS, D, None, {L: 40_000}, True, N),
    ],
    [
        ("Belysning längs Strandpromenaden", MBN, D, None, {K: 50_000}, False, N),
        ("Ny gestaltning av torget", SBF, D, None, {T: 30_000, K: 20_000}, False, G),
        ("Mötesplats för unga vid torget", KFF, G, 20, {K: 20_000}, True, N),
        ("Blomsterprogram för centrum", SBF, D, None, {K: 10_000}, False, D),
        ("Samverkan med fastighetsägare i centrum", NAR, D, None, {T: 20_000}, False, G),
    ],
    [
        ("Medborgarpanel två gånger om året", KLF, D, None, {K: 20_000}, False, G),
        ("Dialogforum i byarna", KLF, D, None, {K: 10_000}, False, D),
        ("E-förslag på kommunens webbplats", KLF, D, None, {K: 10_000}, False, G),
        ("Ungdomsråd", KFF, D, None, {}, False, D),
    ],
]
START, END = date(2016, 9, 1), date(2018, 12, 31)
CHANGED_BUDGET = {
    "Bredband till byarna": 30_000,
    "Värdskapsutbildning för kommunens personal": 20_000,
}
UPDATES = [
    (
        "Värdskapsutbildning för kommunens personal",
        date(2017, 5, 18),
        "Första omgången av värdskapsutbildningen är klar: 140 medarbetare i reception, "
        "bibliotek och kundtjänst har gått den.",
    ),
    (
        "Ambassadörsnätverket",
        date(2017, 9, 2),
        "Ambassadörsnätverket har nu 85 medlemmar. Nästa träff är i Docksta i oktober.",
    ),
    (
        "Belysning längs Strandpromenaden",
        date(2017, 11, 6),
        "Belysningen längs Strandpromenaden är tänd – hela sträckan från centrum till resecentrum.",
    ),
    (
        "Fritidsbanken",
        date(2018, 2, 12),
        "Fritidsbanken har öppnat i Kramfors. Där lånar du skridskor, skidor och tält gratis.",
    ),
    (
        "Jobbmässa i Kramfors",
        date(2018, 4, 20),
        "Över 40 arbetsgivare och 600 besökare kom till jobbmässan i Kramforshallen.",
    ),
    (
        "Byabuss till centrum på lördagar",
        date(2018, 6, 9),
        "Byabussen går nu på prov från Ullånger och Nordingrå varje lördag i sommar.",
    ),
    (
        "Välkomstpaket till nyinflyttade",
        date(2018, 10, 3),
        "Första versionen av välkomstpaketet är klar och delas ut av Medborgarservice. "
        "Nästa upplaga får rabatter från lokala butiker, som en invånare föreslog.",
    ),
    (
        "Fler hyreslägenheter i centrum",
        date(2018, 11, 15),
        "Detaljplanen för kvarteret vid Kramfors torg är på samråd till 15 december.",
    ),
]
# The sub-project (progress rolled up from its milestones) and the proposal it is linked to.
LINKED = ("Välkomstpaket till nyinflyttade", "Välkomstpaket till nyinflyttade")


def _departments(kramfors: Municipality) -> dict[str, Department]:
    found = {}
    for name in (KS, BUN, MBN, KLF, NAR, KFF, SBF):
        kind = "committee" if name in (KS, BUN, MBN) else "department"
        found[name], _ = Department.objects.get_or_create(
            municipality=kramfors, name=name, defaults={"kind": kind}
        )
    return found


def _funding(sp: SubProject, planned: dict[str, int], status: str) -> None:
    share = {Status.DONE: 1.0, Status.ONGOING: 0.5}.get(status, 0.0)
    for financier, amount in planned.items():
        Funding.objects.update_or_create(
            sub_project=sp,
            financier=financier,
            defaults={"planned_sek": amount, "spent_sek": round(amount * share, -3)},
        )


def build_plans(*, kramfors: Municipality, process: Process, staff: dict, today: date) -> Plan:
    """The plan, its two revisions and the link to the welcome-pack proposal."""
    with translation.override("sv"):
        return _build(kramfors=kramfors, process=process, staff=staff)


def _build(*, kramfors: Municipality, process: Process, staff: dict) -> Plan:
    by = next(iter(staff.values()), None)
    owners = _departments(kramfors)
    plan = Plan.objects.create(
        municipality=kramfors,
        process=process,
        title="Strategisk handlingsplan för stärkt lokal attraktionskraft 2016–2018",
        description=(
            "Handlingsplanen växte fram ur uppstartsseminariet och dialogerna i "
            "Framtidsbygget: tio prioriterade områden och 46 delprojekt som kommunen, "
            "näringslivet och föreningarna genomför tillsammans. Styrgruppen följer planen "
            "och reviderar den löpande.\n\n"
            "Demo: planens form kommer från Kristinehamns strategiska handlingsplan; "
            "delprojekten och beloppen är påhittade."
        ),
        is_published=True,
        is_demo=True,
    )
    areas = [
        PriorityArea.objects.create(
            plan=plan,
            code=str(i + 1),
            position=i,
            title=title,
            goal=GOALS[i],
            indicator_target=TARGETS[i],
        )
        for i, title in enumerate(PRIORITY_AREAS)
    ]

    # March 2017: what the steering group saw.
    made: dict[str, tuple[SubProject, tuple]] = {}
    for area, rows in zip(areas, SUB_PROJECTS, strict=True):
        for n, row in enumerate(rows, start=1):
            title, owner, _final, _progress, planned, late, early = row
            if late:
                continue
            sp = SubProject.objects.create(
                plan=plan,
                area=area,
                code=f"{area.code}.{n}",
                position=n,
                title=title,
                description=f"{title}. {GOALS[int(area.code) - 1]} (Demo)",
                owner=owners[owner],
                responsible="Projektledare (demo)",
                start_date=START + timedelta(days=30 * (n - 1)),
                end_date=END - timedelta(days=30 * (len(rows) - n)),
                status=early,
                progress=40 if early == Status.ONGOING else None,
                is_demo=True,
            )
            _funding(sp, {f: a + CHANGED_BUDGET.get(title, 0) for f, a in planned.items()}, early)
            made[title] = (sp, row)
    revision_create(plan=plan, by=by, label="Styrgruppen 2017-03-14", date=date(2017, 3, 14))

    # December 2018: six more sub-projects, statuses and budgets as in the final report.
    for area, rows in zip(areas, SUB_PROJECTS, strict=True):
        for n, row in enumerate(rows, start=1):
            title, owner, final, progress, planned, late, _early = row
            if late:
                sp = SubProject.objects.create(
                    plan=plan,
                    area=area,
                    code=f"{area.code}.{n}",
                    position=n,
                    title=title,
                    description=f"{title}. Tillkom vid revideringen 2017. (Demo)",
                    owner=owners[owner],
                    responsible="Projektledare (demo)",
                    start_date=date(2017, 6, 1),
                    end_date=END,
                    is_demo=True,
                )
            else:
                sp = made[title][0]
            sp.status = final
            sp.progress = progress
            sp.version += 1
            sp.save(update_fields=["status", "progress", "version", "updated_at"])
            Funding.objects.filter(sub_project=sp).exclude(financier__in=planned).delete()
            _funding(sp, planned, final)
            made[title] = (sp, row)

    welcome = made[LINKED[0]][0]
    for position, (title, done) in enumerate(
        [
            ("Innehållet bestämt med näringslivet", True),
            ("Första upplagan tryckt", True),
            ("Rabatter från lokala butiker", False),
            ("Delas ut vid varje inflyttning", False),
        ]
    ):
        Milestone.objects.create(
            sub_project=welcome,
            title=title,
            done=done,
            position=position,
            due_date=date(2018, 3 + 3 * position, 1),
        )
    for title, on, text in UPDATES:
        Update.objects.create(sub_project=made[title][0], date=on, text=text, author=by)

    proposal = Proposal.objects.filter(municipality=kramfors, title=LINKED[1]).first()
    if proposal is not None:
        Link.objects.create(
            sub_project=welcome,
            content_type=ContentType.objects.get_for_model(Proposal),
            object_id=proposal.pk,
            label=proposal.title,
            note="Förslagets idé om rabatter i lokala butiker tas med i nästa upplaga.",
            created_by=by,
        )
    revision_create(plan=plan, by=by, label="Slutrapport 2018-12-01", date=date(2018, 12, 1))
    return plan
