"""Writes for sub-projects: adding, editing (with optimistic concurrency), removing, and
making one from a citizen proposal. Funding, milestones and updates are in `parts.py` and
re-exported here.

A sub-project sits in one priority area of its plan and may be part of another
sub-project (`parent`) of the same plan and area; the tree never has a loop. Saving
through `subproject_update` needs the `version` the form was opened with: when someone
saved in between, `EditConflict` names who and when, and nothing is saved.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from platskraft.analysis.progress import Item, Reason, check_tree
from platskraft.core.text import strip_tags
from platskraft.municipalities.models import Department
from platskraft.proposals.models import TRANSITIONS, Visibility
from platskraft.proposals.models import Status as CaseStatus
from platskraft.proposals.services.cases import proposal_change_status

from ..models import Change, Link, Plan, PriorityArea, Status, SubProject
from ..models.plan import TITLE_MAX
from .common import (
    EditConflict,
    check_code,
    check_dates,
    check_progress,
    check_title,
    check_version,
    check_weight,
    diff,
    item_key,
    locked_sub_project,
    record,
    touch,
)
from .parts import (
    funding_set,
    milestone_create,
    milestone_delete,
    milestone_update,
    update_add,
    update_delete,
)

__all__ = [
    "EditConflict",
    "funding_set",
    "milestone_create",
    "milestone_delete",
    "milestone_update",
    "subproject_create",
    "subproject_delete",
    "subproject_from_proposal",
    "subproject_update",
    "update_add",
    "update_delete",
]

# What a form may set besides plan, area, code and title.
EXTRA_FIELDS = frozenset(
    {
        "parent",
        "description",
        "owner",
        "responsible",
        "start_date",
        "end_date",
        "status",
        "progress",
        "weight",
        "position",
    }
)
UPDATE_FIELDS = EXTRA_FIELDS | {"area", "code", "title"}


def _unknown(fields, allowed) -> None:
    if unknown := set(fields) - allowed:
        raise TypeError(f"Unknown sub-project fields: {', '.join(sorted(unknown))}")


def _clean(plan: Plan, fields: dict) -> dict:
    """Each given field checked and normalised; errors name the field."""
    cleaned = dict(fields)
    errors: dict[str, list] = {}

    def check(name, fn):
        if name in cleaned:
            try:
                cleaned[name] = fn(cleaned[name])
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    errors.setdefault(field, []).extend(messages)

    check("code", check_code)
    check("title", lambda v: check_title(v)[:TITLE_MAX])
    check("progress", check_progress)
    check("weight", check_weight)
    for name in ("description", "responsible"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "status" in cleaned and cleaned["status"] not in Status.values:
        errors.setdefault("status", []).append(_("Choose a status."))
    if "area" in cleaned and (cleaned["area"] is None or cleaned["area"].plan_id != plan.pk):
        errors.setdefault("area", []).append(_("Choose a priority area of this plan."))
    owner = cleaned.get("owner")
    if owner is not None and (
        not isinstance(owner, Department) or owner.municipality_id != plan.municipality_id
    ):
        errors.setdefault("owner", []).append(
            _("Choose a committee or department of this municipality.")
        )
    parent = cleaned.get("parent")
    if parent is not None and parent.plan_id != plan.pk:
        errors.setdefault("parent", []).append(_("Choose a sub-project of this plan."))
    position = cleaned.get("position")
    if position is not None and (isinstance(position, bool) or int(position) < 0):
        errors.setdefault("position", []).append(_("The position is 0 or more."))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_code_free(plan: Plan, code: str, *, exclude_pk=None) -> None:
    if SubProject.objects.filter(plan=plan, code=code).exclude(pk=exclude_pk).exists():
        raise ValidationError(
            {
                "code": _("The plan already has a sub-project with the code “%(code)s”.")
                % {"code": code}
            },
            code="duplicate_code",
        )


def _check_tree(plan: Plan, sub_project: SubProject) -> None:
    """The parent is in the same area, and the tree has no loop with this parent."""
    parent = sub_project.parent
    if parent is None:
        return
    if parent.pk is not None and parent.pk == sub_project.pk:
        raise ValidationError(
            {"parent": _("A sub-project cannot be part of itself.")}, code="cycle"
        )
    if parent.area_id != sub_project.area_id:
        raise ValidationError(
            {
                "parent": _(
                    "“%(parent)s” is in another priority area: a part must be in the same "
                    "area as the sub-project it is part of."
                )
                % {"parent": parent.code}
            },
            code="parent_area",
        )
    if sub_project.pk is None:
        return  # a new sub-project has no parts yet: no loop possible
    rows = SubProject.objects.filter(plan=plan).values_list("pk", "parent_id", "code")
    codes = {pk: code for pk, _parent, code in rows}
    items = [
        Item(id=pk, parent=parent.pk if pk == sub_project.pk else parent_id)
        for pk, parent_id, _code in rows
    ]
    for problem in check_tree(items):
        if problem.code == Reason.CYCLE and sub_project.pk in problem.ids:
            loop = " → ".join(codes[pk] for pk in problem.ids + problem.ids[:1])
            raise ValidationError(
                {
                    "parent": _(
                        "“%(code)s” cannot be part of “%(parent)s”: the plan would go round "
                        "in a loop (%(loop)s)."
                    )
                    % {"code": sub_project.code, "parent": parent.code, "loop": loop}
                },
                code="cycle",
            )


def _check(plan: Plan, sub_project: SubProject) -> None:
    check_dates(sub_project.start_date, sub_project.end_date)
    _check_code_free(plan, sub_project.code, exclude_pk=sub_project.pk)
    _check_tree(plan, sub_project)
    sub_project.full_clean(exclude=["plan", "area", "parent", "owner", "updated_by"])


def _next_position(area: PriorityArea) -> int:
    last = SubProject.objects.filter(area=area).order_by("-position").first()
    return 0 if last is None else last.position + 1


@transaction.atomic
def subproject_create(*, plan: Plan, area: PriorityArea, by, code: str, title: str, **fields):
    """A new sub-project of `area`, placed last; progress empty means rolled up."""
    _unknown(fields, EXTRA_FIELDS)
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    cleaned = _clean(plan, {"area": area, "code": code, "title": title, **fields})
    cleaned.setdefault("position", _next_position(cleaned["area"]))
    sub_project = SubProject(plan=plan, **cleaned)
    touch(sub_project, by)
    sub_project.version = 1
    _check(plan, sub_project)
    sub_project.save()
    record(
        plan=plan,
        by=by,
        action=Change.Action.CREATED,
        item=item_key(sub_project),
        fields={
            name: (None, value)
            for name, value in cleaned.items()
            if value not in (None, "") and name != "position"
        },
    )
    return sub_project


def _move_parts(plan: Plan, sub_project: SubProject, area: PriorityArea, by) -> None:
    """Parts follow their sub-project into its new area."""
    pending = list(SubProject.objects.filter(parent=sub_project))
    while pending:
        part = pending.pop()
        if part.area_id != area.pk:
            record(
                plan=plan,
                by=by,
                action=Change.Action.CHANGED,
                item=item_key(part),
                fields={"area": (part.area, area)},
            )
            part.area = area
            touch(part, by)
            part.save(update_fields=["area", "version", "updated_by", "updated_at"])
        pending.extend(SubProject.objects.filter(parent=part))


@transaction.atomic
def subproject_update(*, sub_project: SubProject, by, expected_version: int, **fields):
    """Save changed fields if nobody saved since `expected_version`; else EditConflict.

    Giving `parent` without `area` moves the sub-project into its new parent's area; the
    sub-project's own parts follow it into a new area.
    """
    _unknown(fields, UPDATE_FIELDS)
    current = locked_sub_project(sub_project)
    check_version(current, expected_version)
    plan = current.plan
    if fields.get("parent") is not None and "area" not in fields:
        fields["area"] = fields["parent"].area
    cleaned = _clean(plan, fields)
    changed = diff(current, cleaned)
    if not changed:
        return current
    old_key = item_key(current)
    for name, (_old, new) in changed.items():
        setattr(current, name, new)
    _check(plan, current)
    touch(current, by)
    current.save()
    if "area" in changed:
        _move_parts(plan, current, current.area, by)
    record(plan=plan, by=by, action=Change.Action.CHANGED, item=old_key, fields=changed)
    return current


@transaction.atomic
def subproject_delete(*, sub_project: SubProject, by, expected_version: int | None = None):
    """Remove a sub-project with its funding, milestones, updates and links. One with parts
    of its own is refused: move or remove the parts first."""
    current = locked_sub_project(sub_project)
    check_version(current, expected_version)
    parts = list(current.children.values_list("code", flat=True))
    if parts:
        raise ValidationError(
            _("“%(code)s” has parts (%(parts)s): move or remove them first.")
            % {"code": current.code, "parts": ", ".join(parts)},
            code="has_parts",
        )
    record(
        plan=current.plan,
        by=by,
        action=Change.Action.REMOVED,
        item=item_key(current),
        fields={
            "title": (current.title, None),
            "status": (current.status, None),
            "area": (current.area, None),
        },
    )
    current.delete()


# --- From a citizen proposal --------------------------------------------------------------


def _free_code(plan: Plan, area: PriorityArea) -> str:
    taken = set(SubProject.objects.filter(plan=plan).values_list("code", flat=True))
    n = SubProject.objects.filter(area=area).count() + 1
    while f"{area.code}.{n}" in taken:
        n += 1
    return f"{area.code}.{n}"


def _answer(sub_project: SubProject) -> str:
    return _(
        "The proposal is taken up in the action plan “%(plan)s” as sub-project %(code)s "
        "“%(title)s”. Follow its progress on the plan's page."
    ) % {
        "plan": sub_project.plan.title,
        "code": sub_project.code,
        "title": sub_project.title,
    }


@transaction.atomic
def subproject_from_proposal(
    *, proposal, area: PriorityArea, by, code: str | None = None, site_url: str = ""
) -> SubProject:
    """A sub-project made from a published citizen proposal, in one step: its title and
    text are copied, the link is kept (residents see "You said → we did"), and an open or
    rejected case is approved with an answer that names the sub-project (the proposals
    app's own service, so followers hear of it). A case already approved keeps its status;
    the link shows where it went."""
    from .links import link_add

    plan = area.plan
    if proposal.municipality_id != plan.municipality_id:
        raise ValidationError({"proposal": _("Choose a proposal of this municipality.")})
    if proposal.visibility != Visibility.PUBLISHED:
        raise ValidationError(
            {"proposal": _("Only a published proposal can become a sub-project.")}
        )
    already = Link.objects.filter(
        sub_project__plan=plan,
        content_type__app_label="proposals",
        content_type__model="proposal",
        object_id=proposal.pk,
    ).first()
    if already is not None:
        raise ValidationError(
            {
                "proposal": _("This proposal is already linked to sub-project %(code)s.")
                % {"code": already.sub_project.code}
            },
            code="already_linked",
        )
    sub_project = subproject_create(
        plan=plan,
        area=area,
        by=by,
        code=code if code else _free_code(plan, area),
        title=strip_tags(proposal.title)[:TITLE_MAX],
        description=strip_tags(proposal.body),
        status=Status.NOT_STARTED,
    )
    link_add(sub_project=sub_project, target=proposal, by=by, site_url=site_url)
    if CaseStatus.APPROVED in TRANSITIONS.get(proposal.status, ()):
        proposal_change_status(
            proposal=proposal,
            by=by,
            status=CaseStatus.APPROVED,
            explanation=_answer(sub_project),
            site_url=site_url,
        )
    return sub_project
