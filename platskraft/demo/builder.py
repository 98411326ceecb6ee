"""The demo: two municipalities with processes, phases, money, groups and a person for every role.

Kramfors also gets residents' proposals (see `proposals.py`): an always-open channel
with Kristinehamn's priority areas and a call for proposals in the current phase; and a
survey on living, working and visiting in two rounds with answers (see `surveys.py`),
and a mental map in two rounds with drawings around the localities (see `mental_map.py`),
and a citizen budget: one round counted and published, one open for voting (see `budgeting.py`),
and a Kristinehamn-like action plan with two revisions on Framtidsbygget (see `plans.py`),
meetings held and to come, with a finished OPERA workshop (see `meetings.py`), and six
coded interviews with a codebook (see `interviews.py`).

Facts come from the seed documents (Kramfors' *Framtidsbygget – en hel kommun*, 2015–2018,
3.8 MSEK from Tillväxtverket, Region Västernorrland and the municipality, of which the
municipality about 1 MSEK; Lund's three-year dialogue project *Fokus Dalby*). Everything
invented (how the rest of the money was split, people, the current process) is flagged
as demo content, and the processes say so in their text.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from platskraft.municipalities import services
from platskraft.municipalities.models import (
    Department,
    Financier,
    GovernanceGroup,
    GroupMember,
    Membership,
    Municipality,
    Phase,
    Process,
    Role,
)
from platskraft.municipalities.models.process import GroupKind, PhaseKind, ProcessStatus

from .budgeting import build_budgeting
from .interviews import build_interviews
from .meetings import build_meetings
from .mental_map import build_mental_map
from .plans import build_plans
from .proposals import RESIDENTS, build_proposals
from .surveys import build_surveys

User = get_user_model()

DEMO_PASSWORD = "platskraft-demo"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    municipality: str


def _user(email: str, name: str, **extra) -> User:
    return User.objects.create_user(
        email=email,
        password=DEMO_PASSWORD,
        display_name=name,
        email_confirmed_at=timezone.now(),
        **extra,
    )


def _phases(process: Process, rows) -> None:
    for name, kind, start, end, description in rows:
        Phase.objects.create(
            process=process,
            name=name,
            kind=kind,
            start_date=start,
            end_date=end,
            description=description,
        )


def _kramfors(today: date) -> Municipality:
    kramfors = services.municipality_create(
        code="2282",
        slug="kramfors",
        is_demo=True,
        intro=(
            "Kramfors kommun i Höga kusten arbetar långsiktigt med att bli en plats där "
            "människor vill bo, verka och besöka – tillsammans med invånare, företag, "
            "föreningar och ett växande nätverk av ambassadörer."
        ),
        contact_email="kommun@kramfors.se",
        website="https://www.kramfors.se",
        centre_lat=62.93,
        centre_lon=17.78,
    )
    framtid = Process.objects.create(
        municipality=kramfors,
        title="Framtidsbygget – en hel kommun",
        summary=(
            "Kramfors var en av tio pilotkommuner i Tillväxtverkets program Stärkt lokal "
            "attraktionskraft: dialoger, över 200 djupintervjuer och ett nätverk av "
            "ambassadörer."
        ),
        body=(
            "Tillsammans skapar vi framtiden var budskapet. Projektet bjöd in politiker, "
            "tjänstepersoner och ambassadörer till dialogmöten om värdskap, bemötande, "
            "attityder och värderingar, och kartlade genom mer än 200 djupintervjuer hur "
            "människor rör sig i kommunen och varför platser besöks.\n\n"
            "Projektet avslutades med en nationell konferens om stärkt lokal "
            "attraktionskraft.\n\n"
            "Demo: fakta om projektet kommer från Kramfors kommuns webbplats. Fasernas "
            "datum, fördelningen mellan Tillväxtverket och Region Västernorrland och "
            "styrgruppens medlemmar är påhittade."
        ),
        start_date=date(2015, 1, 1),
        end_date=date(2018, 12, 31),
        status=ProcessStatus.CLOSED,
        published_at=timezone.now(),
        is_demo=True,
    )
    _phases(
        framtid,
        [
            (
                "Dialoger och djupintervjuer",
                PhaseKind.FORUM,
                date(2015, 1, 1),
                date(2016, 6, 30),
                "Dialogmöten om värdskap och över 200 djupintervjuer med invånare.",
            ),
            (
                "Mental karta och ambassadörer",
                PhaseKind.ARENA,
                date(2016, 7, 1),
                date(2017, 12, 31),
                "Intervjuerna blev en mental karta; ambassadörsnätverket växte.",
            ),
            (
                "Tjänsteplan och konferens",
                PhaseKind.COURT,
                date(2018, 1, 1),
                date(2018, 12, 31),
                "Den mentala kartan blev underlag för en tjänsteplan; nationell konferens.",
            ),
        ],
    )
    for name, amount, note in [
        ("Tillväxtverket", 2_000_000, "Fördelningen är påhittad (demo)."),
        ("Region Västernorrland", 800_000, "Fördelningen är påhittad (demo)."),
        ("Kramfors kommun", 1_000_000, "Cirka 1 miljon kronor enligt kommunen."),
    ]:
        Financier.objects.create(
            process=framtid, name=name, amount_sek=amount, start_year=2015, end_year=2018, note=note
        )
    styr = GovernanceGroup.objects.create(
        process=framtid,
        kind=GroupKind.STEERING,
        name="Styrgrupp Framtidsbygget",
        description="Följer projektet och beslutar om inriktning. Medlemmarna är påhittade (demo).",
    )
    for i, (name, org, role) in enumerate(
        [
            ("Anna Exempelsson (demo)", "Kommunstyrelsen", "Ordförande"),
            ("Bertil Prov (demo)", "Region Västernorrland", "Ledamot"),
            ("Cecilia Demo (demo)", "Näringslivet i Kramfors", "Ledamot"),
        ]
    ):
        GroupMember.objects.create(group=styr, name=name, organisation=org, role=role, position=i)

    # A process running now, so the demo always has a current phase to show.
    forum_start = today - timedelta(days=300)
    arena_start = today - timedelta(days=45)
    court_start = today + timedelta(days=200)
    levande = Process.objects.create(
        municipality=kramfors,
        title="Ett levande Kramfors (demo)",
        summary="Påhittad fortsättning på Framtidsbygget: byarna och centrum tillsammans.",
        body=(
            "Demo: den här processen är påhittad för att visa hur en pågående process ser ut."
            "\n\nForum: vi samtalar öppet. Arena: vi formar förslag tillsammans. "
            "Domstol: politiken beslutar och vi följer upp."
        ),
        start_date=forum_start,
        end_date=court_start + timedelta(days=364),
        status=ProcessStatus.PUBLISHED,
        published_at=timezone.now(),
        is_demo=True,
    )
    _phases(
        levande,
        [
            (
                "Forum: öppna samtal",
                PhaseKind.FORUM,
                forum_start,
                arena_start - timedelta(days=1),
                "Dialogcaféer i byarna och en enkät om att bo, verka och leva i Kramfors.",
            ),
            (
                "Arena: forma förslagen",
                PhaseKind.ARENA,
                arena_start,
                court_start - timedelta(days=1),
                "Invånare, föreningar och förvaltningar formar förslag tillsammans i workshops.",
            ),
            (
                "Domstol: beslut och uppföljning",
                PhaseKind.COURT,
                court_start,
                court_start + timedelta(days=364),
                "Kommunfullmäktige beslutar om handlingsplanen.",
            ),
        ],
    )
    Financier.objects.create(
        process=levande,
        name="Kramfors kommun",
        amount_sek=600_000,
        start_year=today.year,
        end_year=today.year + 2,
        note="Påhittat belopp (demo).",
    )
    GovernanceGroup.objects.create(
        process=levande,
        kind=GroupKind.ADVISORY,
        name="Rådet för ett levande Kramfors",
        description="Företag, föreningar och kommunen (demo).",
        members_public=False,
    )
    Process.objects.create(
        municipality=kramfors,
        title="Medborgarbudget för byarna (utkast, demo)",
        summary="Ett utkast som bara kommunens personal ser.",
        start_date=today + timedelta(days=60),
        status=ProcessStatus.DRAFT,
        is_demo=True,
    )
    for name, kind in [
        ("Kommunstyrelsen", "committee"),
        ("Barn- och utbildningsnämnden", "committee"),
        ("Miljö- och byggnadsnämnden", "committee"),
        ("Kommunledningsförvaltningen", "department"),
    ]:
        Department.objects.create(municipality=kramfors, name=name, kind=kind)
    return kramfors


def _lund(today: date) -> Municipality:
    lund = services.municipality_create(
        code="1281",
        slug="lund",
        is_demo=True,
        publication_threshold=10,
        intro="Lunds kommun – här med dialogprojektet Fokus Dalby.",
        centre_lat=55.70,
        centre_lon=13.19,
    )
    dalby = Process.objects.create(
        municipality=lund,
        title="Fokus Dalby",
        summary=(
            "Ett treårigt dialogprojekt om Dalby som framtida attraktiv boendeort, med "
            "öppna möten, fokusgrupper och förslag som skickades vidare till nämnderna."
        ),
        body=(
            "Ledorden var långsiktighet, delaktighet och samverkan.\n\n"
            "Demo: datumen är påhittade; fakta om projektet kommer från Lunds kommun."
        ),
        start_date=date(2013, 1, 1),
        end_date=date(2015, 12, 31),
        status=ProcessStatus.CLOSED,
        published_at=timezone.now(),
        is_demo=True,
    )
    _phases(
        dalby,
        [
            ("Lyssna", PhaseKind.FORUM, date(2013, 1, 1), date(2013, 12, 31), ""),
            ("Forma", PhaseKind.ARENA, date(2014, 1, 1), date(2014, 12, 31), ""),
            ("Besluta och rapportera", PhaseKind.COURT, date(2015, 1, 1), date(2015, 12, 31), ""),
        ],
    )
    GovernanceGroup.objects.create(
        process=dalby, kind=GroupKind.STEERING, name="Styrgrupp Fokus Dalby", members_public=False
    )
    Department.objects.create(municipality=lund, name="Byggnadsnämnden", kind="committee")
    return lund


@transaction.atomic
def build_demo(today: date | None = None) -> list[DemoLogin]:
    """Remove any earlier demo and build it again; return the log-ins to print."""
    today = today or timezone.localdate()
    Municipality.objects.filter(is_demo=True).delete()
    User.objects.filter(email__endswith="@demo.platskraft.se").delete()

    kramfors = _kramfors(today)
    lund = _lund(today)
    logins: list[DemoLogin] = []
    staff = {}
    handled_by = kramfors.departments.get(name="Kommunstyrelsen")
    for local, name, role in [
        ("admin.kramfors", "Kim Admin (demo)", Role.ADMIN),
        ("redaktor.kramfors", "Eva Redaktör (demo)", Role.EDITOR),
        ("moderator.kramfors", "Mo Moderator (demo)", Role.MODERATOR),
        ("handlaggare.kramfors", "Hans Handläggare (demo)", Role.CASE_HANDLER),
        ("styrgrupp.kramfors", "Sara Styrgrupp (demo)", Role.OBSERVER),
    ]:
        user = _user(f"{local}@demo.platskraft.se", name)
        Membership.objects.create(
            user=user,
            municipality=kramfors,
            role=role,
            department=handled_by if role == Role.CASE_HANDLER else None,
        )
        staff[role] = user
        logins.append(DemoLogin(user.email, Role(role).label, kramfors.name))
    lund_admin = _user("admin.lund@demo.platskraft.se", "Lena Lund (demo)")
    Membership.objects.create(user=lund_admin, municipality=lund, role=Role.ADMIN)
    logins.append(DemoLogin(lund_admin.email, Role.ADMIN.label, lund.name))
    programme = _user(
        "programmet@demo.platskraft.se", "Per Programme (demo)", is_programme_observer=True
    )
    logins.append(DemoLogin(programme.email, "programme observer", "—"))
    residents = {key: _user(email, name) for key, (email, name) in RESIDENTS.items()}
    logins.append(DemoLogin(residents["ines"].email, "resident", "—"))
    operator = User.objects.create_superuser(
        email="drift@demo.platskraft.se",
        password=DEMO_PASSWORD,
        display_name="Drift (demo)",
        email_confirmed_at=timezone.now(),
    )
    logins.append(DemoLogin(operator.email, "platform operator", "—"))
    build_proposals(
        kramfors=kramfors,
        process=kramfors.processes.get(status=ProcessStatus.PUBLISHED),
        people=residents,
        staff=staff,
        today=today,
    )
    build_surveys(
        kramfors=kramfors,
        process=kramfors.processes.get(status=ProcessStatus.PUBLISHED),
        today=today,
    )
    build_mental_map(
        kramfors=kramfors,
        process=kramfors.processes.get(status=ProcessStatus.PUBLISHED),
        today=today,
    )
    build_budgeting(
        kramfors=kramfors,
        process=kramfors.processes.get(status=ProcessStatus.PUBLISHED),
        staff=staff,
        today=today,
    )
    build_plans(
        kramfors=kramfors,
        process=kramfors.processes.get(title="Framtidsbygget – en hel kommun"),
        staff=staff,
        today=today,
    )
    build_meetings(
        kramfors=kramfors,
        process=kramfors.processes.get(status=ProcessStatus.PUBLISHED),
        staff={Role.EDITOR: staff[Role.EDITOR]},
        today=today,
    )
    build_interviews(
        kramfors=kramfors,
        process=kramfors.processes.get(status=ProcessStatus.PUBLISHED),
        staff={Role.EDITOR: staff[Role.EDITOR]},
        today=today,
    )
    return logins
