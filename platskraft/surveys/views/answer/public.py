"""Residents' survey pages around the answering: the list, a survey's introduction, the
resume link (after “Save and continue later”, and opening it), and the thank-you page."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from platskraft.core.access import LoginRequired, login_when_required

from ...answering import Structure
from ...selectors import responses as reads
from ._common import (
    already_page,
    closed_page,
    kiosk_active,
    link_invalid_page,
    page_to_continue,
    remember,
    results_url,
    session_key,
    survey_for_residents,
    url,
    visit_for,
)


@require_GET
def survey_list(request):
    open_, upcoming, closed = reads.survey_list_public(municipality=request.municipality)
    for survey in closed:
        survey.results_link = results_url(survey)
    return render(
        request,
        "surveys/survey_list.html",
        {"open_surveys": open_, "upcoming": upcoming, "closed": closed},
    )


@login_when_required
@require_GET
@never_cache
def survey_detail(request, pk: int):
    survey = survey_for_residents(request, pk)
    if not survey.is_open():
        return closed_page(request, survey)
    try:
        visit = visit_for(request, survey)
    except LoginRequired:
        visit = None  # signed-in answering: the page says to log in
    if visit is not None and visit.already_answered:
        return already_page(request, visit)
    structure = Structure.load(survey)
    response = visit.response if visit is not None else None
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "question_count": len(structure.items),
            "page_count": len(structure.pages),
            "visit": visit,
            "started": response is not None,
            "start_url": url(
                request, "answer", pk=survey.pk, section=page_to_continue(structure, response)
            ),
            "kiosk": visit is not None and visit.kiosk,
        },
    )


@login_when_required
@require_GET
@never_cache
def resume(request, pk: int, token: str):
    """Open a resume link: go on from the first page not yet completed."""
    survey = survey_for_residents(request, pk)
    if not survey.is_open():
        return closed_page(request, survey, status=403)
    if kiosk_active(request, survey):
        return link_invalid_page(request, survey)
    response = reads.response_for_resume(survey=survey, token=token)
    if response is None:
        return link_invalid_page(request, survey)
    if response.user_id is not None and response.user_id != request.user.pk:
        if not request.user.is_authenticated:
            raise LoginRequired
        return link_invalid_page(request, survey)
    remember(request, survey, response)
    request.session[session_key(survey, "resume")] = token
    structure = Structure.load(survey)
    return redirect(
        url(request, "answer", pk=survey.pk, section=page_to_continue(structure, response))
    )


@login_when_required
@require_GET
@never_cache
def saved(request, pk: int):
    """The resume link, after “Save and continue later”."""
    survey = survey_for_residents(request, pk)
    if not survey.is_open():
        return closed_page(request, survey, status=403)
    token = request.session.get(session_key(survey, "resume"))
    if not token or kiosk_active(request, survey):
        return redirect(url(request, "detail", pk=survey.pk))
    visit = visit_for(request, survey)
    if visit.response is None or visit.already_answered:
        return redirect(url(request, "detail", pk=survey.pk))
    structure = Structure.load(survey)
    return render(
        request,
        "surveys/answer_saved.html",
        {
            "survey": survey,
            "resume_url": request.build_absolute_uri(
                url(request, "resume", pk=survey.pk, token=token)
            ),
            "continue_url": url(
                request,
                "answer",
                pk=survey.pk,
                section=page_to_continue(structure, visit.response),
            ),
            "signed_in": visit.respondent.user is not None,
        },
    )


@login_when_required
@require_GET
@never_cache
def thanks(request, pk: int):
    survey = survey_for_residents(request, pk)
    kiosk = kiosk_active(request, survey)
    return render(
        request,
        "surveys/answer_thanks.html",
        {
            "survey": survey,
            "kiosk": kiosk,
            "restart_url": url(request, "detail", pk=survey.pk),
            "results_url": results_url(survey),
            "process_url": (
                survey.process.get_absolute_url()
                if survey.process_id and survey.process.is_public
                else ""
            ),
        },
    )
