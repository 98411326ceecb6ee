"""The analysis as files: published cells (GeoJSON, CSV), the static map (SVG), and for
staff the raw drawings (GeoJSON, streamed)."""

from __future__ import annotations

import json

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from platskraft.municipalities.views.generic import StaffView
from platskraft.surveys.answering import Structure
from platskraft.surveys.exports import CSV_TYPE, csv_chunks

from ..exports import aggregates_geojson, csv_rows, map_svg
from ..selectors import map_analysis
from ..selectors.drawings import raw_features
from ..selectors.page import is_map
from .access import filters_of, public_survey, staff_survey

GEOJSON_TYPE = "application/geo+json"
SVG_TYPE = "image/svg+xml"


def _name(survey, what: str, suffix: str) -> str:
    return f"survey-{survey.pk}-{what}-{timezone.localdate().isoformat()}.{suffix}"


def _attach(response, name: str):
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def cells_geojson(request, survey, *, staff: bool):
    filters = filters_of(request, survey, staff=staff)
    data = aggregates_geojson(survey=survey, filters=filters, public=not staff)
    return _attach(
        HttpResponse(json.dumps(data, ensure_ascii=False), content_type=GEOJSON_TYPE),
        _name(survey, "map-cells", "geojson"),
    )


def cells_csv(request, survey, *, staff: bool):
    filters = filters_of(request, survey, staff=staff)
    return _attach(
        StreamingHttpResponse(
            csv_chunks(csv_rows(survey=survey, filters=filters, public=not staff)),
            content_type=CSV_TYPE,
        ),
        _name(survey, "map-cells", "csv"),
    )


def svg(request, survey, *, staff: bool):
    filters = filters_of(request, survey, staff=staff)
    analysis = map_analysis(survey=survey, filters=filters, public=not staff)
    text = map_svg(analysis, title=survey.title)
    response = HttpResponse(text, content_type=SVG_TYPE)
    layer = analysis.layer["key"] if analysis.layer else "map"
    response["Content-Disposition"] = f'inline; filename="{_name(survey, layer, "svg")}"'
    return response


VIEWS = {"cells_geojson": cells_geojson, "cells_csv": cells_csv, "map_svg": svg}


class StaffFile(StaffView):
    what = ""

    def get(self, request, pk: int):
        return VIEWS[self.what](request, staff_survey(request, pk), staff=True)


def public_file(what: str):
    @require_GET
    def view(request, pk: int):
        return VIEWS[what](request, public_survey(request, pk), staff=False)

    view.__name__ = f"public_{what}"
    return view


class StaffDrawings(StaffView):
    """Every drawing, picked place and described place, with an anonymous response number."""

    def get(self, request, pk: int):
        survey = staff_survey(request, pk, perm="surveys.view_responses")
        structure = Structure.load(survey)
        questions = [i.question for i in structure.all_items() if is_map(i)]
        wanted = filters_of(request, survey, staff=True).question
        question = next(
            (q for q in questions if q.pk == wanted), questions[0] if questions else None
        )

        def chunks():
            yield '{"type": "FeatureCollection", '
            yield '"properties": ' + json.dumps(
                {
                    "survey": survey.title,
                    "question": question.text if question else "",
                    "note": _("Respondents are numbered in the order their answers came in."),
                },
                ensure_ascii=False,
            )
            yield ', "features": ['
            if question is not None:
                for i, feature in enumerate(raw_features(survey=survey, question=question)):
                    yield ("," if i else "") + json.dumps(feature, ensure_ascii=False)
            yield "]}\n"

        return _attach(
            StreamingHttpResponse(chunks(), content_type=GEOJSON_TYPE),
            _name(survey, "map-drawings", "geojson"),
        )
