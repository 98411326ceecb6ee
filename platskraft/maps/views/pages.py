"""The analysis page: staff's, and the published one (the same template, staff parts
left out)."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from platskraft.municipalities.views.generic import StaffView

from ..selectors import map_analysis, map_features
from .access import filters_of, public_survey, staff_survey

TABLE_ROWS_AT_MOST = 500


def _urls(survey, *, staff: bool) -> dict:
    prefix = "maps:staff_" if staff else "maps:"
    kwargs = {"municipality_slug": survey.municipality.slug, "pk": survey.pk}
    urls = {
        name: reverse(prefix + name, kwargs=kwargs)
        for name in ("analysis", "cells_geojson", "cells_csv", "map_svg")
    }
    if staff:
        urls["drawings"] = reverse("maps:staff_drawings", kwargs=kwargs)
        urls["results"] = reverse("surveys:staff_results", kwargs=kwargs)
    else:
        urls["results"] = reverse("surveys:results", kwargs=kwargs)
    return urls


def _page(request, survey, *, staff: bool):
    filters = filters_of(request, survey, staff=staff)
    analysis = map_analysis(survey=survey, filters=filters, public=not staff)
    layer_links = [
        (layer, filters.query(layer=layer["key"], choice=None)) for layer in analysis.layers
    ]
    return render(
        request,
        "maps/analysis.html",
        {
            "survey": survey,
            "analysis": analysis,
            "filters": filters,
            "staff": staff,
            "urls": _urls(survey, staff=staff),
            "query": filters.query(),
            "layer_links": layer_links,
            "table_rows": analysis.rows[:TABLE_ROWS_AT_MOST],
            "more_rows": max(0, len(analysis.rows) - TABLE_ROWS_AT_MOST),
            "features": map_features(analysis, survey.municipality),
            "resolutions": (8, 9, 10),
        },
    )


class StaffAnalysis(StaffView):
    def get(self, request, pk: int):
        return _page(request, staff_survey(request, pk), staff=True)


@require_GET
def public_analysis(request, pk: int):
    return _page(request, public_survey(request, pk), staff=False)
