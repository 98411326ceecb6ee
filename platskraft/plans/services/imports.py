"""Importing a plan from a spreadsheet (the template's columns): check, preview, apply.

`plan_file_check` reads and checks a file against the plan it goes into and says, item by
item, what the import would create, change or leave as it is. `plan_import` does it again
inside one transaction, with the plan's row locked, and applies all of it or nothing
(raising ValidationError listing every problem). Items are matched by code; items of the
plan that the file does not name are kept as they are. For a financier whose columns are
in the file, the file says the amounts (both cells empty: no funding from them); funding
from other financiers is kept. Every item created or changed gets a `Change` with the
action "imported".

Between the check and the import the file is kept under a random name in a private
directory (`PLAN_IMPORT_DIR`, by default var/plan-imports/), never in public media.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ..models import Change, Funding, Plan, PriorityArea, SubProject
from ..spreadsheets.check import check_tables
from ..spreadsheets.read import FileProblem, read_file
from ..spreadsheets.records import CheckedFile, Existing
from .common import AREA_PREFIX, plain, record, touch

KEEP_SECONDS = 24 * 3600
TOKEN = re.compile(r"^[0-9a-f]{32}$")
CREATE, CHANGE, SAME = "create", "change", "same"
AREA_FIELDS = ("title", "description", "goal", "indicator_target")
SUB_PROJECT_FIELDS = (
    "area",
    "parent",
    "title",
    "description",
    "owner",
    "responsible",
    "start_date",
    "end_date",
    "status",
    "progress",
    "weight",
)


@dataclass
class Step:
    """What the import does to one item: create, change (with {field: (old, new)}) or nothing."""

    kind: str  # "area" or "sub_project"
    code: str
    title: str
    action: str
    changes: dict[str, tuple] = field(default_factory=dict)


@dataclass
class Preview:
    checked: CheckedFile
    steps: list[Step] = field(default_factory=list)
    file_problem: str = ""

    @property
    def errors(self) -> list[str]:
        return [self.file_problem] if self.file_problem else [str(i) for i in self.checked.errors]

    @property
    def ok(self) -> bool:
        return not self.file_problem and not self.checked.errors

    def count(self, action: str) -> int:
        return sum(step.action == action for step in self.steps)

    @property
    def created(self) -> int:
        return self.count(CREATE)

    @property
    def changed(self) -> int:
        return self.count(CHANGE)

    @property
    def unchanged(self) -> int:
        return self.count(SAME)


def existing_of(*, municipality, plan: Plan | None) -> Existing:
    existing = Existing(
        departments={
            name.lower(): (pk, name)
            for pk, name in municipality.departments.values_list("pk", "name")
        }
    )
    if plan is None:
        return existing
    existing.area_codes = set(plan.areas.values_list("code", flat=True))
    funding: dict[int, dict] = {}
    for row in Funding.objects.filter(sub_project__plan=plan):
        funding.setdefault(row.sub_project_id, {})[row.financier] = (
            row.planned_sek,
            row.spent_sek,
        )
    for s in plan.sub_projects.select_related("area", "parent"):
        existing.sub_projects[s.code] = (
            s.area.code,
            s.parent.code if s.parent else "",
            s.status,
            s.progress,
            s.weight,
            funding.get(s.pk, {}),
        )
    return existing


def _area_values(record) -> dict:
    return {name: getattr(record, name) for name in AREA_FIELDS}


def _sub_project_values(record, owners: dict[int, str]) -> dict:
    """The fields as `plain` compares them (area, parent and owner by code and name)."""
    values = {name: getattr(record, name) for name in SUB_PROJECT_FIELDS[2:]}
    values.update(
        area=record.area_code,
        parent=record.parent_code or None,
        owner=owners.get(record.owner_id) if record.owner_id else None,
    )
    return values


def _current_sub_project(s: SubProject) -> dict:
    values = {name: getattr(s, name) for name in SUB_PROJECT_FIELDS[2:]}
    values.update(
        area=s.area.code,
        parent=s.parent.code if s.parent else None,
        owner=s.owner.name if s.owner else None,
    )
    return values


def _changes(old: dict, new: dict) -> dict[str, tuple]:
    return {name: (old[name], new[name]) for name in new if plain(old[name]) != plain(new[name])}


def _steps(plan: Plan | None, checked: CheckedFile, owners) -> list[Step]:
    areas = {a.code: a for a in plan.areas.all()} if plan else {}
    subs = (
        {s.code: s for s in plan.sub_projects.select_related("area", "parent", "owner")}
        if plan
        else {}
    )
    funding: dict[int, dict] = {}
    if plan:
        for row in Funding.objects.filter(sub_project__plan=plan):
            funding.setdefault(row.sub_project_id, {})[row.financier] = (
                row.planned_sek,
                row.spent_sek,
            )
    steps = []
    for r in checked.areas:
        new = _area_values(r)
        if r.code not in areas:
            steps.append(
                Step("area", r.code, r.title, CREATE, {k: (None, v) for k, v in new.items() if v})
            )
            continue
        changes = _changes({k: getattr(areas[r.code], k) for k in AREA_FIELDS}, new)
        steps.append(Step("area", r.code, r.title, CHANGE if changes else SAME, changes))
    for r in checked.sub_projects:
        new = _sub_project_values(r, owners)
        new_funding = {f: r.funding.get(f) for f in checked.financiers}
        s = subs.get(r.code)
        if s is None:
            created = {k: (None, v) for k, v in new.items() if v not in (None, "")}
            created.update({f"funding: {f}": (None, list(v)) for f, v in new_funding.items() if v})
            steps.append(Step("sub_project", r.code, r.title, CREATE, created))
            continue
        changes = _changes(_current_sub_project(s), new)
        old_funding = funding.get(s.pk, {})
        for financier, amounts in new_funding.items():
            before = old_funding.get(financier)
            if (list(before) if before else None) != (list(amounts) if amounts else None):
                changes[f"funding: {financier}"] = (
                    list(before) if before else None,
                    list(amounts) if amounts else None,
                )
        steps.append(Step("sub_project", r.code, r.title, CHANGE if changes else SAME, changes))
    return steps


def plan_file_check(
    *, municipality, content: bytes, filename: str = "", plan: Plan | None = None
) -> Preview:
    """Read and check a file; the preview lists each item's step, or the problems."""
    try:
        tables = read_file(content, filename)
    except FileProblem as problem:
        return Preview(CheckedFile(), file_problem=str(problem))
    checked = check_tables(tables, existing_of(municipality=municipality, plan=plan))
    if not checked.areas and not checked.sub_projects and not checked.errors:
        return Preview(
            checked, file_problem=_("The file has no areas or sub-projects: only the headers.")
        )
    owners = dict(municipality.departments.values_list("pk", "name"))
    return Preview(checked, steps=_steps(plan, checked, owners) if not checked.errors else [])


