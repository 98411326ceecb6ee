"""Channels: saving and removing a channel that staff set up."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Channel


@transaction.atomic
def channel_save(*, form) -> Channel:
    channel = form.save(commit=False)
    if channel.phase_id:
        if channel.phase.process.municipality_id != channel.municipality_id:
            raise ValidationError({"phase": _("The phase belongs to another municipality.")})
        channel.process = channel.phase.process
    channel.save()
    return channel


@transaction.atomic
def channel_delete(*, channel: Channel) -> None:
    """Remove a channel; residents' proposals are never removed with it: refuse instead."""
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    if channel.proposals.exists():
        raise ValidationError(
            _(
                "“%(name)s” has proposals and cannot be removed. "
                "Unpublish it instead so that it takes no new ones."
            )
            % {"name": channel.title}
        )
    channel.delete()
