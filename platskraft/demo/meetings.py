"""Demo meetings for Kramfors: dialogue held and followed up, workshops to come.

- *Dialogmöte om värdskap och bemötande* (held): politicians, officials and ambassadors,
  attendance by audience, minutes and three outcomes, one of them taken up in the action
  plan (so the meeting page shows "what happened next").
- *Framtidsverkstad med OPERA* (held): a finished OPERA workshop with twelve participants,
  pair ideas, points and themes, saved as the meeting's outcomes.
- Three meetings to come with registration open: an open meeting in Bollstabruk with a
  registration question, a walk-and-talk in the centre, and a full focus group for young
  people with a waiting list.

Names, counts and ideas are invented (flagged as demo content); the places are real.
"""

from __future__ import annotations

import random
import secrets
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from platskraft.core.audiences import Audience
from platskraft.meetings.models import (
    Attendance,
    Idea,
    IdeaStage,
    Meeting,
    MeetingKind,
    MeetingStatus,
    OperaSession,
    Outcome,
    OutcomeSource,
    Pair,
    Participant,
    Registration,
    RegistrationQuestion,
    RegistrationStatus,
    Step,
    Theme,
    Vote,
)
from platskraft.meetings.services.opera import free_join_code, participant_key_hash
from platskraft.meetings.tokens import new_token, token_hash
from platskraft.municipalities.models import Municipality, Process
from platskraft.plans.models import Link, SubProject

A = Audience

HOSPITALITY_MINUTES = """\
Mötet inleddes med en genomgång av vad intervjuerna säger om hur kommunen bemöter
invånare, företagare och besökare.

Samtalet i grupper handlade om värdskap i vardagen: i kundtjänst, i receptionen, i
butiken och på bussen. Många lyfte att nyinflyttade inte vet vem de ska fråga.

Ambassadörerna berättade om sina egna första år i kommunen och vad som fick dem att stanna."""

HOSPITALITY_OUTCOMES = [
    "Nyinflyttade ska få en personlig välkomstkontakt under sitt första år.",
    "Kommunens växel och reception får utbildning i värdskap tillsammans med näringslivet.",
    "Ambassadörerna bjuds in till ett gemensamt möte med politiken två gånger om året.",
]

# Pair ideas of the OPERA workshop: (theme, idea, points).
OPERA_IDEAS = [
    ("Mötesplatser", "Ett allaktivitetshus i centrum öppet på kvällar och helger", 12),
    ("Mötesplatser", "Fler caféer och sittplatser vid älven", 8),
    ("Mötesplatser", "Ungdomsgård i varje kommundel", 6),
    ("Resor och pendling", "Tätare bussar mellan Kramfors och Härnösand", 10),
    ("Resor och pendling", "Säkra cykelvägar mellan orterna", 7),
    ("Boende", "Hyresrätter för unga och nyinflyttade", 9),
    ("Boende", "Tomter med sjöutsikt som marknadsförs utanför kommunen", 4),
    ("Berätta om Kramfors", "Lyft Höga kusten och kulturlivet i sociala medier", 4),
]
OPERA_OWN = [
    "Mer att göra på kvällarna",
    "Bättre bussar",
    "Billiga lägenheter",
    "Visa naturen för fler",
    "Fler caféer",
    "Cykelvägar",
    "Något för unga",
    "Marknadsföra tomter",
]


