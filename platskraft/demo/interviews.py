"""Demo interviews for Kramfors: a codebook like the one Kramfors used for its in-depth
interviews, and six interviews (no names) with coded passages, so the counts of codes by
segment and by locality can be read at once. The notes are invented (demo content)."""

from __future__ import annotations

from datetime import date, timedelta

from platskraft.interviews.models import Code, Interview, InterviewKind, Passage, Segment
from platskraft.municipalities.models import Municipality, Process
from platskraft.surveys.models import Locality

# (top code, [sub-codes])
CODEBOOK = [
    ("Rörelse", ["Skäl att besöka", "Vägar och resor", "Gränser"]),
    ("Stolthet", ["Natur och Höga kusten", "Människor och föreningar"]),
    ("Synen på kommunen som organisation", ["Bemötande", "Information"]),
    ("Att bo kvar eller flytta", []),
]

# (kind, segment, locality, description, notes, [(passage, [codes])])
INTERVIEWS = [
    (
        InterviewKind.INTERVIEW,
        Segment.NEWCOMER,
        "Kramfors",
        "Nyinflyttad familj i centrum",
        "Vi flyttade hit för naturen och för att huset var billigt. Det första året kände vi "
        "ingen, och när vi ringde kommunen om förskolan fick vi vänta länge på svar. Nu har "
        "vi vänner genom föreningslivet och åker ofta till Höga kusten på helgerna.",
        [
            (
                "Vi flyttade hit för naturen och för att huset var billigt.",
                ["Att bo kvar eller flytta", "Natur och Höga kusten"],
            ),
            ("när vi ringde kommunen om förskolan fick vi vänta länge på svar", ["Bemötande"]),
            ("Nu har vi vänner genom föreningslivet", ["Människor och föreningar"]),
        ],
    ),
    (
        InterviewKind.INTERVIEW,
        Segment.BUSINESS,
        "Kramfors",
        "Butiksägare vid torget",
        "Kunderna kommer från hela kommunen på lördagar, men på vardagar är torget tomt. "
        "Bussarna från Ullånger och Docksta går för sällan. Kommunen har blivit bättre på "
        "att svara på frågor om bygglov.",
        [
            ("Bussarna från Ullånger och Docksta går för sällan.", ["Vägar och resor"]),
            ("Kommunen har blivit bättre på att svara på frågor om bygglov.", ["Bemötande"]),
        ],
    ),
    (
        InterviewKind.INTERVIEW,
        Segment.YOUNG,
        "Bollstabruk",
        "Gymnasieelev som pendlar",
        "Jag åker till Kramfors varje dag. Bron känns som gränsen mellan vår sida och stan. "
        "Jag vill plugga i Umeå men kanske komma tillbaka om det finns jobb.",
        [
            ("Bron känns som gränsen mellan vår sida och stan.", ["Gränser"]),
            (
                "Jag vill plugga i Umeå men kanske komma tillbaka om det finns jobb.",
                ["Att bo kvar eller flytta"],
            ),
        ],
    ),
    (
        InterviewKind.INTERVIEW,
        Segment.RESIDENT,
        "Nordingrå",
        "Pensionär i kustbyn",
        "Jag är stolt över kusten och över hembygdsföreningen. Informationen från kommunen "
        "når oss inte; vi läser inte kommunens webbplats.",
        [
            (
                "Jag är stolt över kusten och över hembygdsföreningen.",
                ["Natur och Höga kusten", "Människor och föreningar"],
            ),
            ("Informationen från kommunen når oss inte", ["Information"]),
        ],
    ),
    (
        InterviewKind.FOCUS_GROUP,
        Segment.ASSOCIATION,
        "Docksta",
        "Fokusgrupp med idrottsföreningar",
        "Föreningarna bär bygden. Vi besöker Kramfors för simhallen och för handeln. Det är "
        "svårt att veta vem på kommunen man ska prata med.",
        [
            ("Föreningarna bär bygden.", ["Människor och föreningar"]),
            ("Vi besöker Kramfors för simhallen och för handeln.", ["Skäl att besöka"]),
            (
                "Det är svårt att veta vem på kommunen man ska prata med.",
                ["Bemötande", "Information"],
            ),
        ],
    ),
    (
        InterviewKind.INTERVIEW,
        Segment.VISITOR,
        "Ullånger",
        "Sommarboende från Stockholm",
        "Vi kommer varje sommar för Höga kusten. Vi skulle kunna tänka oss att flytta hit "
        "om det fanns bredband och bättre tåg.",
        [
            (
                "Vi kommer varje sommar för Höga kusten.",
                ["Skäl att besöka", "Natur och Höga kusten"],
            ),
            (
                "Vi skulle kunna tänka oss att flytta hit om det fanns bredband och bättre tåg.",
                ["Att bo kvar eller flytta", "Vägar och resor"],
            ),
        ],
    ),
]


def build_interviews(*, kramfors: Municipality, process: Process, staff: dict, today: date) -> int:
    editor = next(iter(staff.values()), None)
    codes: dict[str, Code] = {}
    for position, (top, subs) in enumerate(CODEBOOK):
        parent = Code.objects.create(municipality=kramfors, name=top, position=position)
        codes[top] = parent
        for sub_position, sub in enumerate(subs):
            codes[sub] = Code.objects.create(
                municipality=kramfors, parent=parent, name=sub, position=sub_position
            )
    places = {p.name: p for p in Locality.objects.filter(municipality=kramfors)}
    for n, (kind, segment, place, title, notes, passages) in enumerate(INTERVIEWS):
        interview = Interview.objects.create(
            municipality=kramfors,
            process=process,
            kind=kind,
            date=today - timedelta(days=60 - 7 * n),
            interviewer="Eva Redaktör (demo)",
            segment=segment,
            locality=places.get(place),
            title=title,
            notes=notes,
            recorded_by=editor,
            is_demo=True,
        )
        for text, names in passages:
            start = notes.index(text)
            passage = Passage.objects.create(
                interview=interview,
                start=start,
                end=start + len(text),
                text=text,
                created_by=editor,
            )
            passage.codes.set([codes[name] for name in names])
    return len(INTERVIEWS)
