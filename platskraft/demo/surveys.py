"""Demo survey for Kramfors: living, working and visiting, asked in two rounds.

Kramfors combined surveys with 200 interviews; Flen asked residents and entrepreneurs
about *bo, verka, leva*. The survey, its questions and every answer here are invented
(and flagged as demo content); the localities are real places in Kramfors municipality.
Answers are drawn from a seeded random generator, so the demo is the same every time,
with a few deliberately small groups (business owners in small localities) for the
publication threshold to hide.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone, translation

from platskraft.municipalities.models import Municipality, Process
from platskraft.surveys.models import (
    Access,
    Channel,
    Locality,
    Option,
    OptionRole,
    Question,
    Response,
    ResponseStatus,
    Section,
    Survey,
    SurveyStatus,
)
from platskraft.surveys.presets import AGE_OPTIONS, ROLE_OPTIONS

LOCALITIES = [
    "Kramfors",
    "Bollstabruk",
    "Nyland",
    "Frånö",
    "Lunde",
    "Ullånger",
    "Docksta",
    "Bjärtrå",
    "Sandslån",
    "Klockestrand",
]
REASONS = ["Naturen och Höga kusten", "Arbete", "Familj och vänner", "Boendekostnaden", "Lugnet"]
SERVICES = ["Skolor", "Kollektivtrafik", "Kultur och fritid", "Vård och omsorg"]
PRIORITIES = ["Fler bostäder", "Fler jobb", "Bättre vägar och bussar", "Ett levande centrum"]
WISHES = [
    "Fler bussar på kvällarna till Bollstabruk.",
    "Ett kafé vid älven som har öppet på vintern.",
    "Bättre cykelvägar mellan orterna.",
    "Mer information till nyinflyttade om föreningslivet.",
    "Lediga lägenheter för unga som vill flytta hem igen.",
    "Skylta Höga kusten-leden bättre från resecentrum.",
]


def _question(survey, section, position, code, kind, text, **fields) -> Question:
    return Question.objects.create(
        survey=survey, section=section, position=position, code=code, kind=kind, text=text, **fields
    )


def _options(question, labels, *, role=OptionRole.CHOICE, start=1) -> None:
    Option.objects.bulk_create(
        Option(question=question, role=role, value=start + i, position=i, label=str(label))
        for i, label in enumerate(labels)
    )


def _survey(kramfors: Municipality, process: Process, title: str, **fields) -> tuple[Survey, dict]:
    survey = Survey.objects.create(
        municipality=kramfors,
        process=process,
        title=title,
        intro=(
            "Vad gör Kramfors till en bra plats att bo, arbeta i och besöka – och vad "
            "saknas? Enkäten tar ungefär fem minuter. Svaren är anonyma. (Demo.)"
        ),
        thanks=(
            "Tack! Svaren sammanställs per ort och grupp och blir underlag för "
            "handlingsplanen i Framtidsbygget. Resultatet publiceras här. (Demo.)"
        ),
        access=Access.ANYONE,
        is_demo=True,
        **fields,
    )
    about = Section.objects.create(survey=survey, position=1, title="Om dig")
    living = Section.objects.create(survey=survey, position=2, title="Att bo och leva här")
    future = Section.objects.create(survey=survey, position=3, title="Framåt")
    q = {}
    q["roll"] = _question(
        survey,
        about,
        1,
        "roll",
        "segment",
        "Vilket passar bäst in på dig?",
        required=True,
        settings={"segment": "role"},
    )
    Option.objects.bulk_create(
        Option(question=q["roll"], value=value, position=i, label=str(label))
        for i, (value, label) in enumerate(ROLE_OPTIONS)
    )
    q["ort"] = _question(
        survey,
        about,
        2,
        "ort",
        "segment",
        "Var i kommunen bor eller vistas du mest?",
        settings={"segment": "locality"},
    )
    _options(q["ort"], LOCALITIES)
    q["alder"] = _question(
        survey, about, 3, "alder", "segment", "Hur gammal är du?", settings={"segment": "age"}
    )
    Option.objects.bulk_create(
        Option(question=q["alder"], value=value, position=i, label=str(label))
        for i, (value, label) in enumerate(AGE_OPTIONS)
    )
    q["trivsel"] = _question(
        survey,
        living,
        1,
        "trivsel",
        "rating",
        "Hur trivs du i Kramfors?",
        required=True,
        settings={"low_label": "Mycket dåligt", "high_label": "Mycket bra"},
    )
    q["skal"] = _question(survey, living, 2, "skal", "multiple", "Varför bor du här?")
    _options(q["skal"], REASONS)
    Option.objects.create(question=q["skal"], value=99, position=99, label="Annat", is_other=True)
    q["service"] = _question(
        survey,
        living,
        3,
        "service",
        "matrix",
        "Hur bra är servicen där du bor?",
        settings={"low_label": "Mycket dålig", "high_label": "Mycket bra"},
    )
    _options(q["service"], SERVICES, role=OptionRole.ROW)
    q["rekommendera"] = _question(
        survey,
        living,
        4,
        "rekommendera",
        "nps",
        "Hur troligt är det att du rekommenderar en vän att flytta hit?",
    )
    q["prio"] = _question(
        survey, future, 1, "prio", "ranking", "Vad är viktigast för kommunen att satsa på?"
    )
    _options(q["prio"], PRIORITIES)
    q["bo_kvar"] = _question(
        survey, future, 2, "bo_kvar", "yes_no", "Tror du att du bor kvar här om fem år?"
    )
    q["varfor_inte"] = _question(
        survey,
        future,
        3,
        "varfor_inte",
        "short_text",
        "Vad skulle få dig att stanna?",
        condition_question=q["bo_kvar"],
        condition_values=[0],
    )
    q["onskan"] = _question(
        survey, future, 4, "onskan", "long_text", "Vill du berätta något mer för kommunen?"
    )
    return survey, q


def _answers(rnd: random.Random, q: dict, shift: float) -> dict:
    role = rnd.choices([1, 2, 3, 4], weights=[70, 12, 12, 6])[0]
    # Business owners mostly in the town itself: small groups elsewhere.
    locality = 1 if role == 4 and rnd.random() < 0.8 else rnd.randint(1, len(LOCALITIES))
    answers = {
        q["roll"].key: role,
        q["ort"].key: locality,
        q["alder"].key: rnd.choices(range(1, 7), weights=[8, 14, 24, 30, 18, 6])[0],
        q["trivsel"].key: min(5, max(1, round(rnd.gauss(3.4 + shift, 1.0)))),
        q["rekommendera"].key: min(10, max(0, round(rnd.gauss(6.5 + 2 * shift, 2.2)))),
    }
    reasons = sorted(rnd.sample(range(1, len(REASONS) + 1), rnd.randint(1, 3)))
    answers[q["skal"].key] = reasons
    answers[q["service"].key] = {
        str(row): min(5, max(1, round(rnd.gauss(3.1 + shift, 1.1))))
        for row in range(1, len(SERVICES) + 1)
        if rnd.random() < 0.9
    }
    order = list(range(1, len(PRIORITIES) + 1))
    rnd.shuffle(order)
    answers[q["prio"].key] = order
    stays = 1 if rnd.random() < 0.72 + shift / 4 else 0
    answers[q["bo_kvar"].key] = stays
    if not stays and rnd.random() < 0.6:
        answers[q["varfor_inte"].key] = rnd.choice(["Jobb", "Bostad", "Bättre pendling"])
    if rnd.random() < 0.15:
        answers[q["onskan"].key] = rnd.choice(WISHES)
    return answers


def _responses(survey: Survey, q: dict, count: int, first_day, days: int, seed: int, shift: float):
    rnd = random.Random(seed)  # noqa: S311 - repeatable demo data
    rows = []
    for i in range(count):
        # Many answers in the first days after the letter, fewer later.
        day = first_day + timedelta(days=int(rnd.expovariate(4 / days)) % days)
        moment = timezone.make_aware(datetime.combine(day, time(8 + i % 12, i % 60)))
        rows.append(
            Response(
                survey=survey,
                status=ResponseStatus.COMPLETE,
                channel=rnd.choices([Channel.WEB, Channel.PAPER, Channel.CAFE], [80, 12, 8])[0],
                answers=_answers(rnd, q, shift),
                submitted_at=moment,
            )
        )
    Response.objects.bulk_create(rows, batch_size=500)


def build_surveys(*, kramfors: Municipality, process: Process, today) -> None:
    # The ready-made options (who answers, age bands) in Kramfors's language.
    with translation.override("sv"):
        _build(kramfors, process, today)


def _build(kramfors: Municipality, process: Process, today) -> None:
    Locality.objects.bulk_create(
        Locality(municipality=kramfors, name=name, position=i) for i, name in enumerate(LOCALITIES)
    )
    start_before = today - timedelta(days=2 * 365)
    earlier, earlier_q = _survey(
        kramfors,
        process,
        f"Att bo, verka och leva i Kramfors {start_before.year}",
        status=SurveyStatus.CLOSED,
        results_public=True,
        opens_at=timezone.make_aware(datetime.combine(start_before, time(8))),
        closes_at=timezone.make_aware(
            datetime.combine(start_before + timedelta(days=42), time(23))
        ),
        target_responses=400,
    )
    _responses(earlier, earlier_q, 380, start_before, 42, seed=2282, shift=0.0)
    start = today - timedelta(days=20)
    current, current_q = _survey(
        kramfors,
        process,
        f"Att bo, verka och leva i Kramfors {today.year}",
        status=SurveyStatus.PUBLISHED,
        previous_round=earlier,
        opens_at=timezone.make_aware(datetime.combine(start, time(8))),
        closes_at=timezone.make_aware(datetime.combine(today + timedelta(days=40), time(23))),
        target_responses=500,
    )
    _responses(current, current_q, 240, start, 20, seed=2026, shift=0.3)