def build_meetings(
    *, kramfors: Municipality, process: Process, staff: dict, today: date
) -> list[Meeting]:
    tz = timezone.get_current_timezone()

    def at(day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=tz)

    editor = next(iter(staff.values()), None)
    phase = process.phases.order_by("start_date").first()
    common = {
        "municipality": kramfors,
        "process": process,
        "phase": phase,
        "status": MeetingStatus.PUBLISHED,
        "created_by": editor,
        "is_demo": True,
    }
    held_on = today - timedelta(days=40)
    hospitality = Meeting.objects.create(
        **common,
        kind=MeetingKind.DIALOGUE_CAFE,
        title="Dialogmöte om värdskap och bemötande",
        summary="Politiker, tjänstepersoner och ambassadörer samtalar om hur vi tar emot "
        "invånare, företag och besökare.",
        agenda="Välkommen och syfte\nVad intervjuerna säger\nSamtal i grupper\nVad tar vi med oss?",
        starts_at=at(held_on, 17),
        ends_at=at(held_on, 19, 30),
        place_name="Kramfors stadshus, sessionssalen",
        address="Runebergsvägen 6, 872 80 Kramfors",
        latitude=62.9308,
        longitude=17.7795,
        accessibility="Entré utan trappsteg från parkeringen. Hörslinga i salen. "
        "Tillgänglig toalett på entréplanet.",
        audiences=[A.POLITICIANS, A.OFFICIALS, A.AMBASSADORS],
        minutes=HOSPITALITY_MINUTES,
        minutes_published_at=at(held_on + timedelta(days=3), 9),
    )
    for audience, count in [(A.POLITICIANS, 7), (A.OFFICIALS, 14), (A.AMBASSADORS, 9)]:
        Attendance.objects.create(meeting=hospitality, audience=audience, count=count)
    outcomes = [
        Outcome.objects.create(meeting=hospitality, text=text, position=i, created_by=editor)
        for i, text in enumerate(HOSPITALITY_OUTCOMES)
    ]
    _link_to_plan(kramfors, outcomes[0], editor)

    workshop_on = today - timedelta(days=18)
    workshop = Meeting.objects.create(
        **common,
        kind=MeetingKind.WORKSHOP,
        title="Framtidsverkstad: vad får fler att vilja bo här?",
        summary="En workshop med OPERA-metoden för invånare och föreningar.",
        agenda="Egna idéer\nIdéer i par\nAlla idéer visas\nPoäng\nTeman",
        starts_at=at(workshop_on, 18),
        ends_at=at(workshop_on, 20),
        place_name="Kramfors bibliotek",
        address="Torget 2, 872 30 Kramfors",
        latitude=62.9316,
        longitude=17.7770,
        accessibility="Hiss till övervåningen. Hörslinga.",
        audiences=[A.RESIDENTS, A.ASSOCIATIONS],
        minutes="Tolv deltagare arbetade med frågan i fem steg. Resultatet sparades som "
        "mötets slutsatser.",
        minutes_published_at=at(workshop_on + timedelta(days=1), 9),
    )
    for audience, count in [(A.RESIDENTS, 9), (A.ASSOCIATIONS, 3)]:
        Attendance.objects.create(meeting=workshop, audience=audience, count=count)
    _opera(workshop, editor, finished=at(workshop_on, 19, 55))

    harbour_on = today + timedelta(days=12)
    harbour = Meeting.objects.create(
        **common,
        kind=MeetingKind.OPEN_MEETING,
        title="Öppet möte i Bollstabruk: hur vill vi ha det vid hamnen?",
        summary="Kom och berätta vad du vill att hamnområdet ska användas till.",
        agenda="Kaffe\nKommunen berättar om planerna\nSamtal vid borden\nSammanfattning",
        starts_at=at(harbour_on, 18),
        ends_at=at(harbour_on, 20),
        place_name="Bollstabruks folkets hus",
        address="Folkets husvägen 1, 872 31 Bollstabruk",
        latitude=62.9975,
        longitude=17.6890,
        accessibility="Entré utan trappsteg. Hörslinga finns – säg till vid anmälan.",
        audiences=[A.RESIDENTS, A.BUSINESSES, A.ASSOCIATIONS],
        registration_open=True,
        capacity=40,
        registration_closes_at=at(harbour_on - timedelta(days=1), 12),
    )
    RegistrationQuestion.objects.create(
        meeting=harbour,
        text="Behöver du hörslinga, tolk eller annat stöd?",
        kind=RegistrationQuestion.Kind.TEXT,
        position=0,
    )
    RegistrationQuestion.objects.create(
        meeting=harbour,
        text="Vilket bord vill du sitta vid?",
        kind=RegistrationQuestion.Kind.CHOICE,
        choices=["Hamnen och vattnet", "Handel och service", "Boende"],
        required=True,
        position=1,
    )
    _registrations(harbour, 6, start=0)

    walk_on = today + timedelta(days=20)
    walk = Meeting.objects.create(
        **common,
        kind=MeetingKind.WALK_AND_TALK,
        title="Promenad och samtal: Kramfors centrum",
        summary="Vi går tillsammans genom centrum och pratar om trygghet, handel och mötesplatser.",
        agenda="Samling vid resecentrum\nTorget\nÄlvpromenaden\nFika på biblioteket",
        starts_at=at(walk_on, 13),
        ends_at=at(walk_on, 15),
        place_name="Kramfors resecentrum",
        address="Stationsgatan, 872 30 Kramfors",
        latitude=62.9297,
        longitude=17.7860,
        accessibility="Promenaden är 2 km på asfalt. Rullstol och rullator går bra; vi tar pauser.",
        audiences=[A.RESIDENTS],
        registration_open=True,
        capacity=25,
    )
    _registrations(walk, 4, start=10)

    youth_on = today + timedelta(days=9)
    youth = Meeting.objects.create(
        **common,
        kind=MeetingKind.FOCUS_GROUP,
        title="Fokusgrupp: unga om att bo kvar",
        summary="Är du mellan 16 och 25? Berätta vad som skulle få dig att bo kvar eller "
        "flytta hit.",
        starts_at=at(youth_on, 16),
        ends_at=at(youth_on, 17, 30),
        place_name="Ungdomens hus",
        address="Limstagatan 8, 872 31 Kramfors",
        latitude=62.9330,
        longitude=17.7720,
        accessibility="Entré utan trappsteg.",
        audiences=[A.RESIDENTS],
        registration_open=True,
        capacity=8,
    )
    _registrations(youth, 8, start=20)
    _registrations(youth, 2, start=28, status=RegistrationStatus.WAITING)
    return [hospitality, workshop, harbour, walk, youth]


