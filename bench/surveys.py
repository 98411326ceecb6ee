"""Speed and memory of survey results and exports at 100 000 responses × 20 questions.

Builds a throw-away SQLite database (or uses DATABASE_URL, e.g. PostgreSQL: the
municipality "kramfors" in it is replaced), seeds with bulk_create a survey of 20
questions of every type (three segment questions, a display condition, “other, namely”
options) and 100 000 complete responses with plausible answers spread over 60 days,
then measures in-process:

- `results_100k_s`: what the results page computes: every question's summary and chart,
  the response rate over time and one cross-tabulation by segment (the selectors and the
  analysis functions, best of three runs); `results_page_100k_s` is one full staff
  results page rendered through Django's test client, `crosstab_100k_s` one more
  cross-tabulation on its own, `load_columns_100k_s` the one query and pass that reads
  the answers;
- `export_csv_100k_s`, `export_xlsx_100k_s`: the CSV (streamed) and the Excel export
  through the test client, fully consumed; `export_100k_s` is the larger;
- `peak_mem_mb`: the largest resident memory of the process (ru_maxrss) over the run,
  seeding included, and `results_peak_alloc_mb`: the largest Python allocation while
  computing the results (tracemalloc).

Targets: results in under 2 s, an export in under 30 s; the `*_vs_target_*` ratios are
below 1.00 when the target is met. One `name: value` line per figure. For a quick try,
BENCH_SURVEY_RESPONSES=5000 seeds fewer responses (the names still say 100k).
"""

import os
import random
import resource
import shutil
import time
import tracemalloc
from datetime import timedelta

from throwaway import setup_django

tmp = setup_django()

import numpy as np  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

SLUG = "kramfors"
RESPONSES = int(os.environ.get("BENCH_SURVEY_RESPONSES", 100_000))
TARGET_RESULTS_S = 2
TARGET_EXPORT_S = 30
DAYS = 60


def emit(name: str, value) -> None:
    if isinstance(value, float):
        value = f"{value:.3f}" if value < 10 else f"{value:.2f}"
    print(f"{name}: {value}", flush=True)


def rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- Data --------------------------------------------------------------------------------


def seed():
    """The municipality, an official, the survey and its responses."""
    from platskraft.accounts.models import User
    from platskraft.municipalities import services
    from platskraft.municipalities.models import Membership, Municipality, Role
    from platskraft.surveys.models import Option, OptionRole, Question, Section, Survey
    from platskraft.surveys.presets import AGE_OPTIONS, ROLE_OPTIONS

    Municipality.objects.filter(slug=SLUG).delete()
    User.objects.filter(email="bench-official@bench.invalid").delete()
    municipality = services.municipality_create(code="2282", slug=SLUG)
    official = User.objects.create_user(
        email="bench-official@bench.invalid", password=None, display_name="Officer"
    )
    Membership.objects.create(municipality=municipality, user=official, role=Role.ADMIN)
    now = timezone.now()
    survey = Survey.objects.create(
        municipality=municipality,
        title="Att bo, verka och leva i Kramfors",
        status="published",
        opens_at=now - timedelta(days=DAYS),
        target_responses=120_000,
        results_public=True,
    )
    first = Section.objects.create(survey=survey, position=1, title="Om dig")
    second = Section.objects.create(survey=survey, position=2, title="Att bo här")
    position = iter(range(1, 100))
    questions = {}

    def ask(section, code, kind, text, options=(), rows=(), other=False, **extra):
        question = Question.objects.create(
            survey=survey,
            section=section,
            position=next(position),
            code=code,
            kind=kind,
            text=text,
            **extra,
        )
        made = [
            Option(question=question, value=v, position=i, label=str(label))
            for i, (v, label) in enumerate(options, start=1)
        ]
        if other:
            made.append(
                Option(question=question, value=99, position=99, label="Annat", is_other=True)
            )
        made += [
            Option(question=question, role=OptionRole.ROW, value=v, position=i, label=label)
            for i, (v, label) in enumerate(rows, start=1)
        ]
        Option.objects.bulk_create(made)
        questions[code] = question
        return question

    places = ["Kramfors", "Bollstabruk", "Nyland", "Ullånger", "Docksta", "Lunde"]
    ask(first, "role", "segment", "Vem är du?", ROLE_OPTIONS, settings={"segment": "role"})
    ask(first, "age", "segment", "Hur gammal är du?", AGE_OPTIONS, settings={"segment": "age"})
    ask(
        first,
        "locality",
        "segment",
        "Var bor du?",
        list(enumerate(places, start=1)),
        settings={"segment": "locality"},
    )
    ask(
        first,
        "reasons",
        "multiple",
        "Varför bor du här?",
        list(enumerate(["Naturen", "Arbete", "Familj", "Boendet", "Lugnet"], start=1)),
        other=True,
    )
    ask(first, "housing", "single", "Hur bor du?", [(1, "Villa"), (2, "Lägenhet"), (3, "Annat")])
    ask(first, "since", "date", "När flyttade du hit?")
    ask(
        first,
        "household",
        "number",
        "Hur många bor i hushållet?",
        settings={"min": 1, "max": 15, "integer": True},
    )
    ask(
        second,
        "overall",
        "rating",
        "Hur bra är det att bo här?",
        settings={"low_label": "Mycket dåligt", "high_label": "Mycket bra"},
    )
    ask(second, "recommend", "nps", "Skulle du rekommendera Kramfors?")
    ask(
        second,
        "services",
        "matrix",
        "Hur bra är servicen?",
        rows=list(enumerate(["Skolor", "Bussar", "Kultur", "Vård", "Bredband"], start=1)),
    )
    ask(
        second,
        "priorities",
        "ranking",
        "Vad är viktigast?",
        list(enumerate(["Bostäder", "Jobb", "Vägar", "Skola", "Natur"], start=1)),
    )
    ask(
        second,
        "commute",
        "number",
        "Hur många minuter tar resan till jobbet?",
        settings={"min": 0, "max": 300, "integer": True},
    )
    ask(second, "leisure", "yes_no", "Finns det nog att göra på fritiden?")
    ask(
        second,
        "leisure_missing",
        "short_text",
        "Vad saknas?",
        condition_question=questions["leisure"],
        condition_values=[0],
    )
    ask(second, "safety", "rating", "Hur tryggt känns det?")
    ask(
        second,
        "transport",
        "multiple",
        "Hur reser du?",
        list(enumerate(["Bil", "Buss", "Tåg", "Cykel", "Till fots", "Färdtjänst"], start=1)),
    )
    ask(second, "visit_again", "yes_no", "Kommer du tillbaka?")
    ask(
        second,
        "business",
        "single",
        "Vilken bransch?",
        list(enumerate(["Handel", "Turism", "Industri", "Tjänster"], start=1)),
        condition_question=questions["role"],
        condition_values=[4],
    )
    ask(second, "spend", "number", "Hur mycket spenderade du (kr)?", settings={"min": 0})
    ask(second, "wish", "long_text", "Något mer du vill säga?")
    assert len(questions) == 20, len(questions)
    add_responses(survey, questions, RESPONSES, now)
    return municipality, official, survey


