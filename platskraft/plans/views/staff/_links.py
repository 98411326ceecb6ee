"""Reading links to residents' input for the staff pages: the kinds that can be linked, a
search among one kind's inputs of the municipality, and the links of a sub-project with
where each input can be read."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q

from ...models import Link, SubProject
from ...services.links import LINKABLE, Linkable

RESULTS = 20


def kinds() -> list[tuple[str, str]]:
    return [(spec.key, spec.verbose_name) for spec in LINKABLE.values()]


def spec_of(key: str) -> Linkable | None:
    return LINKABLE.get(key)


def search(spec: Linkable, municipality, query: str) -> list[dict]:
    """Inputs of one kind in the municipality whose number is the query, or whose text
    has every word of it; newest first, at most RESULTS."""
    found = spec.in_municipality(municipality)
    query = query.strip().lstrip("#")
    if query.isdigit():
        found = found.filter(pk=int(query))
    elif query and spec.search_fields:
        for word in query.split()[:8]:
            found = found.filter(
                reduce(or_, (Q(**{f"{name}__icontains": word}) for name in spec.search_fields))
            )
    return [
        {"pk": obj.pk, "label": spec.label(obj), "url": spec.url(obj)}
        for obj in found.order_by("-pk")[:RESULTS]
    ]


def link_rows(sub_project: SubProject) -> list[dict]:
    """The sub-project's links, each with its kind, label, note and the input's page (if it
    still exists and has one): "You said → we did"."""
    rows = []
    links = Link.objects.filter(sub_project=sub_project).select_related(
        "content_type", "created_by"
    )
    for link in links.order_by("created_at", "pk"):
        model = link.content_type.model_class()
        spec = next((s for s in LINKABLE.values() if model and s.model == model._meta.label), None)
        target = None
        if spec is not None:
            target = spec.find(sub_project.plan.municipality, link.object_id)
        rows.append(
            {
                "link": link,
                "kind": spec.verbose_name if spec else link.content_type.name,
                "url": spec.url(target) if spec and target is not None else None,
                "gone": target is None,
            }
        )
    return rows