@transaction.atomic
def plan_import(
    *,
    municipality,
    by,
    content: bytes,
    filename: str = "",
    plan: Plan | None = None,
    title: str = "",
) -> tuple[Plan, Preview]:
    """Import the file into `plan` (or a new plan called `title`): all of it, or nothing."""
    if plan is not None:
        plan = Plan.objects.select_for_update().get(pk=plan.pk, municipality=municipality)
    preview = plan_file_check(
        municipality=municipality, content=content, filename=filename, plan=plan
    )
    if not preview.ok:
        raise ValidationError(preview.errors)
    if plan is None:
        title = (title or "").strip()
        if not title:
            raise ValidationError(_("Give the new plan a title."))
        plan = Plan.objects.create(municipality=municipality, title=title[:200])
        record(
            plan=plan,
            by=by,
            action=Change.Action.IMPORTED,
            item="plan",
            fields={"title": (None, plan.title)},
        )
    checked = preview.checked
    steps = {(step.kind, step.code): step for step in preview.steps}
    areas = {a.code: a for a in plan.areas.all()}
    position = (plan.areas.aggregate(top=Max("position"))["top"] or 0) + 1
    for r in checked.areas:
        area = areas.get(r.code)
        step = steps[("area", r.code)]
        if area is None:
            area = areas[r.code] = PriorityArea.objects.create(
                plan=plan, code=r.code, position=position, **_area_values(r)
            )
            position += 1
        elif step.action == CHANGE:
            for name, value in _area_values(r).items():
                setattr(area, name, value)
            area.save()
        if step.action != SAME:
            record(
                plan=plan,
                by=by,
                action=Change.Action.IMPORTED,
                item=AREA_PREFIX + r.code,
                fields=step.changes,
            )
    subs = {s.code: s for s in plan.sub_projects.all()}
    position = (plan.sub_projects.aggregate(top=Max("position"))["top"] or 0) + 1
    for r in checked.sub_projects:  # first without parents: a parent may come later in the file
        step = steps[("sub_project", r.code)]
        if step.action == SAME:
            continue
        values = {name: getattr(r, name) for name in SUB_PROJECT_FIELDS[2:] if name != "owner"}
        values.update(
            area=areas.get(r.area_code) or PriorityArea.objects.get(plan=plan, code=r.area_code),
            owner_id=r.owner_id,
        )
        s = subs.get(r.code)
        if s is None:
            subs[r.code] = SubProject.objects.create(
                plan=plan,
                code=r.code,
                position=position,
                updated_by=by if by.is_authenticated else None,
                **values,
            )
            position += 1
        else:
            for name, value in values.items():
                setattr(s, name, value)
            touch(s, by)
            s.save()
    for r in checked.sub_projects:
        step = steps[("sub_project", r.code)]
        if step.action == SAME:
            continue
        s = subs[r.code]
        parent = subs.get(r.parent_code) if r.parent_code else None
        if s.parent_id != (parent.pk if parent else None):
            s.parent = parent
            s.save(update_fields=["parent"])
        for financier in checked.financiers:
            amounts = r.funding.get(financier)
            if amounts is None:
                Funding.objects.filter(sub_project=s, financier=financier).delete()
            else:
                Funding.objects.update_or_create(
                    sub_project=s,
                    financier=financier,
                    defaults={"planned_sek": amounts[0], "spent_sek": amounts[1]},
                )
        record(plan=plan, by=by, action=Change.Action.IMPORTED, item=r.code, fields=step.changes)
    return plan, preview


# --- The file between the check and the import ---------------------------------------------


def _directory() -> Path:
    directory = Path(
        getattr(settings, "PLAN_IMPORT_DIR", None) or Path(settings.VAR_DIR) / "plan-imports"
    )
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def import_file_keep(*, municipality, content: bytes) -> str:
    """Keep the file until it is imported (or a day has passed); returns its token."""
    directory = _directory()
    for old in directory.glob("*.upload"):
        if old.stat().st_mtime < time.time() - KEEP_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    (directory / f"{municipality.pk}-{token}.upload").write_bytes(content)
    return token


def _kept(municipality, token: str) -> Path | None:
    if not TOKEN.match(token or ""):
        return None
    path = _directory() / f"{municipality.pk}-{token}.upload"
    return path if path.is_file() else None


def import_file_read(*, municipality, token: str) -> bytes | None:
    path = _kept(municipality, token)
    return path.read_bytes() if path else None


def import_file_discard(*, municipality, token: str) -> None:
    path = _kept(municipality, token)
    if path:
        path.unlink(missing_ok=True)
