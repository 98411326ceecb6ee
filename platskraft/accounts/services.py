"""Writes for accounts: registration, e-mail confirmation, invitations, profile."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_encode

from .tokens import email_confirmation_token

User = get_user_model()


def confirmation_path(user, next_url: str = "") -> str:
    path = reverse(
        "accounts:confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": email_confirmation_token.make_token(user),
        },
    )
    if next_url:
        path += "?" + urlencode({"next": next_url})
    return path


def _send(*, user, template: str, context: dict) -> None:
    with translation.override(user.preferred_language):
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def safe_next(next_url: str | None, allowed_hosts: set[str]) -> str:
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts=allowed_hosts):
        return next_url
    return ""


@transaction.atomic
def user_register(
    *,
    email: str,
    display_name: str,
    password: str,
    preferred_language: str,
    site_url: str,
    next_url: str = "",
) -> User:
    """Create an inactive account and send the confirmation link.

    An address that already has an account gets a notice instead, so the form does not
    reveal who has an account; an unconfirmed one gets a fresh link.
    """
    email = User.objects.normalize_email(email).lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and existing.email_confirmed_at is None and not existing.is_active:
        existing.display_name = display_name
        existing.preferred_language = preferred_language
        existing.set_password(password)
        existing.save()
        user_send_confirmation(user=existing, site_url=site_url, next_url=next_url)
        return existing
    if existing is not None:
        _send(
            user=existing,
            template="already_registered",
            context={
                "user": existing,
                "site_url": site_url,
                "reset_url": site_url + reverse("accounts:password_reset"),
            },
        )
        return existing
    user = User.objects.create_user(
        email=email,
        password=password,
        display_name=display_name,
        preferred_language=preferred_language,
        is_active=False,
    )
    user_send_confirmation(user=user, site_url=site_url, next_url=next_url)
    return user


def user_send_confirmation(*, user, site_url: str, next_url: str = "") -> None:
    _send(
        user=user,
        template="confirm",
        context={"user": user, "url": site_url + confirmation_path(user, next_url)},
    )


def user_invite(
    *, user, site_url: str, municipality_name: str, role_label: str, invited_by
) -> None:
    """Tell a person they were given a role; new accounts get a link to choose a password."""
    context = {
        "user": user,
        "municipality_name": municipality_name,
        "role_label": role_label,
        "invited_by": invited_by,
        "site_url": site_url,
        "url": site_url
        + (confirmation_path(user) if not user.is_active else reverse("accounts:login")),
    }
    _send(user=user, template="invitation", context=context)


@transaction.atomic
def user_confirm_email(*, user, password: str | None = None) -> User:
    if password is not None:
        user.set_password(password)
    user.is_active = True
    user.email_confirmed_at = timezone.now()
    user.save()
    return user


def user_update_profile(*, user, display_name: str, preferred_language: str) -> User:
    user.display_name = display_name
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "preferred_language"])
    return user
