"""Marking a revision of a plan: a named, dated snapshot of every area and sub-project
(status, progress, funding, owner, dates) that can be compared with another later
(`selectors.tree.revisions_compare`)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Change, Plan, Revision
from ..selectors.tree import snapshot_of
from .common import record

LABEL_MAX = 160


@transaction.atomic
def revision_create(*, plan: Plan, by, label: str, date) -> Revision:
    """Keep the plan as it is now under a name, e.g. “Steering group 2017-03-14”."""
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    label = " ".join((label or "").split())
    errors = {}
    if not label:
        errors["label"] = _("Name the revision, for example “Steering group 14 March”.")
    elif len(label) > LABEL_MAX:
        errors["label"] = _("A name has at most %(max)s characters.") % {"max": LABEL_MAX}
    if not isinstance(date, dt.date):
        errors["date"] = _("Enter the revision's date, for example 2026-03-14.")
    if errors:
        raise ValidationError(errors)
    revision = Revision.objects.create(
        plan=current,
        label=label,
        date=date,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        snapshot=snapshot_of(current),
    )
    record(
        plan=current,
        by=by,
        action=Change.Action.CREATED,
        item="revision",
        fields={"revision": (None, f"{label} ({date.isoformat()})")},
    )
    return revision
