"""The municipality's codebook: add, change, move and remove codes, and the ready-made
Kramfors codebook to start from.

Codes nest: a code's parent is another code of the same municipality, never the code
itself or one of its own descendants. Names are unique among siblings (compared without
regard to case). Rules spanning rows run with the municipality's row locked.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platskraft.municipalities.models import Municipality

from ..models import CODE_NAME_MAX, Code

# The codebook Kramfors used for its 200+ in-depth interviews, in English source text
# (translated with the rest of the site): (name, when to use it, children).
KRAMFORS_CODEBOOK = [
    (
        gettext_lazy("Movement"),
        gettext_lazy("How and why people move in, through and out of the municipality."),
        [
            (gettext_lazy("Reasons for visiting"), gettext_lazy("Why people come here.")),
            (gettext_lazy("Moving in"), gettext_lazy("Reasons for settling here.")),
            (gettext_lazy("Moving away"), gettext_lazy("Reasons for leaving.")),
            (gettext_lazy("Commuting"), gettext_lazy("Travel to work or school.")),
        ],
    ),
    (
        gettext_lazy("Pride"),
        gettext_lazy("What people are proud of, or wish they could be proud of."),
        [
            (gettext_lazy("Nature and landscape"), gettext_lazy("The river, the coast, forests.")),
            (gettext_lazy("History and culture"), gettext_lazy("Heritage, events, traditions.")),
            (gettext_lazy("People and community"), gettext_lazy("Neighbours, associations.")),
        ],
    ),
    (
        gettext_lazy("Borders"),
        gettext_lazy("Where people feel a place begins and ends; us and them."),
        [
            (gettext_lazy("Between localities"), gettext_lazy("One village against another.")),
            (gettext_lazy("Town and countryside"), gettext_lazy("Centre against periphery.")),
        ],
    ),
    (
        gettext_lazy("View of the municipality as an organisation"),
        gettext_lazy("Trust in, and experience of, the municipality's services and officials."),
        [
            (gettext_lazy("Trust"), gettext_lazy("Whether the municipality is believed.")),
            (gettext_lazy("Services"), gettext_lazy("Schools, care, streets, permits.")),
            (gettext_lazy("Being listened to"), gettext_lazy("Dialogue, influence, feedback.")),
        ],
    ),
    (
        gettext_lazy("Hospitality"),
        gettext_lazy("How newcomers and visitors are welcomed."),
        [],
    ),
    (
        gettext_lazy("The future"),
        gettext_lazy("Hopes, worries and ideas for the place."),
        [],
    ),
]


def _locked_municipality(municipality: Municipality) -> Municipality:
    return Municipality.objects.select_for_update().get(pk=municipality.pk)


def check_name(name) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the code a name.")}, code="required")
    if len(name) > CODE_NAME_MAX:
        raise ValidationError(
            {"name": _("A code's name has at most %(max)s characters.") % {"max": CODE_NAME_MAX}},
            code="max_length",
        )
    return name


def descendant_ids(code: Code) -> set[int]:
    """The pks of every code below `code` (children, grandchildren, …)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Code.objects.filter(municipality_id=code.municipality_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    found: set[int] = set()
    todo = list(children.get(code.pk, []))
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return found


def _check_parent(municipality: Municipality, code: Code | None, parent: Code | None) -> None:
    if parent is None:
        return
    if parent.municipality_id != municipality.pk:
        raise ValidationError({"parent": _("Choose a code of this codebook.")}, code="parent")
    if code is not None and (parent.pk == code.pk or parent.pk in descendant_ids(code)):
        raise ValidationError(
            {
                "parent": _(
                    "“%(code)s” cannot be part of “%(parent)s”: that code is “%(code)s” itself "
                    "or lies below it."
                )
                % {"code": code.name, "parent": parent.name}
            },
            code="cycle",
        )


def _check_unique(municipality, name: str, parent: Code | None, code: Code | None) -> None:
    siblings = Code.objects.filter(municipality=municipality, parent=parent, name__iexact=name)
    if code is not None:
        siblings = siblings.exclude(pk=code.pk)
    if siblings.exists():
        where = (
            _("under “%(parent)s”") % {"parent": parent.name}
            if parent is not None
            else _("at the top level")
        )
        raise ValidationError(
            {
                "name": _("There is already a code “%(name)s” %(where)s: choose another name.")
                % {"name": name, "where": where}
            },
            code="duplicate",
        )


def _next_position(municipality, parent: Code | None) -> int:
    top = Code.objects.filter(municipality=municipality, parent=parent).aggregate(m=Max("position"))
    return (top["m"] or 0) + 1


@transaction.atomic
def code_create(
    *, municipality: Municipality, name: str, parent: Code | None = None, description: str = ""
) -> Code:
    municipality = _locked_municipality(municipality)
    name = check_name(name)
    _check_parent(municipality, None, parent)
    _check_unique(municipality, name, parent, None)
    return Code.objects.create(
        municipality=municipality,
        parent=parent,
        name=name,
        description=(description or "").strip()[:300],
        position=_next_position(municipality, parent),
    )


@transaction.atomic
def code_update(*, code: Code, name: str, parent: Code | None, description: str = "") -> Code:
    municipality = _locked_municipality(code.municipality)
    code = Code.objects.get(pk=code.pk)
    name = check_name(name)
    _check_parent(municipality, code, parent)
    _check_unique(municipality, name, parent, code)
    if code.parent_id != (parent.pk if parent else None):
        code.position = _next_position(municipality, parent)
    code.name, code.parent, code.description = name, parent, (description or "").strip()[:300]
    code.save()
    return code


@transaction.atomic
def code_delete(*, code: Code) -> None:
    """Remove the code and the codes below it; passages keep their other codes."""
    _locked_municipality(code.municipality)
    Code.objects.filter(pk=code.pk).delete()


@transaction.atomic
def code_move(*, code: Code, direction: str) -> Code:
    """Move a code one place "up" or "down" among its siblings (nothing at either end)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose to move the code up or down."), code="direction")
    municipality = _locked_municipality(code.municipality)
    siblings = list(
        Code.objects.filter(municipality=municipality, parent_id=code.parent_id).order_by(
            "position", "name", "pk"
        )
    )
    for number, sibling in enumerate(siblings, start=1):  # renumber 1..n
        if sibling.position != number:
            sibling.position = number
            sibling.save(update_fields=["position"])
    index = next(i for i, s in enumerate(siblings) if s.pk == code.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return siblings[index]
    moved, swapped = siblings[index], siblings[other]
    moved.position, swapped.position = swapped.position, moved.position
    moved.save(update_fields=["position"])
    swapped.save(update_fields=["position"])
    return moved


@transaction.atomic
def codebook_start_from_kramfors(*, municipality: Municipality) -> int:
    """Fill an empty codebook with the Kramfors codes; returns how many were made."""
    municipality = _locked_municipality(municipality)
    if Code.objects.filter(municipality=municipality).exists():
        raise ValidationError(
            _("The codebook already has codes: the Kramfors codebook is only offered to start."),
            code="not_empty",
        )
    made = 0
    for position, (name, description, children) in enumerate(KRAMFORS_CODEBOOK, start=1):
        top = Code.objects.create(
            municipality=municipality,
            name=str(name),
            description=str(description),
            position=position,
        )
        made += 1
        for child_position, (child, child_description) in enumerate(children, start=1):
            Code.objects.create(
                municipality=municipality,
                parent=top,
                name=str(child),
                description=str(child_description),
                position=child_position,
            )
            made += 1
    return made
