"""The plans residents may see, a plan's follow-up page and a sub-project's page."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from platskraft.core.access import get_scoped_or_404

from ... import charts
from ...models import Update
from ...selectors import public as selectors


@require_GET
def plan_list(request):
    return render(request, "plans/plan_list.html", {"plans": selectors.public_plans(request)})


@require_GET
def plan_detail(request, pk: int):
    plan = selectors.plan_for_residents(request, pk)
    page = selectors.follow_up_page(plan, request.GET)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "page": page,
            "is_public": selectors.is_public(plan),
            "status_chart": charts.status_by_area(page.areas, page.statuses),
            "budget_chart": charts.budget_by_financier(page.budget),
        },
    )


@require_GET
def sub_project_detail(request, pk: int, sp_pk: int):
    plan = selectors.plan_for_residents(request, pk)
    sub_project = selectors.sub_project_for_residents(request, plan, sp_pk)
    return render(
        request,
        "plans/sub_project_detail.html",
        {
            "plan": plan,
            "sp": sub_project,
            **selectors.sub_project_page(plan, sub_project, request.user),
        },
    )


@require_GET
def update_photo(request, pk: int, update_pk: int):
    plan = selectors.plan_for_residents(request, pk)
    update = get_scoped_or_404(
        Update.objects.all(), request.municipality, pk=update_pk, sub_project__plan=plan
    )
    if not update.photo:
        raise Http404
    try:
        handle = update.photo.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
