"""E-mail about proposals, sent only after the transaction has committed."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from ..models import Follow, Proposal, StatusChange
from .participation import unsubscribe_token


def _author_address(proposal: Proposal) -> tuple[str, str] | None:
    if proposal.author_id:
        return (proposal.author.email, proposal.author.preferred_language)
    if proposal.guest_email:
        return (proposal.guest_email, "")
    return None


def _notify_followers(proposal: Proposal, change: StatusChange, *, site_url: str) -> None:
    follows = list(Follow.objects.filter(proposal=proposal).select_related("user"))
    recipients = []
    for follow in follows:
        language = follow.user.preferred_language if follow.user_id else ""
        unsubscribe = site_url + reverse(
            "proposals:unsubscribe",
            kwargs={
                "municipality_slug": proposal.municipality.slug,
                "token": unsubscribe_token(follow),
            },
        )
        recipients.append((follow.address, language, unsubscribe))
    if not recipients:
        return
    context = {"change": change}

    def send() -> None:
        messages = [
            _message(proposal, address, language, "status_changed", context, site_url, unsub)
            for address, language, unsub in recipients
        ]
        get_connection().send_messages(messages)

    transaction.on_commit(send)


def _message(proposal, address, language, template, context, site_url, unsubscribe_url=""):
    language = language or proposal.municipality.languages[0]
    with translation.override(language):
        full = {
            **context,
            "proposal": proposal,
            "municipality": proposal.municipality,
            "proposal_url": site_url + proposal.get_absolute_url(),
            "unsubscribe_url": unsubscribe_url,
        }
        subject = render_to_string(f"proposals/email/{template}_subject.txt", full).strip()
        body = render_to_string(f"proposals/email/{template}.txt", full)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    if unsubscribe_url:
        message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
    return message


def _mail_after_commit(proposal, recipients, template, context, *, site_url: str) -> None:
    def send() -> None:
        get_connection().send_messages(
            [
                _message(proposal, address, language, template, context, site_url)
                for address, language in recipients
            ]
        )

    transaction.on_commit(send)
