"""Writes for what a sub-project has: funding per financier, milestones, and the dated
updates of its public timeline. Import them from `services.subprojects`.

These writes take an optional `expected_version`: given, they refuse with `EditConflict`
when the sub-project was saved since, and raise its version; left out, the version stays
as it is (so a page saving the sub-project and then its funding does not conflict with
itself).
"""

from __future__ import annotations

import secrets
from datetime import date as Date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from platskraft.core.images import normalise_image

from ..models import Change, Funding, Milestone, SubProject, Update
from .common import (
    check_amount,
    check_title,
    check_version,
    check_weight,
    diff,
    item_key,
    locked_sub_project,
    record,
    touch,
)

FINANCIER_MAX = 160
MILESTONE_FIELDS = frozenset({"title", "due_date", "done", "weight", "position"})


def _begin(sub_project: SubProject, by, expected_version) -> SubProject:
    current = locked_sub_project(sub_project)
    check_version(current, expected_version)
    return current


def _finish(current: SubProject, by, expected_version) -> None:
    if expected_version is not None:
        touch(current, by)
        current.save(update_fields=["version", "updated_by", "updated_at"])


# --- Funding --------------------------------------------------------------------------------


def _funding_rows(rows) -> dict[str, tuple[int, int]]:
    """{financier: (planned, spent)} from the rows, or a ValidationError naming each row."""
    found: dict[str, tuple[int, int]] = {}
    seen: dict[str, int] = {}
    errors = []
    for number, row in enumerate(rows, start=1):
        try:
            financier, planned, spent = row
        except (TypeError, ValueError):
            errors.append(
                _("Row %(row)s: give a financier, a planned and a spent amount.") % {"row": number}
            )
            continue
        name = " ".join(str(financier or "").split())
        if not name:
            errors.append(_("Row %(row)s: name the financier.") % {"row": number})
            continue
        if len(name) > FINANCIER_MAX:
            errors.append(
                _("Row %(row)s: a financier's name has at most %(max)s characters.")
                % {"row": number, "max": FINANCIER_MAX}
            )
            continue
        if name.casefold() in seen:
            errors.append(
                _("Row %(row)s: “%(name)s” is already on row %(first)s.")
                % {"row": number, "name": name, "first": seen[name.casefold()]}
            )
            continue
        seen[name.casefold()] = number
        amounts = []
        for field, label, value in (
            ("planned_sek", _("planned"), planned),
            ("spent_sek", _("spent"), spent),
        ):
            try:
                amounts.append(check_amount(0 if value in (None, "") else value, field=field))
            except ValidationError as error:
                errors.append(
                    _("Row %(row)s, %(column)s: %(message)s")
                    % {"row": number, "column": label, "message": error.message_dict[field][0]}
                )
        if len(amounts) == 2:
            found[name] = (amounts[0], amounts[1])
    if errors:
        raise ValidationError({"funding": errors}, code="funding")
    return found


@transaction.atomic
def funding_set(
    *, sub_project: SubProject, by, rows, expected_version: int | None = None
) -> list[Funding]:
    """Replace the sub-project's funding with `rows` of (financier, planned, spent) in
    whole kronor; a financier left out is removed. Spent over planned is allowed: the
    returned rows say so (`Funding.is_over`) and the plan's rollup flags it."""
    current = _begin(sub_project, by, expected_version)
    wanted = _funding_rows(rows)
    existing = {f.financier: f for f in Funding.objects.filter(sub_project=current)}
    changes: dict[str, tuple] = {}
    for name, funding in existing.items():
        if name not in wanted:
            changes[f"funding:{name}"] = ([funding.planned_sek, funding.spent_sek], None)
            funding.delete()
    for name, (planned, spent) in wanted.items():
        funding = existing.get(name)
        if funding is None:
            Funding.objects.create(
                sub_project=current, financier=name, planned_sek=planned, spent_sek=spent
            )
            changes[f"funding:{name}"] = (None, [planned, spent])
        elif (funding.planned_sek, funding.spent_sek) != (planned, spent):
            changes[f"funding:{name}"] = (
                [funding.planned_sek, funding.spent_sek],
                [planned, spent],
            )
            funding.planned_sek, funding.spent_sek = planned, spent
            funding.save(update_fields=["planned_sek", "spent_sek"])
    if changes:
        record(
            plan=current.plan,
            by=by,
            action=Change.Action.CHANGED,
            item=item_key(current),
            fields=changes,
        )
        _finish(current, by, expected_version)
    return list(Funding.objects.filter(sub_project=current))


# --- Milestones -----------------------------------------------------------------------------


def _clean_milestone(fields: dict) -> dict:
    cleaned = dict(fields)
    if "title" in cleaned:
        cleaned["title"] = check_title(cleaned["title"])
    if "weight" in cleaned:
        cleaned["weight"] = check_weight(cleaned["weight"])
    if "done" in cleaned:
        cleaned["done"] = bool(cleaned["done"])
    if cleaned.get("due_date") is not None and not isinstance(cleaned["due_date"], Date):
        raise ValidationError({"due_date": _("Enter a date, for example 2026-05-04.")})
    return cleaned


