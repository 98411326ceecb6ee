"""Shared by the proposal writes: rate limits, IP hashes, length checks, versions."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from platskraft.core.privacy import ip_hash, request_ip_hash  # noqa: F401 - re-exported
from platskraft.core.text import strip_tags

from ..models import Proposal

# (how many, within how many seconds) per person and per IP address.
DEFAULT_RATE_LIMITS = {"proposal": (5, 3600), "comment": (20, 600)}


def rate_limits() -> dict[str, tuple[int, int]]:
    return {**DEFAULT_RATE_LIMITS, **getattr(settings, "PLATSKRAFT_RATE_LIMITS", {})}


def _check_rate(kind: str, queryset, *, user, ip: str) -> None:
    count, seconds = rate_limits()[kind]
    since = timezone.now() - timedelta(seconds=seconds)
    recent = queryset.filter(created_at__gte=since)
    by_user = user is not None and user.is_authenticated
    if (by_user and recent.filter(author=user).count() >= count) or (
        ip and recent.filter(ip_hash=ip).count() >= count
    ):
        minutes = max(1, seconds // 60)
        if kind == "proposal":
            message = _(
                "You have sent many proposals in a short time. "
                "Please wait a while (up to %(minutes)s minutes) and try again."
            )
        else:
            message = _(
                "You have written many comments in a short time. "
                "Please wait a while (up to %(minutes)s minutes) and try again."
            )
        raise ValidationError(message % {"minutes": minutes}, code="rate_limited")


def _length_errors(text: str, limit: int) -> list[str]:
    """A text field's max_length is not checked by full_clean(); count what readers see."""
    try:
        MaxLengthValidator(limit)(strip_tags(text))
    except ValidationError as error:
        return error.messages
    return []


def _check_length(field: str, text: str, limit: int) -> None:
    if messages := _length_errors(text, limit):
        raise ValidationError({field: messages})


def _stale(proposal: Proposal, version: int | None) -> bool:
    return version is not None and int(version) != proposal.version


CONFLICT_MESSAGE = gettext_noop(
    "Someone else changed this case while you were working on it. "
    "Your text is kept below: check the case as it is now and send again."
)


def _lock(proposal: Proposal) -> Proposal:
    """The proposal as stored now, locked for the rest of the transaction."""
    return Proposal.objects.select_for_update().get(pk=proposal.pk)
