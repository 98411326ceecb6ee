"""Start a municipality on the platform and invite its first administrator."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from platskraft.municipalities import services
from platskraft.municipalities.models import KnownMunicipality, Role


class Command(BaseCommand):
    help = "Add a municipality (by its official four-digit code) and invite its administrator."

    def add_arguments(self, parser):
        parser.add_argument("code", help="official municipality code, e.g. 2282")
        parser.add_argument("slug", help="web address, e.g. kramfors")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", default="")
        parser.add_argument(
            "--site-url",
            default=settings.SITE_URL,
            help="the platform's address, used in the invitation link (default: PLATSKRAFT_SITE_URL)",
        )

    def handle(self, *args, code, slug, admin_email, admin_name, site_url, **options):
        if not KnownMunicipality.objects.filter(code=code).exists():
            raise CommandError(f"{code} is not on the official list of municipality codes.")
        try:
            with transaction.atomic():
                municipality = services.municipality_create(code=code, slug=slug)
                services.membership_add(
                    municipality=municipality,
                    email=admin_email,
                    role=Role.ADMIN,
                    display_name=admin_name,
                    invited_by=None,
                    site_url=site_url.rstrip("/"),
                )
        except ValidationError as error:
            lines = [
                f"{field}: {'; '.join(messages)}" for field, messages in error.message_dict.items()
            ]
            raise CommandError("Nothing was added. " + " ".join(lines)) from error
        self.stdout.write(
            f"{municipality.name} ({municipality.code}) is on the platform at "
            f"/{municipality.slug}/; an invitation was sent to {admin_email}."
        )
