"""Writes for the projects of a round: adding, editing, reviewing, and making a project
from a citizen proposal.

Only approved projects are on the ballot, and approving needs a cost above zero that
fits the budget of the project's district (or of the round). Once voting has started
the ballot is fixed: projects are no longer added, and their cost, district and status
stay as they are (texts, images and places can still be corrected).
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from platskraft.core.images import normalise_image
from platskraft.core.text import strip_tags
from platskraft.proposals.models import TRANSITIONS, Status, Visibility
from platskraft.proposals.services.cases import proposal_change_status

from ..models import Project, ProjectStatus, Round, Stage
from ..models.round import TITLE_MAX
from .common import district_message, has_districts, locked_round, sek

# Stages from which the ballot is fixed.
FIXED_STAGES = (Stage.VOTING, Stage.COUNTING, Stage.RESULTS)
PROJECT_FIELDS = frozenset(
    {
        "title",
        "description",
        "cost_sek",
        "district",
        "place_name",
        "latitude",
        "longitude",
        "image",
        "image_alt",
    }
)
# What may still change once voting has started.
TEXT_FIELDS = frozenset(
    {"title", "description", "place_name", "latitude", "longitude", "image", "image_alt"}
)


def _cost_message(cost) -> str | None:
    if cost is None:
        return None
    whole = _("Enter the cost as a whole number of kronor.")
    if isinstance(cost, bool):
        return whole
    try:
        value = int(cost.strip()) if isinstance(cost, str) else int(cost)
    except (TypeError, ValueError, ArithmeticError):
        return whole
    if not isinstance(cost, str) and value != cost:
        return whole
    if value <= 0:
        return _("The cost must be more than 0 kr (it was %(cost)s).") % {"cost": sek(value)}
    return None


def _check_cost(cost) -> None:
    if message := _cost_message(cost):
        raise ValidationError({"cost_sek": message}, code="cost")


def _check_district(round: Round, district) -> None:
    if district is None:
        return  # a project may wait for its district until it is approved
    if message := district_message(round, district):
        raise ValidationError({"district": message})


def _apply_image(project: Project, image) -> None:
    """Store (a clean copy of) an upload, or remove the image for `None`."""
    if image is None:
        if project.image:
            project.image.delete(save=False)
        project.image = None
        return
    content = normalise_image(image)
    if project.image:
        project.image.delete(save=False)
    project.image.save(f"{secrets.token_hex(12)}.jpg", content, save=False)


def _save(project: Project, image=...) -> Project:
    project.title = (project.title or "").strip()
    if not strip_tags(project.title).strip():
        raise ValidationError({"title": _("Give the project a title.")})
    if (project.latitude is None) != (project.longitude is None):
        raise ValidationError({"latitude": _("A place on the map needs both coordinates.")})
    project.full_clean(exclude=["image", "round", "proposal"])
    if image is not ...:
        _apply_image(project, image)
    project.save()
    return project


def _next_number(round: Round) -> int:
    return (Project.objects.filter(round=round).aggregate(m=Max("number"))["m"] or 0) + 1


def _check_open_for_projects(round: Round) -> None:
    if round.stage in FIXED_STAGES:
        raise ValidationError(_("Voting has started: the ballot's projects are fixed."))


@transaction.atomic
def project_create(
    *,
    round: Round,
    by,
    title: str,
    description: str = "",
    cost_sek: int | None = None,
    district=None,
    place_name: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    image=None,
    image_alt: str = "",
) -> Project:
    """A new project idea with the next number of the round."""
    current = locked_round(round)
    _check_open_for_projects(current)
    _check_cost(cost_sek)
    _check_district(current, district)
    project = Project(
        round=current,
        number=_next_number(current),
        title=title or "",
        description=description or "",
        cost_sek=cost_sek,
        district=district,
        place_name=(place_name or "").strip(),
        latitude=latitude,
        longitude=longitude,
        image_alt=(image_alt or "").strip(),
    )
    return _save(project, image if image is not None else ...)


@transaction.atomic
def project_update(*, project: Project, by, **fields) -> Project:
    """Change a project; `image=None` removes its image. From voting on only its texts,
    image and place can change."""
    if unknown := set(fields) - PROJECT_FIELDS:
        raise TypeError(f"Unknown project fields: {', '.join(sorted(unknown))}")
    current_round = locked_round(project.round)
    current = Project.objects.select_for_update().get(pk=project.pk)
    changed = {
        k
        for k, v in fields.items()
        if k == "image"
        or getattr(current, k if k != "district" else "district_id")
        != (v.pk if k == "district" and v is not None else v)
    }
    if current_round.stage in FIXED_STAGES and changed - TEXT_FIELDS:
        raise ValidationError(
            _("Voting has started: the cost and district of a project can no longer change.")
        )
    if "cost_sek" in fields:
        _check_cost(fields["cost_sek"])
        if fields["cost_sek"] is None and current.status == ProjectStatus.APPROVED:
            raise ValidationError({"cost_sek": _("An approved project needs a cost.")}, code="cost")
    if "district" in fields:
        _check_district(current_round, fields["district"])
        if (
            fields["district"] is None
            and current.status == ProjectStatus.APPROVED
            and has_districts(current_round)
        ):
            raise ValidationError({"district": _("An approved project needs a district.")})
    image = fields.pop("image", ...)
    for name, value in fields.items():
        setattr(current, name, value)
    if current.status == ProjectStatus.APPROVED:
        _check_fits(current_round, current)
    return _save(current, image)


def _check_fits(round: Round, project: Project) -> None:
    budget = project.district.budget_sek if project.district_id else round.budget_sek
    if project.cost_sek and project.cost_sek > budget:
        raise ValidationError(
            {
                "cost_sek": _(
                    "The project costs %(cost)s, more than the budget of %(budget)s: "
                    "it could never be funded."
                )
                % {"cost": sek(project.cost_sek), "budget": sek(budget)}
            },
            code="cost",
        )


@transaction.atomic
def project_review(
    *, project: Project, by, status: str, cost_sek: int | None = None, review_notes: str = ""
) -> Project:
    """Record the review: approve (a cost above 0 is needed, given here or already set),
    reject (say why: residents read it), or set the project back to idea or review."""
    if status not in ProjectStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    current_round = locked_round(project.round)
    current = Project.objects.select_for_update().get(pk=project.pk)
    if current_round.stage in FIXED_STAGES:
        raise ValidationError(_("Voting has started: the ballot's projects are fixed."))
    _check_cost(cost_sek)
    if cost_sek is not None:
        current.cost_sek = int(cost_sek.strip() if isinstance(cost_sek, str) else cost_sek)
    notes = (review_notes or "").strip()
    if status == ProjectStatus.APPROVED:
        if not current.cost_sek:
            raise ValidationError(
                {"cost_sek": _("Give the project its cost (more than 0 kr) to approve it.")},
                code="cost",
            )
        if current.district_id is None and has_districts(current_round):
            raise ValidationError(
                {"status": _("Choose the project's district before approving it.")}
            )
        _check_fits(current_round, current)
    if status == ProjectStatus.REJECTED and not notes:
        raise ValidationError(
            {"review_notes": _("Tell residents why the project is not feasible.")}
        )
    current.status = status
    current.review_notes = notes
    return _save(current)


def _proposal_explanation(project: Project) -> str:
    return _(
        "The proposal goes on to the citizen budget “%(round)s” as project %(number)s. "
        "Residents decide by their votes whether it is funded."
    ) % {"round": project.round.title, "number": project.number}


@transaction.atomic
def project_from_proposal(
    *, round: Round, proposal, by, district=None, site_url: str = ""
) -> Project:
    """A project made from a published citizen proposal, in one step: its title, text,
    place and image are copied and the link is kept. An open case is forwarded to the
    round with an explanation that names the project (the proposals app's own service,
    so followers hear of it)."""
    current_round = locked_round(round)
    if proposal.municipality_id != current_round.municipality_id:
        raise ValidationError({"proposal": _("Choose a proposal of this municipality.")})
    if proposal.visibility != Visibility.PUBLISHED:
        raise ValidationError({"proposal": _("Only a published proposal can become a project.")})
    if Project.objects.filter(round=current_round, proposal=proposal).exists():
        raise ValidationError({"proposal": _("This proposal is already a project of this round.")})
    project = project_create(
        round=current_round,
        by=by,
        title=proposal.title[:TITLE_MAX],
        description=proposal.body,
        district=district,
        place_name=(proposal.place_name or "")[:160],
        latitude=proposal.latitude,
        longitude=proposal.longitude,
        image_alt=(proposal.image_description or "")[:200],
    )
    project.proposal = proposal
    if proposal.image:
        try:
            with proposal.image.open("rb") as source:
                project.image.save(f"{secrets.token_hex(12)}.jpg", _copy(source), save=False)
        except (OSError, ValueError):
            project.image_alt = ""
    project.save()
    if Status.FORWARDED in TRANSITIONS.get(proposal.status, ()):
        proposal_change_status(
            proposal=proposal,
            by=by,
            status=Status.FORWARDED,
            explanation=_proposal_explanation(project),
            site_url=site_url,
        )
    return project


def _copy(source) -> ContentFile:
    return ContentFile(source.read())
