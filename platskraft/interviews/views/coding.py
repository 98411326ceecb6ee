"""Coding an interview: add a passage with its codes (from a selection in the notes, or
by its text or positions without JavaScript), change its codes and memo, remove it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from platskraft.municipalities.views.generic import StaffView

from ..forms import PassageEditForm, PassageForm, add_errors
from ..services import passages as services
from ._common import CODE, InterviewsMixin
from .interviews import render_interview


class PassageAdd(InterviewsMixin, StaffView):
    http_method_names = ["post"]

    def post(self, request, **kwargs):
        interview = self.interview(CODE)
        form = PassageForm(request.POST, municipality=request.municipality)
        if form.is_valid():
            data = form.cleaned_data
            try:
                passage = services.passage_create(
                    interview=interview,
                    by=request.user,
                    codes=data["codes"],
                    memo=data["memo"],
                    start=data["start"],
                    end=data["end"],
                    text=data["text"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The passage was coded already: it has your codes too.")
                    if getattr(passage, "already_coded", False)
                    else _("The passage was coded."),
                )
                return redirect(passage.get_absolute_url())
        return render_interview(request, interview, form)


class PassageEdit(InterviewsMixin, StaffView):
    def render_form(self, form, passage):
        return render(
            self.request,
            "interviews/staff/passage_form.html",
            {"form": form, "passage": passage, "interview": passage.interview},
        )

    def get(self, request, **kwargs):
        passage = self.passage(self.interview(CODE))
        form = PassageEditForm(
            municipality=request.municipality,
            initial={"codes": list(passage.codes.all()), "memo": passage.memo},
        )
        return self.render_form(form, passage)

    def post(self, request, **kwargs):
        passage = self.passage(self.interview(CODE))
        form = PassageEditForm(request.POST, municipality=request.municipality)
        if form.is_valid():
            try:
                services.passage_update(
                    passage=passage,
                    codes=form.cleaned_data["codes"],
                    memo=form.cleaned_data["memo"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The passage was saved."))
                return redirect(passage.get_absolute_url())
        return self.render_form(form, passage)


class PassageDelete(InterviewsMixin, StaffView):
    def get(self, request, **kwargs):
        interview = self.interview(CODE)
        passage = self.passage(interview)
        return render(
            request,
            "interviews/staff/confirm.html",
            {
                "interview": interview,
                "title": _("Remove the coded passage"),
                "quote": passage.text,
                "text": _("The passage loses its codes; the notes stay as they are."),
                "button": _("Remove the passage"),
                "cancel_url": passage.get_absolute_url(),
            },
        )

    def post(self, request, **kwargs):
        interview = self.interview(CODE)
        services.passage_delete(passage=self.passage(interview))
        messages.success(request, _("The coded passage was removed."))
        return redirect(interview.get_absolute_url() + "#passages")
