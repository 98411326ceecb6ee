"""The results pages (residents' once published, and staff's) and the free-text answers."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from platskraft.core.access import get_scoped_or_404, require_perm
from platskraft.municipalities.views.generic import StaffView

from ...models import Question, Survey, SurveyStatus
from ...selectors import texts
from ...selectors.results import survey_results

TEXTS_PER_PAGE = 50


def _number(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _survey(request, pk: int) -> Survey:
    return get_scoped_or_404(
        Survey.objects.select_related("municipality", "previous_round", "process"),
        request.municipality,
        pk=pk,
    )


def _results(request, survey: Survey, *, public: bool):
    return survey_results(
        survey=survey,
        public=public,
        by=_number(request.GET.get("by")),
        question=_number(request.GET.get("question")),
    )


@require_GET
def public_results(request, pk: int):
    """Residents' results page: only once staff publish it (staff may look before)."""
    survey = _survey(request, pk)
    if not request.user.has_perm("surveys.view_results", survey):
        raise Http404
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "results": _results(request, survey, public=True),
            "published": survey.results_public and survey.status != SurveyStatus.DRAFT,
        },
    )


class StaffMixin:
    def load(self, request, pk: int) -> Survey:
        require_perm(request, "surveys.view_staff", request.municipality)
        survey = _survey(request, pk)
        require_perm(request, "surveys.view_results", survey)
        return survey


class StaffResults(StaffMixin, StaffView):
    def get(self, request, pk: int):
        survey = self.load(request, pk)
        results = _results(request, survey, public=False)
        texts.attach_previews(survey=survey, results=results)
        return render(
            request,
            "surveys/staff/results.html",
            {
                "survey": survey,
                "results": results,
                "published": survey.results_public and survey.status != SurveyStatus.DRAFT,
            },
        )


class StaffTexts(StaffMixin, StaffView):
    """One question's free-text answers (or its “other, namely” texts), searchable."""

    def get(self, request, pk: int, question_id: int):
        survey = self.load(request, pk)
        question = get_object_or_404(Question, survey=survey, pk=question_id)
        other = request.GET.get("other") == "1"
        search = request.GET.get("q", "")[:200]
        answers = texts.text_answers(survey=survey, question=question, other=other, search=search)
        page = Paginator(answers, TEXTS_PER_PAGE).get_page(request.GET.get("page"))
        return render(
            request,
            "surveys/staff/results_texts.html",
            {
                "survey": survey,
                "question": question,
                "other": other,
                "search": search,
                "page": page,
                "count": len(answers),
            },
        )
