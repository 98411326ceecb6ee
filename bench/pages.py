"""Page speed and database queries for the public and staff pages of the spine.

Runs on a throw-away SQLite database (or DATABASE_URL) with the demo plus 60 extra
processes, and prints one `name: value` line per figure: requests per second through
Django's full stack (test client, no network) and queries per page. Queries per page
must not grow with the number of processes; the `*_queries_growth` lines compare the
same page with 6 and with 66 processes (1.0 means no N+1).
"""

import statistics
import time
from datetime import date

from throwaway import setup_django

tmp = setup_django()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

settings.ALLOWED_HOSTS = ["testserver"]
settings.STORAGES["staticfiles"] = {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
setup_test_environment()
call_command("migrate", verbosity=0)

from platskraft.demo.builder import build_demo  # noqa: E402
from platskraft.municipalities.models import Municipality, Phase, Process  # noqa: E402


def add_processes(count: int) -> None:
    kramfors = Municipality.objects.get(slug="kramfors")
    for i in range(count):
        process = Process.objects.create(
            municipality=kramfors,
            title=f"Bench {i}",
            summary="s",
            status="published",
            start_date=date(2026, 1, 1),
            end_date=date(2028, 12, 31),
        )
        for n, (start, end) in enumerate(
            [
                (date(2026, 1, 1), date(2026, 12, 31)),
                (date(2027, 1, 1), date(2027, 12, 31)),
                (date(2028, 1, 1), date(2028, 12, 31)),
            ]
        ):
            Phase.objects.create(process=process, name=f"P{n}", start_date=start, end_date=end)


def queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200, path
    return len(captured)


def rps(client: Client, path: str, seconds: float = 1.5) -> float:
    client.get(path)
    laps, started = [], time.perf_counter()
    while time.perf_counter() - started < seconds:
        t = time.perf_counter()
        client.get(path)
        laps.append(time.perf_counter() - t)
    return 1.0 / statistics.median(laps)


def main() -> None:
    build_demo()
    anonymous = Client()
    staff = Client()
    staff.login(username="admin.kramfors@demo.platskraft.se", password="platskraft-demo")
    process = Process.objects.get(title="Framtidsbygget – en hel kommun")
    pages = {
        "landing": (anonymous, "/"),
        "home": (anonymous, "/kramfors/"),
        "process_list": (anonymous, "/kramfors/processes/"),
        "process_detail": (anonymous, process.get_absolute_url()),
        "staff_dashboard": (staff, "/kramfors/staff/"),
        "programme_overview": (None, "/programme/"),
    }
    observer = Client()
    observer.login(username="programmet@demo.platskraft.se", password="platskraft-demo")
    pages["programme_overview"] = (observer, "/programme/")

    before = {name: queries(c, path) for name, (c, path) in pages.items()}
    add_processes(60)
    for name, (client, path) in pages.items():
        after = queries(client, path)
        print(f"{name}_queries: {after}")
        print(f"{name}_queries_growth: {after / before[name]:.2f}")
        print(f"{name}_rps: {rps(client, path):.1f}")


if __name__ == "__main__":
    main()