def _registrations(meeting: Meeting, count: int, *, start: int, status=None) -> None:
    for n in range(start, start + count):
        Registration.objects.create(
            meeting=meeting,
            name=f"Deltagare {n + 1} (demo)",
            email=f"deltagare{n + 1}@demo.platskraft.se",
            status=status or RegistrationStatus.CONFIRMED,
            wants_updates=n % 2 == 0,
            language="sv",
            token_hash=token_hash(new_token()),
        )


def _link_to_plan(kramfors: Municipality, outcome: Outcome, by) -> None:
    """Take the first outcome up in the action plan's welcome sub-project, if it is there."""
    sub_project = (
        SubProject.objects.filter(plan__municipality=kramfors, title__icontains="välkomst")
        .order_by("pk")
        .first()
    )
    if sub_project is None:
        return
    Link.objects.create(
        sub_project=sub_project,
        content_type=ContentType.objects.get_for_model(Outcome),
        object_id=outcome.pk,
        label=f"{outcome.meeting.title}: {outcome.text}",
        note="Välkomstkontakten blev en del av välkomstpaketet.",
        created_by=by,
    )


def _opera(meeting: Meeting, facilitator, *, finished: datetime) -> OperaSession:
    rnd = random.Random(8)  # noqa: S311 - a repeatable demo, not a secret
    session = OperaSession.objects.create(
        meeting=meeting,
        question="Vad skulle få fler att vilja bo i Kramfors?",
        join_code=free_join_code(),
        code_expires_at=finished,
        step=Step.DONE,
        step_started_at=finished,
        created_by=facilitator,
        finished_at=finished,
        outcomes_saved_at=finished,
    )
    participants = [
        Participant.objects.create(
            session=session,
            number=n + 1,
            key_hash=participant_key_hash(secrets.token_urlsafe(24)),
        )
        for n in range(12)
    ]
    pairs = []
    for n in range(6):
        pair = Pair.objects.create(session=session, number=n + 1)
        for member in participants[2 * n : 2 * n + 2]:
            member.pair = pair
            member.save(update_fields=["pair"])
        pairs.append(pair)
    for i, member in enumerate(participants):
        Idea.objects.create(
            session=session,
            stage=IdeaStage.OWN,
            participant=member,
            pair=member.pair,
            text=OPERA_OWN[i % len(OPERA_OWN)],
        )
    themes: dict[str, Theme] = {}
    for number, (theme_name, text, points) in enumerate(OPERA_IDEAS, start=1):
        if theme_name not in themes:
            themes[theme_name] = Theme.objects.create(
                session=session, name=theme_name, position=len(themes)
            )
        idea = Idea.objects.create(
            session=session,
            stage=IdeaStage.PAIR,
            pair=pairs[(number - 1) % len(pairs)],
            text=text,
            number=number,
            theme=themes[theme_name],
            position=number,
        )
        _spread(rnd, session, participants, idea, points)
    totals = {name: sum(p for t, _text, p in OPERA_IDEAS if t == name) for name in themes}
    for position, name in enumerate(sorted(themes, key=lambda n: -totals[n])):
        Outcome.objects.create(
            meeting=meeting,
            text=name,
            position=position,
            source=OutcomeSource.OPERA,
            opera_session=session,
            theme=themes[name],
            points=totals[name],
            created_by=facilitator,
        )
    return session


def _spread(rnd: random.Random, session, participants, idea, points: int) -> None:
    """Give `idea` its points from participants who still have some (5 each, 3 per idea)."""
    left = points
    for member in rnd.sample(participants, len(participants)):
        if left == 0:
            break
        spent = sum(v.points for v in member.votes.all())
        give = min(3, 5 - spent, left)
        if give > 0:
            Vote.objects.create(session=session, participant=member, idea=idea, points=give)
            left -= give