WISHES = [
    "Fler cykelvägar längs älven.",
    "Bättre busstrafik på kvällarna.",
    "Mer för ungdomar att göra.",
    "Håll badplatserna i ordning.",
    "Snöröjningen måste bli bättre.",
    "=Fler bänkar vid torget",  # a formula in a spreadsheet, unless guarded
]


def add_responses(survey, q, total, now):
    from platskraft.surveys.models import Response

    rng = np.random.default_rng(2282)
    rnd = random.Random(2282)  # noqa: S311 - repeatable test data
    key = {code: question.key for code, question in q.items()}
    batch = 10_000
    for start in range(0, total, batch):
        n = min(batch, total - start)
        role = rng.choice([1, 2, 3, 4], size=n, p=[0.7, 0.15, 0.1, 0.05])
        age = rng.choice([1, 2, 3, 4, 5, 6], size=n, p=[0.05, 0.12, 0.25, 0.3, 0.2, 0.08])
        locality = rng.choice(6, size=n, p=[0.5, 0.15, 0.12, 0.1, 0.08, 0.05]) + 1
        overall = np.clip(np.rint(rng.normal(3.6, 1.0, n)), 1, 5).astype(int)
        recommend = np.clip(np.rint(rng.normal(7, 2.2, n)), 0, 10).astype(int)
        safety = np.clip(np.rint(rng.normal(3.9, 0.9, n)), 1, 5).astype(int)
        commute = np.clip(rng.gamma(2.0, 12.0, n), 0, 300).astype(int)
        household = np.clip(rng.poisson(1.4, n) + 1, 1, 15)
        spend = np.round(rng.lognormal(6, 1, n), 2)
        leisure = (rng.random(n) < 0.6).astype(int)
        since = rng.integers(0, 40 * 365, n)
        offsets = np.sort(rng.uniform(0, DAYS * 86400, n))
        rows = []
        for i in range(n):
            answers = {
                key["role"]: int(role[i]),
                key["locality"]: int(locality[i]),
                key["overall"]: int(overall[i]),
                key["recommend"]: int(recommend[i]),
                key["leisure"]: int(leisure[i]),
                key["safety"]: int(safety[i]),
            }
            if i % 20:  # one in twenty skips the optional questions
                answers[key["age"]] = int(age[i])
                answers[key["reasons"]] = sorted(rnd.sample([1, 2, 3, 4, 5, 99], rnd.randint(1, 3)))
                if 99 in answers[key["reasons"]]:
                    answers[f"{key['reasons']}.other"] = "Släkten bor här"
                answers[key["housing"]] = rnd.choice([1, 1, 2, 3])
                answers[key["since"]] = str(np.datetime64("1986-01-01") + int(since[i]))
                answers[key["household"]] = int(household[i])
                answers[key["services"]] = {
                    str(r): rnd.randint(1, 5) for r in range(1, 6) if rnd.random() < 0.9
                }
                answers[key["priorities"]] = rnd.sample([1, 2, 3, 4, 5], rnd.randint(2, 5))
                answers[key["commute"]] = int(commute[i])
                answers[key["transport"]] = sorted(rnd.sample(range(1, 7), rnd.randint(1, 3)))
                answers[key["visit_again"]] = rnd.choice([0, 1, 1])
                answers[key["spend"]] = float(spend[i])
            if not leisure[i] and i % 3 == 0:
                answers[key["leisure_missing"]] = rnd.choice(["Simhall", "Bio", "Konserter"])
            if role[i] == 4:
                answers[key["business"]] = rnd.randint(1, 4)
            if i % 7 == 0:
                answers[key["wish"]] = rnd.choice(WISHES)
            submitted = now - timedelta(seconds=DAYS * 86400 - float(offsets[i]))
            rows.append(
                Response(
                    survey=survey,
                    status="complete",
                    channel="paper" if i % 25 == 0 else "web",
                    answers=answers,
                    submitted_at=submitted,
                )
            )
        Response.objects.bulk_create(rows, batch_size=2000)


