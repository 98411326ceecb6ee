"""Staff pages of answering: field mode (typing in paper answers), starting and leaving
kiosk mode on a tablet, and the list of responses with their duplicate flags."""

from __future__ import annotations

import copy
import dataclasses

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from platskraft.core.access import require_perm
from platskraft.municipalities.views.generic import StaffView

from ...answering import AnswerForm, Structure
from ...models import Channel
from ...selectors import responses as reads
from ...services import responses as services
from ._blocks import blocks, error_links
from ._common import kiosk_start, kiosk_stop, session_key, url

PAGE_SIZE = 50


def staff_survey_url(request, survey) -> str:
    """The survey's own staff page (the builder's)."""
    return url(request, "staff_survey", pk=survey.pk)


def survey_for(request, pk: int, perm: str):
    survey = reads.survey_get_for(request, pk)
    require_perm(request, perm, survey)
    return survey


class ChannelForm(forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("Where does the answer come from?"),
        choices=[(channel.value, channel.label) for channel in services.FIELD_CHANNELS],
    )


def _not_required(items):
    """Paper forms come with questions left blank: type in what the form says."""
    relaxed = []
    for item in items:
        question = copy.copy(item.question)
        question.required = False
        relaxed.append(dataclasses.replace(item, question=question))
    return relaxed


@method_decorator(never_cache, name="dispatch")
class FieldEntry(StaffView):
    """Every question on one page, for typing in paper answers quickly."""

    template_name = "surveys/staff/field.html"

    def load(self, request, pk: int):
        self.survey = survey_for(request, pk, "surveys.enter_paper")
        self.structure = Structure.load(self.survey)
        self.items = _not_required(self.structure.all_items())

    def render_page(self, channel_form, form, status: int = 200):
        question_blocks = blocks(form, self.structure)
        return render(
            self.request,
            self.template_name,
            {
                "survey": self.survey,
                "channel_form": channel_form,
                "form": form,
                "blocks": question_blocks,
                "error_links": error_links(question_blocks),
                "today": reads.entered_today(survey=self.survey, user=self.request.user),
                "back_url": staff_survey_url(self.request, self.survey),
                "has_conditions": any(block.show_if for block in question_blocks),
                "has_map": any(block.template for block in question_blocks),
            },
            status=status,
        )

    def get(self, request, pk: int):
        self.load(request, pk)
        channel = request.session.get(session_key(self.survey, "channel"), Channel.PAPER)
        return self.render_page(
            ChannelForm(initial={"channel": channel}),
            AnswerForm(self.structure, self.items, {}),
        )

    def post(self, request, pk: int):
        self.load(request, pk)
        channel_form = ChannelForm(request.POST)
        form = AnswerForm(self.structure, self.items, {}, data=request.POST)
        channel_ok = channel_form.is_valid()
        if not (form.is_valid() and channel_ok):
            return self.render_page(channel_form, form)
        channel = channel_form.cleaned_data["channel"]
        try:
            response = services.response_enter(
                survey=self.survey,
                structure=self.structure,
                entries=form.entries,
                channel=channel,
                entered_by=request.user,
            )
        except ValidationError as error:
            channel_form.add_error(None, error)
            return self.render_page(channel_form, form)
        request.session[session_key(self.survey, "channel")] = channel
        messages.success(request, _("Response %(number)s saved.") % {"number": response.pk})
        return redirect(url(request, "staff_field", pk=self.survey.pk))


class KioskStart(StaffView):
    """Turn this browser (a tablet at a meeting) into a kiosk for the survey."""

    def get(self, request, pk: int):
        survey = survey_for(request, pk, "surveys.run_kiosk")
        return render(
            request,
            "surveys/staff/kiosk_start.html",
            {"survey": survey, "back_url": staff_survey_url(request, survey)},
        )

    def post(self, request, pk: int):
        survey = survey_for(request, pk, "surveys.run_kiosk")
        kiosk_start(request, survey)
        return redirect(url(request, "detail", pk=survey.pk))


class KioskStop(StaffView):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        survey = reads.survey_get_for(request, pk)
        require_perm(request, "surveys.view_staff", request.municipality)
        kiosk_stop(request, survey)
        messages.success(request, _("Kiosk mode is off in this browser."))
        return redirect(staff_survey_url(request, survey))


class ResponseList(StaffView):
    def get(self, request, pk: int):
        survey = survey_for(request, pk, "surveys.view_responses")
        responses = reads.response_list_for_staff(survey=survey)
        page = Paginator(responses, PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "surveys/staff/responses.html",
            {
                "survey": survey,
                "page": page,
                "counts": reads.response_counts(survey=survey),
                "back_url": staff_survey_url(request, survey),
            },
        )
