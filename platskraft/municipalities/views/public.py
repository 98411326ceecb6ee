from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from platskraft.core.activities import activities_for

from .. import selectors
from ..models.process import ProcessStatus


@require_GET
def landing(request):
    query = request.GET.get("q", "").strip()
    municipalities = selectors.municipality_list(query=query)
    return render(
        request,
        "municipalities/landing.html",
        {"municipalities": municipalities, "query": query},
    )


def _with_timelines(processes, today):
    return [(p, selectors.process_timeline(p, today)) for p in processes]


@require_GET
def home(request):
    today = timezone.localdate()
    processes = selectors.process_list(
        municipality=request.municipality, status=ProcessStatus.PUBLISHED
    )
    return render(
        request,
        "municipalities/home.html",
        {"processes": _with_timelines(processes, today)},
    )


PAGE_SIZE = 20
PROCESS_FILTERS = {"": None, "ongoing": ProcessStatus.PUBLISHED, "closed": ProcessStatus.CLOSED}


@require_GET
def process_list(request):
    chosen = request.GET.get("status", "")
    if chosen not in PROCESS_FILTERS:
        chosen = ""
    processes = selectors.process_list(
        municipality=request.municipality, status=PROCESS_FILTERS[chosen]
    )
    page = Paginator(processes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "municipalities/process_list.html",
        {
            "processes": _with_timelines(page.object_list, timezone.localdate()),
            "page": page,
            "chosen": chosen,
        },
    )


@require_GET
def process_detail(request, pk: int):
    process = selectors.process_get_for(request, pk)
    return render(
        request,
        "municipalities/process_detail.html",
        {
            "process": process,
            "timeline": selectors.process_timeline(process),
            "financing_total": selectors.financing_total(process),
            "activities": activities_for(process, request.user),
        },
    )
