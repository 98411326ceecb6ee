from django.core.management.base import BaseCommand
from django.utils import translation

from platskraft.demo.builder import DEMO_PASSWORD, build_demo


class Command(BaseCommand):
    help = "Build (or rebuild) the demo municipalities and print the demo log-ins."

    def handle(self, *args, **options):
        with translation.override("en"):
            logins = build_demo()
            self.stdout.write(
                self.style.SUCCESS("Demo data is ready: Kramfors (2282) and Lund (1281).")
            )
            self.stdout.write(f"Every demo account has the password: {DEMO_PASSWORD}")
            width = max(len(login.email) for login in logins)
            for login in logins:
                self.stdout.write(f"  {login.email:<{width}}  {login.role} ({login.municipality})")
