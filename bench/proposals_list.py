"""Speed of the proposal list, a proposal page and the proposals API on a real server.

Builds a throw-away SQLite database (or uses DATABASE_URL, e.g. PostgreSQL: the
municipality "kramfors" in it is replaced), seeds 1 000 and then 10 000 published
proposals (categories, places, supports, comments, decided cases with answers), and for
each size starts `gunicorn platskraft.wsgi -w 2` with debugging off and loads it with
`wrk -t2 -c4 -d10s --latency` (or, without wrk, a Python thread pool doing the same):

- the public list `/kramfors/proposals/` (15 per page): after the first request its list
  part is kept in each worker's memory until the data change (`proposals/listing.py`),
- the same list searched, `?q=belysning`, which is rendered anew every time,
- a proposal page `/kramfors/proposals/<pk>/` (a decided case with comments),
- the API list `/api/v1/municipalities/kramfors/proposals?page=1` (100 per page).

SQL queries per request are counted in-process (Django's test client) on pages 1, 2 and
the last, with a filter and with a search, each rendered anew (nothing kept); the
`*_queries_max` lines are the largest. `list_*_uncached_cpu_ms` is the CPU time of the
list page rendered anew, without the kept part.
One `name: value` line per figure. Targets: at most 10 queries per page at any size,
at least 230 requests/s for the list at 1 000 proposals on a 2-core machine (adhocracy+
serves its comparable list at about 23), and the API list under 100 ms. `*_vs_target_*`
and `*_vs_adhocracy_plus_*` are ratios: above 1.00 is better for requests/s, below 1.00
is better for milliseconds and queries. The `api_list_100_*` lines (100 items per page)
are measured at 10 000 proposals. Requests/s depend on what else the machine is doing
(the load average is printed before and after); `*_cpu_ms` is the CPU time of one
request measured in-process, and `*_rps_cpu_bound` what the CPUs could serve at that
cost if they did nothing else (an upper bound: no network, no server overhead).
"""

import os
import random
import shutil
import statistics
import time
from datetime import timedelta

from loadgen import CONN_MAX_AGE, HOST, Server, fetch, generator, load
from throwaway import setup_django

tmp = setup_django()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

SLUG = "kramfors"
SIZES = (1_000, 10_000)
LIST_PAGE_SIZE = 15
API_PAGE_SIZE = 100
TARGET_LIST_RPS = 230
ADHOCRACY_PLUS_LIST_RPS = 23
TARGET_API_MS = 100
TARGET_QUERIES = 10

WORDS = [
    "cykelväg",
    "belysning",
    "lekplats",
    "badplats",
    "bibliotek",
    "busstrafik",
    "torget",
    "skolgården",
    "vandringsled",
    "hamnen",
    "parkering",
    "bänkar",
    "konstgräs",
    "simhall",
    "julmarknad",
]
PLACES = ["Strandpromenaden", "Torget", "Resecentrum", "Frånö", "Nyland", "Bollstabruk"]


def emit(name: str, value) -> None:
    if isinstance(value, float):
        value = f"{value:.2f}"
    print(f"{name}: {value}", flush=True)


# --- Data --------------------------------------------------------------------------------


