"""200 participants in one live OPERA workshop against a real server.

Builds a throw-away SQLite database (or uses DATABASE_URL; the municipality "kramfors" in
it is replaced), makes a meeting and a workshop, starts `gunicorn platskraft.wsgi -w 2`
on loopback (debugging off) and runs 200 participants, each an asyncio task with its own
cookie jar, plus one polling task each that asks the status address every 2 s (as htmx does)
for the whole run. The participants act as people in a room do: within a window of
WINDOW seconds per step, each at a random moment:

1. join (the join page, then the join form: a CSRF cookie and a participant cookie),
2. own ideas: IDEAS_EACH ideas each (the facilitator has moved the workshop on),
3. pairs: one idea written together by each participant for their pair,
4. ranking (after the exposé): all their points spread over the ideas.

The facilitator moves the workshop on between the steps through the services, in this
process, on the same database. Every response is timed. A submission is *accepted* when
the server answers it with the redirect that follows a stored form; afterwards the
database is read and every accepted idea (by its client key) and every participant's
points are looked for: what was accepted but is not there is *lost*.

Prints `name: value` lines: opera_200_accepted, opera_200_submitted, opera_200_lost,
opera_200_p50_ms / p99_ms (all requests, polls included), opera_200_submit_p99_ms,
opera_200_poll_p99_ms, opera_200_rps, and the number of polls answered 204.
Targets: all accepted, 0 lost, p99 under 300 ms on a 2-core machine.

`machine_*` lines (before and after) tell how much of the wall clock a busy process gets
here and how often it is held up over 100 ms (`loadgen.machine_stalls`).

On SQLite the database runs in WAL mode, as the settings set it up (readers never wait
for a writer); the mode is printed. OPERA_PARTICIPANTS and
OPERA_WINDOW_S change the crowd and how fast it acts (a step in a real workshop lasts
minutes; here each step's actions come within WINDOW seconds).
"""

import asyncio
import contextlib
import os
import random
import re
import shutil
import statistics
import time
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from loadgen import CONN_MAX_AGE, HOST, Server, fetch, machine_stalls
from throwaway import setup_django

tmp = setup_django()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

SLUG = "kramfors"
PARTICIPANTS = int(os.environ.get("OPERA_PARTICIPANTS", "200"))
WINDOW = float(os.environ.get("OPERA_WINDOW_S", "8"))
POLL_EVERY = 2.0
IDEAS_EACH = 2
TARGET_P99_MS = 300

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
POLL_KEY = re.compile(r'status/\?k=([^"]+)"')
IDEA_FIELD = re.compile(r'name="idea_(\d+)"')


def emit(name: str, value) -> None:
    if isinstance(value, float):
        value = f"{value:.2f}"
    print(f"{name}: {value}", flush=True)


class Timings:
    def __init__(self) -> None:
        self.laps: dict[str, list[float]] = {}
        self.errors: list[str] = []
        self.trace: list[tuple[float, str, float]] = []
        self.polls_unchanged = 0

    def add(self, kind: str, seconds: float) -> None:
        self.laps.setdefault(kind, []).append(seconds * 1000)
        self.trace.append((time.monotonic(), kind, seconds * 1000))

    def error(self, text: str) -> None:
        self.errors.append(text)


TIMINGS = Timings()


