"""Writes for a plan and its priority areas.

A priority area keeps its sub-projects: it can only be removed once they have been moved
or removed, so nothing goes with it by accident.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..models import Change, Plan, PriorityArea
from .common import check_code, check_title, diff, item_key, record

PLAN_FIELDS = frozenset({"title", "description", "process"})
AREA_FIELDS = frozenset({"code", "title", "description", "goal", "indicator_target"})


def _check_process(municipality, process) -> None:
    if process is not None and process.municipality_id != municipality.pk:
        raise ValidationError({"process": _("Choose a process of this municipality.")})


def _unknown(fields, allowed, what: str) -> None:
    if unknown := set(fields) - allowed:
        raise TypeError(f"Unknown {what} fields: {', '.join(sorted(unknown))}")


@transaction.atomic
def plan_create(*, municipality, by, title: str, process=None, description: str = "") -> Plan:
    _check_process(municipality, process)
    plan = Plan(
        municipality=municipality,
        process=process,
        title=check_title(title),
        description=(description or "").strip(),
    )
    plan.full_clean()
    plan.save()
    record(
        plan=plan,
        by=by,
        action=Change.Action.CREATED,
        item=item_key(plan),
        fields={"title": (None, plan.title)},
    )
    return plan


def _locked_plan(plan: Plan) -> Plan:
    return Plan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def plan_update(*, plan: Plan, by, **fields) -> Plan:
    """Change the plan's title, description or process."""
    _unknown(fields, PLAN_FIELDS, "plan")
    current = _locked_plan(plan)
    if "title" in fields:
        fields["title"] = check_title(fields["title"])
    if "description" in fields:
        fields["description"] = (fields["description"] or "").strip()
    if "process" in fields:
        _check_process(current.municipality, fields["process"])
    changed = diff(current, fields)
    for name, (_old, new) in changed.items():
        setattr(current, name, new)
    current.full_clean()
    current.save()
    if changed:
        record(
            plan=current,
            by=by,
            action=Change.Action.CHANGED,
            item=item_key(current),
            fields=changed,
        )
    return current


@transaction.atomic
def plan_publish(*, plan: Plan, by, published: bool, site_url: str = "") -> Plan:
    """Show the plan to residents (or hide it again). Once they can see it, the people of
    inputs linked while it was a draft hear what happened next (`links.tell_untold`)."""
    from ..selectors.public import is_public
    from .links import tell_untold

    current = _locked_plan(plan)
    if current.is_published != bool(published):
        record(
            plan=current,
            by=by,
            action=Change.Action.CHANGED,
            item=item_key(current),
            fields={"is_published": (current.is_published, bool(published))},
        )
        current.is_published = bool(published)
        current.save(update_fields=["is_published", "updated_at"])
        if is_public(current):
            transaction.on_commit(lambda: tell_untold(current, site_url=site_url))
    return current


# --- Priority areas -------------------------------------------------------------------------


def _check_area_code(plan: Plan, code: str, *, exclude_pk=None) -> None:
    taken = PriorityArea.objects.filter(plan=plan, code=code).exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {
                "code": _("The plan already has a priority area with the code “%(code)s”.")
                % {"code": code}
            },
            code="duplicate_code",
        )


def _clean_area_fields(fields: dict) -> dict:
    cleaned = dict(fields)
    if "code" in cleaned:
        cleaned["code"] = check_code(cleaned["code"])
    if "title" in cleaned:
        cleaned["title"] = check_title(cleaned["title"])
    for name in ("description", "goal", "indicator_target"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    return cleaned


@transaction.atomic
def area_create(*, plan: Plan, by, code: str, title: str, **fields) -> PriorityArea:
    """A new priority area, placed last."""
    _unknown(fields, AREA_FIELDS - {"code", "title"}, "priority area")
    current = _locked_plan(plan)
    cleaned = _clean_area_fields({"code": code, "title": title, **fields})
    _check_area_code(current, cleaned["code"])
    last = PriorityArea.objects.filter(plan=current).aggregate(m=Max("position"))["m"]
    area = PriorityArea(plan=current, position=0 if last is None else last + 1, **cleaned)
    area.full_clean()
    area.save()
    record(
        plan=current,
        by=by,
        action=Change.Action.CREATED,
        item=item_key(area),
        fields={name: (None, value) for name, value in cleaned.items() if value},
    )
    return area


@transaction.atomic
def area_update(*, area: PriorityArea, by, **fields) -> PriorityArea:
    _unknown(fields, AREA_FIELDS, "priority area")
    plan = _locked_plan(area.plan)
    current = PriorityArea.objects.get(pk=area.pk, plan=plan)
    cleaned = _clean_area_fields(fields)
    if "code" in cleaned:
        _check_area_code(plan, cleaned["code"], exclude_pk=current.pk)
    changed = diff(current, cleaned)
    old_key = item_key(current)
    for name, (_old, new) in changed.items():
        setattr(current, name, new)
    current.full_clean()
    current.save()
    if changed:
        # Renamed: the history follows the item under its old key (with the code change).
        record(plan=plan, by=by, action=Change.Action.CHANGED, item=old_key, fields=changed)
    return current


@transaction.atomic
def area_delete(*, area: PriorityArea, by) -> None:
    """Remove an empty priority area (its sub-projects must be moved or removed first)."""
    plan = _locked_plan(area.plan)
    current = PriorityArea.objects.get(pk=area.pk, plan=plan)
    count = current.sub_projects.count()
    if count:
        raise ValidationError(
            _(
                "The priority area “%(title)s” still has %(count)s sub-projects: "
                "move or remove them first."
            )
            % {"title": current.title, "count": count},
            code="not_empty",
        )
    record(
        plan=plan,
        by=by,
        action=Change.Action.REMOVED,
        item=item_key(current),
        fields={"code": (current.code, None), "title": (current.title, None)},
    )
    current.delete()
    _renumber(plan)


def _renumber(plan: Plan) -> list[PriorityArea]:
    areas = list(PriorityArea.objects.filter(plan=plan).order_by("position", "code", "pk"))
    for position, area in enumerate(areas):
        if area.position != position:
            area.position = position
            area.save(update_fields=["position"])
    return areas


@transaction.atomic
def area_move(*, area: PriorityArea, by, direction: str) -> PriorityArea:
    """Move a priority area one place "up" or "down" (nothing happens at either end)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose to move the priority area up or down."), code="direction")
    plan = _locked_plan(area.plan)
    areas = _renumber(plan)
    index = next(i for i, a in enumerate(areas) if a.pk == area.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(areas):
        return areas[index]
    moved, swapped = areas[index], areas[other]
    moved.position, swapped.position = swapped.position, moved.position
    moved.save(update_fields=["position"])
    swapped.save(update_fields=["position"])
    record(
        plan=plan,
        by=by,
        action=Change.Action.CHANGED,
        item=item_key(moved),
        fields={"position": (index + 1, other + 1)},
    )
    return moved