class Seed:
    """The municipality, its channel and people; proposals are added in batches."""

    def __init__(self) -> None:
        from platskraft.accounts.models import User
        from platskraft.municipalities import services
        from platskraft.municipalities.models import Department, Municipality
        from platskraft.proposals.models import Category, Channel

        Municipality.objects.filter(slug=SLUG).delete()
        User.objects.filter(email__endswith="@bench.invalid").delete()
        self.municipality = services.municipality_create(code="2282", slug=SLUG)
        self.channel = Channel.objects.create(
            municipality=self.municipality, title="Förslag till Kramfors", is_published=True
        )
        self.categories = [
            Category.objects.create(channel=self.channel, name=f"Område {i}", position=i)
            for i in range(10)
        ]
        self.departments = [
            Department.objects.create(municipality=self.municipality, name=name)
            for name in ["Kommunstyrelsen", "Barn- och utbildningsnämnden", "Byggnadsnämnden"]
        ]
        password = make_password(None)
        User.objects.bulk_create(
            [
                User(
                    email=f"person{i}@bench.invalid",
                    display_name=f"Invånare {i}",
                    password=password,
                    email_confirmed_at=timezone.now(),
                )
                for i in range(300)
            ]
        )
        self.users = list(User.objects.filter(email__endswith="@bench.invalid").order_by("pk"))
        self.count = 0
        self.random = random.Random(2282)  # noqa: S311 - repeatable test data

    def add(self, total: int) -> None:
        """Add published proposals until there are `total`, in batches."""
        while self.count < total:
            n = min(1000, total - self.count)
            self._batch(self.count, n)
            self.count += n
        # Rows written in bulk send no signals: say that the public pages changed.
        from platskraft.municipalities.services import municipality_content_changed

        municipality_content_changed(municipality=self.municipality.pk)

    def _batch(self, start: int, n: int) -> None:
        from platskraft.proposals.models import (
            Comment,
            Proposal,
            Status,
            StatusChange,
            Support,
            Visibility,
        )

        rnd = self.random
        now = timezone.now()
        rows = []
        plans = []
        for i in range(start, start + n):
            word, other = rnd.choice(WORDS), rnd.choice(WORDS)
            title = f"Förslag {i}: mer {word} och {other}"
            body = (
                f"Jag föreslår att kommunen satsar på {word} nära {rnd.choice(PLACES)}. "
                "Det gör orten mer attraktiv för både invånare och besökare.\n\n"
                f"Dessutom behövs {other}."
            )
            has_point = i % 3 == 0
            place = rnd.choice(PLACES) if i % 4 == 0 else ""
            decided = i % 20 == 0
            routed = decided or i % 7 == 0
            supports = rnd.randint(0, 6)
            comments = rnd.randint(0, 3)
            published = now - timedelta(minutes=10 * (20_000 - i))
            author = self.users[i % len(self.users)]
            rows.append(
                Proposal(
                    municipality=self.municipality,
                    channel=self.channel,
                    category=self.categories[i % len(self.categories)],
                    title=title,
                    body=body,
                    author=author,
                    author_name=author.display_name,
                    is_anonymous=i % 11 == 0,
                    latitude=62.93 + rnd.uniform(-0.05, 0.05) if has_point else None,
                    longitude=17.78 + rnd.uniform(-0.1, 0.1) if has_point else None,
                    place_name=place,
                    visibility=Visibility.PUBLISHED,
                    submitted_at=published,
                    published_at=published,
                    status=(
                        Status.APPROVED
                        if decided
                        else Status.FORWARDED
                        if routed
                        else Status.RECEIVED
                    ),
                    department=self.departments[i % 3] if routed else None,
                    case_number=f"KS 2026/{i}" if routed else "",
                    answer="Kommunstyrelsen har beslutat att genomföra förslaget."
                    if decided
                    else "",
                    answered_at=published + timedelta(days=30) if decided else None,
                    support_count=supports,
                    comment_count=comments,
                    search_text=f"{title} {body} {place}".lower(),
                )
            )
            plans.append((supports, comments, routed, decided))
        created = Proposal.objects.bulk_create(rows, batch_size=500)
        if created[0].pk is None:  # databases that do not return keys
            created = list(
                Proposal.objects.filter(municipality=self.municipality).order_by("pk")[start:]
            )
        support_rows, comment_rows, history = [], [], []
        for proposal, (supports, comments, routed, decided) in zip(created, plans, strict=True):
            first = rnd.randrange(len(self.users))
            support_rows += [
                Support(proposal=proposal, user=self.users[(first + k) % len(self.users)])
                for k in range(supports)
            ]
            comment_rows += [
                Comment(
                    proposal=proposal,
                    author=self.users[(first + 50 + k) % len(self.users)],
                    body=f"Bra idé, jag håller med ({k}).",
                )
                for k in range(comments)
            ]
            if routed:
                history.append(
                    StatusChange(
                        proposal=proposal,
                        old_status=Status.RECEIVED,
                        new_status=Status.FORWARDED,
                        explanation="Förslaget har skickats till nämnden.",
                        department_name=proposal.department.name,
                        case_number=proposal.case_number,
                    )
                )
            if decided:
                history.append(
                    StatusChange(
                        proposal=proposal,
                        old_status=Status.FORWARDED,
                        new_status=Status.APPROVED,
                        explanation=proposal.answer,
                        department_name=proposal.department.name,
                        case_number=proposal.case_number,
                    )
                )
        Support.objects.bulk_create(support_rows, batch_size=1000)
        Comment.objects.bulk_create(comment_rows, batch_size=1000)
        StatusChange.objects.bulk_create(history, batch_size=1000)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")  # as autovacuum would, for index-only counts

    def detail_pk(self) -> int:
        """A decided proposal with comments: the fullest page."""
        from platskraft.proposals.models import Proposal, Status

        return (
            Proposal.objects.filter(municipality=self.municipality, status=Status.APPROVED)
            .filter(comment_count__gt=0)
            .order_by("-published_at")
            .values_list("pk", flat=True)
            .first()
        )


# --- Queries per request (in-process) ------------------------------------------------------


def count_queries(client: Client, path: str) -> int:
    cache.clear()  # count what a page costs when it is rendered anew
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return len(captured)


