"""Remind everyone with a place at a meeting that starts soon. Run it every hour or so
(cron, a systemd timer); it reminds each registration once, however often it runs."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from platskraft.meetings.services.reminders import reminders_send


class Command(BaseCommand):
    help = "E-mail a reminder to those registered for meetings starting within --hours."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=int, default=24, help="remind this many hours ahead (default 24)"
        )
        parser.add_argument(
            "--site-url",
            default=settings.SITE_URL,
            help="the platform's address, used in the links of the e-mail (default: PLATSKRAFT_SITE_URL)",
        )

    def handle(self, *args, hours, site_url, **options):
        sent = reminders_send(site_url=site_url.rstrip("/"), ahead=timedelta(hours=hours))
        self.stdout.write(f"meeting_reminders_sent: {sent}")
