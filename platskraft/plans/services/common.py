"""Shared by the plan writes: the history (`Change` rows), item keys, and checks.

Every write records what it changed as a `Change`: who, when, the action, the item's key
(`item_key`) and `{field: [old, new]}` with JSON-friendly values (dates as ISO text,
departments by name, amounts as whole kronor).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import Change, Plan, PriorityArea, SubProject
from ..models.plan import CODE_MAX

AREA_PREFIX = "area:"
PLAN_ITEM = "plan"


def item_key(obj) -> str:
    """The key an item has in the history and in `analysis.progress` items: a sub-project's
    code, "area:<code>" for a priority area, "plan" for the plan itself."""
    if isinstance(obj, SubProject):
        return obj.code
    if isinstance(obj, PriorityArea):
        return AREA_PREFIX + obj.code
    if isinstance(obj, Plan):
        return PLAN_ITEM
    raise TypeError(f"not a plan item: {obj!r}")


def plain(value):
    """A value as the history stores it."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, models.Choices):
        return value.value
    return value


def record(*, plan: Plan, by, action: str, item: str, fields: dict | None = None) -> Change:
    return Change.objects.create(
        plan=plan,
        by=by if getattr(by, "is_authenticated", False) else None,
        action=action,
        item=item[:40],
        fields={k: [plain(old), plain(new)] for k, (old, new) in (fields or {}).items()},
    )


def diff(obj, fields: dict) -> dict[str, tuple]:
    """{name: (old, new)} for the fields whose value would change."""
    changed = {}
    for name, new in fields.items():
        old = getattr(obj, name)
        if isinstance(old, models.Model) or isinstance(new, models.Model):
            same = getattr(old, "pk", None) == getattr(new, "pk", None)
        else:
            same = plain(old) == plain(new)
        if not same:
            changed[name] = (old, new)
    return changed


def check_code(code, *, field: str = "code") -> str:
    """A code as stored (trimmed), or a ValidationError naming the field."""
    code = (code or "").strip() if isinstance(code, str) else ("" if code is None else str(code))
    if not code:
        raise ValidationError({field: _("Give it a code, for example “2.3”.")}, code="required")
    if len(code) > CODE_MAX:
        raise ValidationError(
            {field: _("A code has at most %(max)s characters.") % {"max": CODE_MAX}},
            code="max_length",
        )
    if any(ch.isspace() for ch in code) or ":" in code or "/" in code:
        raise ValidationError(
            {field: _("A code has no spaces, colons or slashes, for example “2.3”.")},
            code="invalid",
        )
    return code


def check_title(title, *, field: str = "title") -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({field: _("Give it a title.")}, code="required")
    return title


def check_progress(progress) -> int | None:
    """Manual progress as a whole per cent 0–100, or None (rolled up)."""
    if progress is None or progress == "":
        return None
    message = _("Progress is a whole number from 0 to 100 (per cent), or empty to roll it up.")
    if isinstance(progress, bool):
        raise ValidationError({"progress": message}, code="progress")
    try:
        value = Decimal(str(progress).strip().rstrip("%").strip())
    except InvalidOperation:
        raise ValidationError({"progress": message}, code="progress") from None
    if not value.is_finite() or value != value.to_integral_value() or not 0 <= value <= 100:
        raise ValidationError({"progress": message}, code="progress")
    return int(value)


def check_weight(weight, *, field: str = "weight") -> Decimal:
    message = _("The weight is a number of 0 or more, for example 1 or 2.5.")
    if isinstance(weight, bool) or weight is None:
        raise ValidationError({field: message}, code="weight")
    try:
        value = Decimal(str(weight).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError({field: message}, code="weight") from None
    if not value.is_finite() or value < 0 or value >= 10_000 or value != round(value, 2):
        raise ValidationError({field: message}, code="weight")
    return value


def check_dates(start, end) -> None:
    if start and end and end < start:
        raise ValidationError(
            {
                "end_date": _("The end (%(end)s) is before the start (%(start)s).")
                % {"end": end.isoformat(), "start": start.isoformat()}
            },
            code="ends_before_start",
        )


def check_amount(value, *, field: str) -> int:
    """A whole number of kronor, 0 or more."""
    message = _("Enter a whole number of kronor, 0 or more.")
    if isinstance(value, bool) or value is None:
        raise ValidationError({field: message}, code="amount")
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace("\u00a0", ""))
    except InvalidOperation:
        raise ValidationError({field: message}, code="amount") from None
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise ValidationError({field: message}, code="amount")
    if amount < 0:
        raise ValidationError(
            {field: _("An amount cannot be negative (it was %(value)s).") % {"value": value}},
            code="negative_amount",
        )
    return int(amount)


class EditConflict(ValidationError):
    """Someone saved the sub-project after the form was opened: nothing was saved.

    ``current`` is the sub-project as stored now; ``changed_by`` and ``changed_at`` say who
    saved it last and when. The form keeps what was typed and shows the current values.
    """

    def __init__(self, current: SubProject):
        self.current = current
        self.changed_by = current.updated_by
        self.changed_at = current.updated_at
        when = formats.date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")
        if self.changed_by is not None:
            message = _(
                "%(who)s saved this sub-project at %(when)s, after you opened it. Nothing of "
                "yours was saved: what you typed is kept below; check the current values and "
                "save again."
            ) % {"who": str(self.changed_by), "when": when}
        else:
            message = _(
                "Someone saved this sub-project at %(when)s, after you opened it. Nothing of "
                "yours was saved: what you typed is kept below; check the current values and "
                "save again."
            ) % {"when": when}
        super().__init__(message, code="conflict")


def locked_sub_project(sub_project: SubProject) -> SubProject:
    """The sub-project as stored now, its row locked for the rest of the transaction."""
    # No outer joins here: PostgreSQL cannot lock the nullable side of one.
    return SubProject.objects.select_for_update().get(pk=sub_project.pk)


def check_version(current: SubProject, expected_version) -> None:
    """Raise EditConflict unless the form was opened on the version stored now."""
    if expected_version is None:
        return
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        raise EditConflict(current) from None
    if expected != current.version:
        raise EditConflict(current)


def touch(current: SubProject, by) -> None:
    """A new version of the sub-project, saved by `by`."""
    current.version += 1
    current.updated_by = by if getattr(by, "is_authenticated", False) else None