def cpu_ms(client: Client, path: str, repeat: int = 30, *, kept: bool = True) -> float:
    """CPU time of one request in-process (median): unlike req/s, little moved by other load.

    With `kept=False` nothing kept from an earlier request is used."""
    client.get(path)
    laps = []
    for _ in range(repeat):
        if not kept:
            cache.clear()
        started = time.process_time()
        client.get(path)
        laps.append((time.process_time() - started) * 1000)
    return statistics.median(laps)


def query_paths(seed: Seed) -> dict[str, list[str]]:
    category = seed.categories[3].pk
    list_pages = -(-seed.count // LIST_PAGE_SIZE)
    api_pages = -(-seed.count // API_PAGE_SIZE)
    base = f"/{SLUG}/proposals/"
    api = f"/api/v1/municipalities/{SLUG}/proposals"
    return {
        "list": [
            base,
            f"{base}?page=2",
            f"{base}?page={list_pages}",
            f"{base}?category={category}&status=forwarded&place=yes&sort=support",
            f"{base}?q=cykelväg",
        ],
        "detail": [f"{base}{seed.detail_pk()}/"],
        "api": [
            f"{api}?page=1",
            f"{api}?page=2",
            f"{api}?page={api_pages}",
            f"{api}?category={category}&status=forwarded&place=yes&sort=support",
            f"{api}?q=cykelväg",
        ],
    }


def main() -> None:
    # No setup_test_environment(): its template instrumentation would inflate the CPU times.
    settings.ALLOWED_HOSTS = ["testserver", HOST, "localhost"]
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    emit("load_generator", generator())
    emit("database", connection.vendor)
    emit("conn_max_age_s", CONN_MAX_AGE)
    emit("cpus", os.cpu_count())
    emit("load_average_1min_before", os.getloadavg()[0])

    seed = Seed()
    client = Client()
    figures: dict[str, float] = {}
    queries: dict[str, list[int]] = {"list": [], "detail": [], "api": []}
    for size in SIZES:
        seed.add(size)
        paths = query_paths(seed)
        for page, urls in paths.items():
            counts = [count_queries(client, url) for url in urls]
            queries[page] += counts
            emit(f"{page}_{size}_queries_max", max(counts))
        targets = {
            "list": f"/{SLUG}/proposals/",
            "list_search": f"/{SLUG}/proposals/?q=belysning",
            "detail": paths["detail"][0],
            "api_list": f"/api/v1/municipalities/{SLUG}/proposals?page=1",
        }
        for name, path in targets.items():
            cost = cpu_ms(client, path)
            emit(f"{name}_{size}_cpu_ms", cost)
            # What the two workers could serve if the CPUs did nothing else.
            emit(f"{name}_{size}_rps_cpu_bound", (os.cpu_count() or 1) * 1000 / cost)
            figures[f"{name}_{size}_cpu_ms"] = cost
        emit(f"list_{size}_uncached_cpu_ms", cpu_ms(client, targets["list"], kept=False))
        server = Server()
        try:
            for name, path in targets.items():
                fetch(server.port, path)  # warm up both workers' caches
                fetch(server.port, path)
                result = load(server.port, path)
                for key, value in result.items():
                    figures[f"{name}_{size}_{key}"] = value
                    emit(f"{name}_{size}_{key}", value)
        finally:
            server.stop()

    largest = SIZES[-1]
    emit("load_average_1min_after", os.getloadavg()[0])
    emit("list_queries_max", max(queries["list"]))
    emit("detail_queries_max", max(queries["detail"]))
    emit("api_queries_max", max(queries["api"]))
    emit("api_list_100_p50_ms", figures[f"api_list_{largest}_p50_ms"])
    emit("api_list_100_p99_ms", figures[f"api_list_{largest}_p99_ms"])
    emit("api_list_rps", figures[f"api_list_{largest}_rps"])
    emit("list_1000_rps_vs_target_230", figures["list_1000_rps"] / TARGET_LIST_RPS)
    emit("list_1000_rps_vs_adhocracy_plus_23", figures["list_1000_rps"] / ADHOCRACY_PLUS_LIST_RPS)
    emit("list_10000_rps_vs_target_230", figures["list_10000_rps"] / TARGET_LIST_RPS)
    cpu_bound = (os.cpu_count() or 1) * 1000 / figures["list_1000_cpu_ms"]
    emit("list_1000_rps_cpu_bound_vs_target_230", cpu_bound / TARGET_LIST_RPS)
    emit("api_list_100_p99_ms_vs_target_100", figures[f"api_list_{largest}_p99_ms"] / TARGET_API_MS)
    emit("list_queries_max_vs_target_10", max(queries["list"]) / TARGET_QUERIES)
    emit("detail_queries_max_vs_target_10", max(queries["detail"]) / TARGET_QUERIES)
    emit("api_queries_max_vs_target_10", max(queries["api"]) / TARGET_QUERIES)


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
