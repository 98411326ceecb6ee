"""Answering one section (page) of a survey: Next (or Send on the last page), Previous,
and “Save and continue later”. Works without JavaScript.

Next and Send are one action: after the answers are saved, the person goes on to the
next page that has questions for them, or, when none is left, the response is sent.
So a page's button says “Send” or “Next” from the answers known when it is shown, and
an answer on the page that opens a later page still leads there.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from platskraft.core.access import login_when_required

from ...answering import AnswerForm, Structure
from ...selectors import responses as reads
from ...services import responses as services
from ._blocks import blocks, error_links
from ._common import (
    already_page,
    closed_page,
    forget,
    keep_device,
    page_to_continue,
    remember,
    session_key,
    survey_for_residents,
    url,
    visit_for,
)

ACTIONS = {"next", "previous", "save"}


@method_decorator([login_when_required, never_cache], name="dispatch")
class AnswerSection(View):
    template_name = "surveys/answer_section.html"

    def dispatch(self, request, pk: int, section: int):
        survey = survey_for_residents(request, pk)
        if not survey.is_open():
            return closed_page(request, survey, status=403)
        self.visit = visit_for(request, survey)
        if not (self.visit.kiosk or request.user.has_perm("surveys.answer", survey)):
            raise Http404
        if self.visit.already_answered:
            return already_page(request, self.visit)
        self.survey = survey
        self.structure = Structure.load(survey)
        self.index = section - 1
        if not 0 <= self.index < len(self.structure.pages):
            raise Http404
        response = self.visit.response
        self.answers = dict(response.answers) if response is not None else {}
        self.items = reads.visible_items(
            self.structure, self.structure.pages[self.index], self.answers
        )
        if not reads.pages_asked(self.structure, self.answers):
            return redirect(url(request, "detail", pk=survey.pk))  # no questions at all
        reached = page_to_continue(self.structure, response)
        if section > reached or not self.items:
            # Not reached yet, or no question here for this person: go where they are.
            return redirect(self.page_url(reached))
        return super().dispatch(request, pk=pk, section=section)

    # --- pages ------------------------------------------------------------------------------

    def page_url(self, number: int) -> str:
        return url(self.request, "answer", pk=self.survey.pk, section=number)

    def asked(self, answers: dict) -> list[int]:
        return reads.pages_asked(self.structure, answers)

    def render_page(self, form, status: int = 200):
        question_blocks = blocks(form, self.structure)
        asked = self.asked(self.answers)
        later = [index for index in asked if index > self.index]
        earlier = [index for index in asked if index < self.index]
        return render(
            self.request,
            self.template_name,
            {
                "survey": self.survey,
                "section": self.structure.pages[self.index].section,
                "number": self.index + 1,
                "total": len(self.structure.pages),
                "form": form,
                "blocks": question_blocks,
                "error_links": error_links(question_blocks),
                "is_last": not later,
                "has_previous": bool(earlier),
                "kiosk": self.visit.kiosk,
                "may_save": self.visit.may_save_for_later,
                "has_conditions": any(block.show_if for block in question_blocks),
                "has_map": any(block.template for block in question_blocks),
            },
            status=status,
        )

    def get(self, request, pk: int, section: int):
        return self.render_page(AnswerForm(self.structure, self.items, self.answers))

    # --- saving -----------------------------------------------------------------------------

    def post(self, request, pk: int, section: int):
        action = request.POST.get("action", "next")
        if action not in ACTIONS or (action == "save" and not self.visit.may_save_for_later):
            action = "next"
        form = AnswerForm(self.structure, self.items, self.answers, data=request.POST)
        valid = form.is_valid()
        try:
            if action == "next":
                if not valid:
                    return self.render_page(form)
                return self.forward(form)
            return self.keep(form, action)
        except ValidationError as error:
            return self.refused(error)

    def refused(self, error: ValidationError):
        if error.code == "closed":
            return closed_page(self.request, self.survey, status=403)
        if error.code == "already_answered":
            return already_page(self.request, self.visit)
        # Sent meanwhile (another tab): nothing left to answer.
        forget(self.request, self.survey)
        return redirect(url(self.request, "thanks", pk=self.survey.pk))

    def forward(self, form):
        merged = {k: v for k, v in self.answers.items() if k not in form.cleared}
        merged.update(form.entries)
        later = [index for index in self.asked(merged) if index > self.index]
        visit = self.visit
        if later:
            response = services.response_save_answers(
                survey=self.survey,
                response=visit.response,
                respondent=visit.respondent,
                entries=form.entries,
                cleared=form.cleared,
                completed_pages=later[0],
            )
            remember(self.request, self.survey, response)
            return keep_device(redirect(self.page_url(later[0] + 1)), visit)
        result = services.response_submit(
            survey=self.survey,
            structure=self.structure,
            response=visit.response,
            respondent=visit.respondent,
            entries=form.entries,
            cleared=form.cleared,
        )
        if not result.complete:
            remember(self.request, self.survey, result.response)
            messages.error(self.request, _("A question that needs an answer is still unanswered."))
            return keep_device(redirect(self.page_url(result.missing_page + 1)), visit)
        forget(self.request, self.survey)
        return keep_device(redirect(url(self.request, "thanks", pk=self.survey.pk)), visit)

    def keep(self, form, action: str):
        """Previous, or Save and continue later: keep what is valid, ask for nothing."""
        visit = self.visit
        response = visit.response
        if response is not None or form.entries or action == "save":
            response = services.response_save_answers(
                survey=self.survey,
                response=response,
                respondent=visit.respondent,
                entries=form.entries,
                cleared=form.cleared,
            )
            remember(self.request, self.survey, response)
        if action == "previous":
            answers = response.answers if response is not None else self.answers
            earlier = [index for index in self.asked(answers) if index < self.index]
            target = (
                self.page_url(earlier[-1] + 1)
                if earlier
                else url(self.request, "detail", pk=self.survey.pk)
            )
            return keep_device(redirect(target), visit)
        key = session_key(self.survey, "resume")
        token = services.response_issue_resume(
            response=response, token=self.request.session.get(key, "")
        )
        self.request.session[key] = token
        return keep_device(redirect(url(self.request, "saved", pk=self.survey.pk)), visit)