class Browser:
    """One phone: its own cookies; a new connection per request (gunicorn's sync workers
    close each connection after answering). asyncio, so that 400 of them (participants
    and their polls) cost the load generator little CPU next to the server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    async def request(self, kind: str, method: str, path: str, form: dict | None = None):
        lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{self.port}", "Connection: close"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        body = b""
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
                f"Referer: http://{HOST}:{self.port}{path}",
            ]
        started = time.perf_counter()
        reader, writer = await asyncio.open_connection(HOST, self.port)
        try:
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            await writer.drain()
            raw = await reader.read()
        finally:
            writer.close()
        TIMINGS.add(kind, time.perf_counter() - started)
        head, _sep, content = raw.partition(b"\r\n\r\n")
        header_lines = head.decode("latin-1").split("\r\n")
        status = int(header_lines[0].split()[1])
        for line in header_lines[1:]:
            name, _colon, value = line.partition(":")
            if name.lower() == "set-cookie":
                jar = SimpleCookie()
                jar.load(value.strip())
                for cookie, morsel in jar.items():
                    self.cookies[cookie] = morsel.value
        return status, content.decode("utf-8", "replace")

    def csrf(self, html: str) -> str:
        found = CSRF.search(html)
        return found.group(1) if found else ""


class Participant:
    def __init__(self, number: int, port: int, base: str, phases) -> None:
        self.number = number
        self.browser = Browser(port)
        self.base = base
        self.phases = phases
        self.rng = random.Random(number)  # noqa: S311
        self.poll_key = ""
        self.html = ""
        self.submitted: list[tuple[str, str]] = []  # (kind, client key)
        self.accepted: list[tuple[str, str]] = []
        self.points: dict[int, int] | None = None
        self.stop = asyncio.Event()

    async def page(self) -> str:
        status, html = await self.browser.request("page", "GET", self.base)
        if status != 200:
            TIMINGS.error(f"page {status}")
        found = POLL_KEY.search(html)
        if found:
            self.poll_key = found.group(1)
        return html

    async def send(self, kind: str, path: str, form: dict, key: str) -> None:
        """Send a form from the page last shown, then follow the redirect as a browser
        does (the page it lands on is the next one shown)."""
        form = {**form, "csrfmiddlewaretoken": self.browser.csrf(self.html)}
        self.submitted.append((kind, key))
        status, body = await self.browser.request("submit", "POST", self.base + path, form)
        if status == 302:
            self.accepted.append((kind, key))
            self.html = await self.page()
        else:
            TIMINGS.error(f"{kind} answered {status}: {body[:200]!r}")

    async def poll(self) -> None:
        """What htmx does on the page: every 2 s, ask whether anything changed."""
        await asyncio.sleep(self.rng.uniform(0, POLL_EVERY))
        while not self.stop.is_set():
            if self.poll_key:
                status, body = await self.browser.request(
                    "poll", "GET", f"{self.base}status/?k={self.poll_key}"
                )
                if status == 204:
                    TIMINGS.polls_unchanged += 1
                elif status == 200:
                    # htmx swaps the new task into the page: its forms are shown now.
                    found = POLL_KEY.search(body)
                    if found:
                        self.poll_key = found.group(1)
                    self.html = body
                else:
                    TIMINGS.error(f"poll {status}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stop.wait(), POLL_EVERY)

    async def wait_for(self, phase: str) -> None:
        await self.phases[phase].wait()
        await asyncio.sleep(self.rng.uniform(0, WINDOW))

    async def shown(self, step: str) -> None:
        """The task of `step` on the screen: brought by a poll, or else by a reload."""
        if f'data-step="{step}"' not in self.html:
            self.html = await self.page()

    async def run(self) -> None:
        try:
            await self.wait_for("join")
            _status, html = await self.browser.request("page", "GET", self.base)
            status, _ = await self.browser.request(
                "submit",
                "POST",
                self.base + "join/",
                {"csrfmiddlewaretoken": self.browser.csrf(html)},
            )
            if status != 302:
                TIMINGS.error(f"join {status}")
                return
            self.html = await self.page()
            poller = asyncio.create_task(self.poll())
            await self.wait_for("own")
            await self.shown("own")
            for n in range(IDEAS_EACH):
                key = uuid.uuid4().hex
                text = f"Idea {n} from {self.number}: more benches"
                await self.send("idea", "idea/", {"text": text, "client_key": key}, key)
            await self.wait_for("pairs")
            await self.shown("pairs")
            key = uuid.uuid4().hex
            text = f"Together {self.number}: a market on Fridays"
            await self.send("pair", "pair-idea/", {"text": text, "client_key": key}, key)
            await self.wait_for("ranking")
            await self.shown("ranking")
            ideas = [int(i) for i in IDEA_FIELD.findall(self.html)]
            points: dict[int, int] = {}
            left = 5
            while left and ideas:
                idea = self.rng.choice(ideas)
                if points.get(idea, 0) < 3:
                    points[idea] = points.get(idea, 0) + 1
                    left -= 1
            self.points = points
            form = {f"idea_{i}": v for i, v in points.items()}
            await self.send("points", "points/", form, "points")
            await self.stop.wait()
            await poller
        except Exception as error:
            TIMINGS.error(f"participant {self.number}: {error!r}")


def seed():
    from platskraft.meetings.models import Meeting, MeetingStatus
    from platskraft.meetings.services import opera as services
    from platskraft.municipalities import services as municipalities
    from platskraft.municipalities.models import Municipality

    Municipality.objects.filter(slug=SLUG).delete()
    municipality = municipalities.municipality_create(code="2282", slug=SLUG)
    now = timezone.now()
    meeting = Meeting.objects.create(
        municipality=municipality,
        title="Dialogkväll om centrum",
        starts_at=now,
        ends_at=now + timezone.timedelta(hours=2),
        status=MeetingStatus.PUBLISHED,
    )
    return services.opera_session_create(
        meeting=meeting, question="Vad skulle göra centrum levande?", by=None
    )


def quantile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def advance(session):
    from django.db import connection as conn

    from platskraft.meetings.services import opera as services

    try:
        return services.opera_step_advance(session=session, by=None)
    finally:
        conn.close()


async def drive(session, port: int):
    """The facilitator moves the workshop on; the participants follow within WINDOW s."""
    base = f"/{SLUG}/opera/{session.join_code}/"
    phases = {name: asyncio.Event() for name in ("join", "own", "pairs", "ranking")}
    people = [Participant(n, port, base, phases) for n in range(PARTICIPANTS)]
    tasks = [asyncio.create_task(person.run()) for person in people]
    started = time.monotonic()
    for phase, steps in (("join", 0), ("own", 1), ("pairs", 1), ("ranking", 2)):
        for _ in range(steps):
            session = await asyncio.to_thread(advance, session)
        phases[phase].set()
        await asyncio.sleep(WINDOW + 2)  # the window, then time to finish what was started
    for person in people:
        person.stop.set()
    await asyncio.wait(tasks, timeout=60)
    return {"elapsed": time.monotonic() - started, "people": people}


def run(session) -> dict:
    server = Server()
    try:
        for _ in range(8):  # both workers load their templates and addresses first
            fetch(server.port, f"/{SLUG}/opera/{session.join_code}/")
        return asyncio.run(drive(session, server.port))
    finally:
        server.stop()


def lost_count(session, people) -> int:
    from platskraft.meetings.models import Idea, Vote

    keys = set(Idea.objects.filter(session=session).values_list("client_key", flat=True))
    lost = 0
    for person in people:
        for kind, key in person.accepted:
            if kind in ("idea", "pair") and key not in keys:
                lost += 1
    votes: dict[int, dict[int, int]] = {}
    for participant_id, idea_id, points in Vote.objects.filter(session=session).values_list(
        "participant_id", "idea_id", "points"
    ):
        votes.setdefault(participant_id, {})[idea_id] = points
    stored_distributions = sorted(sorted(v.items()) for v in votes.values())
    sent = sorted(
        sorted(person.points.items())
        for person in people
        if person.points and ("points", "points") in person.accepted
    )
    # Participants are anonymous to the bench: compare the distributions as a multiset.
    lost += sum(1 for d in sent if d not in stored_distributions)
    lost += max(0, len(sent) - len(stored_distributions))
    return lost


def main() -> None:
    settings.ALLOWED_HOSTS = ["testserver", HOST, "localhost"]
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    emit("database", connection.vendor)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            emit("sqlite_journal_mode", cursor.fetchone()[0])
    emit("conn_max_age_s", CONN_MAX_AGE)
    emit("cpus", os.cpu_count())
    emit("load_average_1min_before", os.getloadavg()[0])
    for name, value in machine_stalls().items():
        emit(f"machine_{name}_before", value)
    session = seed()
    result = run(session)
    people = result["people"]
    session.refresh_from_db()
    connection.close()
    submitted = sum(len(p.submitted) + 1 for p in people)  # +1: joining
    joined = session.participants.count()
    accepted = sum(len(p.accepted) for p in people) + joined
    laps = TIMINGS.laps
    every = [ms for kind in laps.values() for ms in kind]
    emit("opera_200_participants", joined)
    emit("opera_200_submitted", submitted)
    emit("opera_200_accepted", accepted)
    emit("opera_200_lost", lost_count(session, people))
    emit("opera_200_errors", len(TIMINGS.errors))
    emit("opera_200_p50_ms", quantile(every, 50))
    emit("opera_200_p99_ms", quantile(every, 99))
    emit("opera_200_max_ms", max(every))
    emit("opera_200_submit_p99_ms", quantile(laps["submit"], 99))
    emit("opera_200_page_p99_ms", quantile(laps["page"], 99))
    emit("opera_200_poll_p99_ms", quantile(laps.get("poll", [0.0]), 99))
    emit("opera_200_requests", len(every))
    emit("opera_200_polls_unchanged_204", TIMINGS.polls_unchanged)
    emit("opera_200_rps", len(every) / result["elapsed"])
    emit("opera_200_p99_vs_target_300", quantile(every, 99) / TARGET_P99_MS)
    emit("load_average_1min_after", os.getloadavg()[0])
    for name, value in machine_stalls().items():
        emit(f"machine_{name}_after", value)
    if os.environ.get("OPERA_TRACE"):
        start = TIMINGS.trace[0][0]
        buckets: dict[tuple, list[float]] = {}
        for at, kind, ms in TIMINGS.trace:
            buckets.setdefault((int((at - start) // 5), kind), []).append(ms)
        for k in sorted(buckets):
            v = sorted(buckets[k])
            print(
                f"# {k[0] * 5:>4}s {k[1]:>6} n={len(v):>5} p50={v[len(v) // 2]:.0f} max={v[-1]:.0f}"
            )
    for line in TIMINGS.errors[:5]:
        print(f"# {line}", flush=True)


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