# --- Measurements ------------------------------------------------------------------------


def best_of(runs: int, work) -> float:
    laps = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        laps.append(time.perf_counter() - started)
    return min(laps)


def consume(response) -> int:
    if response.status_code != 200:
        raise SystemExit(f"{response.status_code} from an export")
    if response.streaming:
        return sum(len(part) for part in response.streaming_content)
    return len(response.content)


def main() -> None:
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
    emit("database", connection.vendor)
    emit("cpus", os.cpu_count())
    emit("responses", RESPONSES)

    from platskraft.surveys.answering import Structure
    from platskraft.surveys.selectors import breakdowns
    from platskraft.surveys.selectors import results as results_selectors
    from platskraft.surveys.selectors.columns import load_columns

    started = time.perf_counter()
    municipality, official, survey = seed()
    emit("seed_s", time.perf_counter() - started)
    emit("questions", survey.questions.count())

    def compute():
        return results_selectors.survey_results(survey=survey, public=False)

    def load():
        return load_columns(structure=Structure.load(survey))

    emit("load_columns_100k_s", best_of(3, load))
    results_s = best_of(3, compute)
    emit("results_100k_s", results_s)
    page = compute()
    if page.crosstab is None or page.crosstab.table is None:
        raise SystemExit("no cross-tabulation on the results page")
    structure = Structure.load(survey)
    columns = load_columns(structure=structure)
    by, question = page.crosstab.by_item.question.pk, page.crosstab.question_item.question.pk
    emit(
        "crosstab_100k_s",
        best_of(
            3,
            lambda: breakdowns.crosstab_table(
                columns=columns,
                by=by,
                question=question,
                threshold=municipality.publication_threshold,
            ),
        ),
    )
    tracemalloc.start()
    compute()
    emit("results_peak_alloc_mb", tracemalloc.get_traced_memory()[1] / 2**20)
    tracemalloc.stop()

    client = Client()
    client.force_login(official)
    base = f"/{SLUG}/staff/surveys/{survey.pk}"

    def page_render():
        response = client.get(f"{base}/results/")
        if response.status_code != 200:
            raise SystemExit(f"{response.status_code} from the results page")

    emit("results_page_100k_s", best_of(2, page_render))
    csv_s = best_of(1, lambda: consume(client.get(f"{base}/export.csv")))
    xlsx_s = best_of(1, lambda: consume(client.get(f"{base}/export.xlsx")))
    emit("export_csv_100k_s", csv_s)
    emit("export_xlsx_100k_s", xlsx_s)
    export_s = max(csv_s, xlsx_s)
    emit("export_100k_s", export_s)
    emit("peak_mem_mb", rss_mb())
    emit("results_100k_s_vs_target_2", results_s / TARGET_RESULTS_S)
    emit("export_100k_s_vs_target_30", export_s / TARGET_EXPORT_S)


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
