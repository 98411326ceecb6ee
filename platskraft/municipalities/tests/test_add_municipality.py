import pytest
from django.core.management import CommandError, call_command

from platskraft.municipalities.models import Membership, Municipality, Role

from .factories import MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_adds_the_municipality_and_invites_its_admin(mailoutbox, capsys):
    call_command("add_municipality", "1781", "kristinehamn", admin_email="kim@example.org")
    municipality = Municipality.objects.get(slug="kristinehamn")
    assert (municipality.name, municipality.county_id) == ("Kristinehamn", "17")
    assert Membership.objects.get(user__email="kim@example.org").role == Role.ADMIN
    assert "/accounts/confirm/" in mailoutbox[0].body
    assert "kristinehamn" in capsys.readouterr().out


def test_unknown_code_and_taken_address_add_nothing(mailoutbox):
    with pytest.raises(CommandError, match="9999"):
        call_command("add_municipality", "9999", "nowhere", admin_email="a@example.org")
    MunicipalityFactory(code="2282", slug="kramfors")
    with pytest.raises(CommandError, match="slug"):
        call_command("add_municipality", "1781", "kramfors", admin_email="a@example.org")
    assert Municipality.objects.count() == 1
    assert not Membership.objects.exists() and not mailoutbox
