"""Writes for municipalities, memberships, processes and what hangs under a process.

Forms check what one person typed; the services write inside a transaction and
check again what depends on other rows (overlapping phases, the last admin), with
the process or municipality row locked so two officials cannot slip past each other.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from platskraft.accounts import services as account_services
from platskraft.analysis import schedule

from .models import KnownMunicipality, Membership, Municipality, Phase, Process, Role
from .models.process import ProcessStatus
from .signals import process_made_public

User = get_user_model()


# --- municipalities -----------------------------------------------------------------------------


@transaction.atomic
def municipality_create(*, code: str, slug: str, name: str = "", **fields) -> Municipality:
    """Start a municipality on the platform from its entry in the official list."""
    known = KnownMunicipality.objects.select_related("county").get(code=code)
    fields.setdefault("boundary", known.boundary)
    fields.setdefault("centre_lat", known.centre_lat)
    fields.setdefault("centre_lon", known.centre_lon)
    municipality = Municipality(
        code=code, slug=slug, name=name or known.name, county=known.county, **fields
    )
    municipality.full_clean()
    municipality.save()
    return municipality


def municipality_content_changed(*, municipality: int | QuerySet) -> None:
    """Note that residents' content changed: pages kept under the old version are not used.

    `municipality` is a primary key or a queryset of them (for a row reached through
    another table). Run it inside the transaction that makes the change, so that the new
    version and the new content become visible together.
    """
    ids = municipality if isinstance(municipality, QuerySet) else [municipality]
    Municipality.objects.filter(pk__in=ids).update(content_version=F("content_version") + 1)


# --- memberships --------------------------------------------------------------------------------


@transaction.atomic
def membership_add(
    *,
    municipality: Municipality,
    email: str,
    role: str,
    display_name: str = "",
    department=None,
    invited_by,
    site_url: str,
) -> Membership:
    """Give a person a role; a person without an account is invited to create one."""
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=None,
            display_name=display_name or email.split("@")[0],
            is_active=False,
        )
    if Membership.objects.filter(user=user, municipality=municipality, role=role).exists():
        raise ValidationError(
            {"email": _("%(email)s already has this role here.") % {"email": email}}
        )
    membership = Membership(
        user=user,
        municipality=municipality,
        role=role,
        department=department if role == Role.CASE_HANDLER else None,
    )
    membership.full_clean()
    membership.save()
    account_services.user_invite(
        user=user,
        site_url=site_url,
        municipality_name=municipality.name,
        role_label=membership.get_role_display(),
        invited_by=invited_by,
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    Municipality.objects.select_for_update().get(pk=membership.municipality_id)
    if (
        membership.role == Role.ADMIN
        and not Membership.objects.filter(
            municipality_id=membership.municipality_id, role=Role.ADMIN
        )
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError(
            _("A municipality must keep at least one administrator. Add another one first.")
        )
    membership.delete()


# --- processes ----------------------------------------------------------------------------------


def _fmt(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def process_schedule_errors(process: Process) -> dict[str, list[str]]:
    """Phases that would fall outside the process's new dates."""
    errors: dict[str, list[str]] = {}
    if process.pk is None:
        return errors
    container = schedule.Span(process.start_date, process.end_date or date.max)
    phases = list(Phase.objects.filter(process_id=process.pk))
    for problem in schedule.schedule_problems([p.span for p in phases], container):
        phase = phases[problem.index]
        if problem.code == "before_container":
            errors.setdefault("start_date", []).append(
                _("The phase “%(phase)s” starts %(date)s, before this date.")
                % {"phase": phase.name, "date": _fmt(phase.start_date)}
            )
        elif problem.code == "after_container":
            errors.setdefault("end_date", []).append(
                _("The phase “%(phase)s” ends %(date)s, after this date.")
                % {"phase": phase.name, "date": _fmt(phase.end_date)}
            )
    return errors


def phase_schedule_errors(*, process: Process, phase: Phase) -> dict[str, list[str]]:
    """Why `phase` cannot take its place among the process's other phases, by field."""
    others = list(Phase.objects.filter(process=process).exclude(pk=phase.pk))
    spans = [phase.span, *(o.span for o in others)]
    container = schedule.Span(process.start_date, process.end_date or date.max)
    errors: dict[str, list[str]] = {}
    for problem in schedule.schedule_problems(spans, container):
        if problem.code == "ends_before_start" and problem.index == 0:
            errors.setdefault("end_date", []).append(_("The phase must not end before it starts."))
        elif problem.code == "overlaps" and 0 in (problem.index, problem.other):
            other = others[(problem.other if problem.index == 0 else problem.index) - 1]
            errors.setdefault("start_date", []).append(
                _(
                    "The phase overlaps “%(other)s” (%(start)s–%(end)s). "
                    "Phases of a process follow one another."
                )
                % {
                    "other": other.name,
                    "start": _fmt(other.start_date),
                    "end": _fmt(other.end_date),
                }
            )
        elif problem.code == "before_container" and problem.index == 0:
            errors.setdefault("start_date", []).append(
                _("The phase starts before the process (%(date)s).")
                % {"date": _fmt(process.start_date)}
            )
        elif problem.code == "after_container" and problem.index == 0:
            errors.setdefault("end_date", []).append(
                _("The phase ends after the process (%(date)s).") % {"date": _fmt(process.end_date)}
            )
    return errors


@transaction.atomic
def process_save(*, form) -> Process:
    process = form.instance
    if process.pk:
        Process.objects.select_for_update().get(pk=process.pk)
        errors = process_schedule_errors(process)
        if errors:
            raise ValidationError(errors)
    return form.save()


@transaction.atomic
def process_set_status(*, process: Process, status: str, site_url: str = "") -> Process:
    """A new status; when that makes the process public, `process_made_public` is sent
    after the commit (plans then tell residents what their input led to)."""
    process = Process.objects.select_for_update().get(pk=process.pk)
    was_public = process.is_public
    process.status = status
    if status == ProcessStatus.PUBLISHED and process.published_at is None:
        process.published_at = timezone.now()
    process.save(update_fields=["status", "published_at", "updated_at"])
    if process.is_public and not was_public:
        transaction.on_commit(
            lambda: process_made_public.send(Process, process=process, site_url=site_url)
        )
    return process


@transaction.atomic
def process_delete(*, process: Process) -> None:
    process.delete()


@transaction.atomic
def phase_save(*, form) -> Phase:
    phase = form.instance
    Process.objects.select_for_update().get(pk=phase.process_id)
    errors = phase_schedule_errors(process=phase.process, phase=phase)
    if errors:
        raise ValidationError(errors)
    return form.save()


# --- simple parts of a process or municipality: financiers, groups, members, departments -------


@transaction.atomic
def part_save(*, form):
    return form.save()


@transaction.atomic
def part_delete(*, obj) -> None:
    obj.delete()
