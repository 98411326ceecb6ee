import re

import pytest
from django.urls import reverse

from platskraft.accounts.models import User
from platskraft.municipalities.models import Role

from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


def link_in(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def test_invited_person_chooses_a_password(client, mailoutbox):
    admin = MembershipFactory(role=Role.ADMIN)
    client.force_login(admin.user)
    client.post(
        reverse(
            "municipalities:staff_memberships",
            kwargs={"municipality_slug": admin.municipality.slug},
        ),
        {"email": "newcomer@example.org", "role": "moderator"},
    )
    client.logout()
    link = link_in(mailoutbox[0])
    response = client.post(link, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    client.post(link, {"new_password1": "bright-harbour-93", "new_password2": "bright-harbour-93"})
    newcomer = User.objects.get(email="newcomer@example.org")
    assert newcomer.is_active and newcomer.check_password("bright-harbour-93")
