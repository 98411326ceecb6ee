import re

import pytest
from django.urls import reverse

from platskraft.accounts.models import User

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

GOOD = {
    "display_name": "Ines",
    "email": "Ines@Example.org",
    "password1": "tall-birch-river-42",
    "password2": "tall-birch-river-42",
    "preferred_language": "sv",
    "accept_privacy": "on",
}


def link_in(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def test_registration_creates_an_inactive_account_and_mails_a_link(client, mailoutbox):
    response = client.post(reverse("accounts:register"), GOOD)
    assert response["Location"] == reverse("accounts:register_done")
    user = User.objects.get()
    assert user.email == "ines@example.org" and not user.is_active
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["ines@example.org"]
    # Cannot log in before confirming, and is told why.
    response = client.post(
        reverse("accounts:login"), {"username": "ines@example.org", "password": GOOD["password1"]}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200 and "error-summary" in response.content.decode()


def test_confirmation_link_activates_logs_in_and_works_once(client, mailoutbox):
    client.post(reverse("accounts:register") + "?next=/kramfors/", {**GOOD, "next": "/kramfors/"})
    link = link_in(mailoutbox[0])
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response["Location"] == "/kramfors/"
    user = User.objects.get()
    assert user.is_active and user.email_confirmed_at is not None
    assert client.session["_auth_user_id"] == str(user.pk)
    client.logout()
    assert client.post(link).status_code == 400


def test_registration_refuses_bad_input_and_keeps_it(client):
    response = client.post(
        reverse("accounts:register"),
        {**GOOD, "email": "not-an-address", "password2": "something else", "accept_privacy": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    for field in ("email", "password2", "accept_privacy"):
        assert f'href="#id_{field}"' in page
    assert 'value="Ines"' in page and 'value="not-an-address"' in page
    assert not User.objects.exists()


def test_weak_password_is_refused(client):
    client.post(
        reverse("accounts:register"), {**GOOD, "password1": "12345678", "password2": "12345678"}
    )
    assert not User.objects.exists()


def test_registering_an_existing_address_does_not_reveal_it(client, mailoutbox):
    existing = UserFactory(email="taken@example.org")
    response = client.post(reverse("accounts:register"), {**GOOD, "email": "taken@example.org"})
    assert response["Location"] == reverse("accounts:register_done")
    assert User.objects.count() == 1
    assert "password" in mailoutbox[0].body.lower()
    assert existing.check_password(PASSWORD)


def test_log_in_sets_the_preferred_language_and_log_out(client):
    user = UserFactory(preferred_language="en")
    response = client.post(
        reverse("accounts:login"), {"username": user.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.cookies["platskraft_language"].value == "en"
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_wrong_password_is_refused(client):
    user = UserFactory()
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": "x"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_password_reset_by_email(client, mailoutbox):
    user = UserFactory()
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = link_in(mailoutbox[0])
    form_url = client.get(link)["Location"]
    client.post(
        form_url, {"new_password1": "new-quiet-lake-77", "new_password2": "new-quiet-lake-77"}
    )
    user.refresh_from_db()
    assert user.check_password("new-quiet-lake-77")


def test_profile_changes_name_and_language(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), {"display_name": "Nytt namn", "preferred_language": "en"}
    )
    user.refresh_from_db()
    assert user.display_name == "Nytt namn" and user.preferred_language == "en"
    assert response.cookies["platskraft_language"].value == "en"


def test_a_logged_in_persons_preferred_language_applies(client):
    client.force_login(UserFactory(preferred_language="en"))
    assert '<html lang="en">' in client.get("/about/").content.decode()