def _milestone_label(milestone: Milestone) -> str:
    return milestone.title


@transaction.atomic
def milestone_create(
    *,
    sub_project: SubProject,
    by,
    title: str,
    expected_version: int | None = None,
    **fields,
) -> Milestone:
    if unknown := set(fields) - MILESTONE_FIELDS:
        raise TypeError(f"Unknown milestone fields: {', '.join(sorted(unknown))}")
    current = _begin(sub_project, by, expected_version)
    cleaned = _clean_milestone({"title": title, **fields})
    if "position" not in cleaned:
        cleaned["position"] = Milestone.objects.filter(sub_project=current).count()
    milestone = Milestone(sub_project=current, **cleaned)
    milestone.full_clean(exclude=["sub_project"])
    milestone.save()
    record(
        plan=current.plan,
        by=by,
        action=Change.Action.CHANGED,
        item=item_key(current),
        fields={"milestone": (None, milestone.title)},
    )
    _finish(current, by, expected_version)
    return milestone


@transaction.atomic
def milestone_update(
    *, milestone: Milestone, by, expected_version: int | None = None, **fields
) -> Milestone:
    if unknown := set(fields) - MILESTONE_FIELDS:
        raise TypeError(f"Unknown milestone fields: {', '.join(sorted(unknown))}")
    current = _begin(milestone.sub_project, by, expected_version)
    stored = Milestone.objects.get(pk=milestone.pk, sub_project=current)
    changed = diff(stored, _clean_milestone(fields))
    if not changed:
        return stored
    for name, (_old, new) in changed.items():
        setattr(stored, name, new)
    stored.full_clean(exclude=["sub_project"])
    stored.save()
    record(
        plan=current.plan,
        by=by,
        action=Change.Action.CHANGED,
        item=item_key(current),
        fields={"milestone": (changed.get("title", (stored.title,))[0], stored.title)}
        | {f"milestone.{name}": values for name, values in changed.items() if name != "title"},
    )
    _finish(current, by, expected_version)
    return stored


@transaction.atomic
def milestone_delete(*, milestone: Milestone, by, expected_version: int | None = None) -> None:
    current = _begin(milestone.sub_project, by, expected_version)
    stored = Milestone.objects.get(pk=milestone.pk, sub_project=current)
    record(
        plan=current.plan,
        by=by,
        action=Change.Action.CHANGED,
        item=item_key(current),
        fields={"milestone": (stored.title, None)},
    )
    stored.delete()
    _finish(current, by, expected_version)


# --- Updates (the public timeline) -----------------------------------------------------------


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:79] + "…"


@transaction.atomic
def update_add(
    *, sub_project: SubProject, by, date, text: str, photo=None, photo_alt: str = ""
) -> Update:
    """A dated entry on the sub-project's public timeline; a photo needs a description
    (for those who cannot see it) and is stored as a clean copy without its metadata."""
    current = locked_sub_project(sub_project)
    text = (text or "").strip()
    photo_alt = (photo_alt or "").strip()
    errors = {}
    if not isinstance(date, Date):
        errors["date"] = _("Enter the date of the update, for example 2026-05-04.")
    if not text:
        errors["text"] = _("Write what has happened.")
    if photo and not photo_alt:
        errors["photo_alt"] = _("Describe the photo for those who cannot see it.")
    if len(photo_alt) > 200:
        errors["photo_alt"] = _("Describe the photo in at most 200 characters.")
    if errors:
        raise ValidationError(errors)
    update = Update(
        sub_project=current,
        date=date,
        text=text,
        photo_alt=photo_alt if photo else "",
        author=by if getattr(by, "is_authenticated", False) else None,
    )
    if photo:
        try:
            content = normalise_image(photo)
        except ValidationError as error:
            raise ValidationError({"photo": error.messages}) from None
        update.photo.save(f"{secrets.token_hex(12)}.jpg", content, save=False)
    update.save()
    record(
        plan=current.plan,
        by=by,
        action=Change.Action.CHANGED,
        item=item_key(current),
        fields={"update": (None, f"{date.isoformat()}: {_short(text)}")},
    )
    return update


@transaction.atomic
def update_delete(*, update: Update, by) -> None:
    current = locked_sub_project(update.sub_project)
    stored = Update.objects.get(pk=update.pk, sub_project=current)
    record(
        plan=current.plan,
        by=by,
        action=Change.Action.CHANGED,
        item=item_key(current),
        fields={"update": (f"{stored.date.isoformat()}: {_short(stored.text)}", None)},
    )
    if stored.photo:
        stored.photo.delete(save=False)
    stored.delete()
