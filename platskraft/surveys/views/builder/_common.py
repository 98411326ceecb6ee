"""What the builder's views share: finding the survey and its parts inside the request's
municipality, the permission checks, addresses, and the shape of a POST-only action."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from platskraft.core.access import get_scoped_or_404, require_perm
from platskraft.municipalities.views.generic import StaffView

from ...forms.builder_survey import add_errors
from ...models import Survey

READ, WRITE = "surveys.view_staff", "surveys.change_survey"
DIRECTIONS = ("up", "down")


def staff_url(name: str, municipality, **kwargs) -> str:
    return reverse(f"surveys:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def survey_url(survey: Survey, anchor: str = "") -> str:
    url = staff_url("staff_survey", survey.municipality, pk=survey.pk)
    return f"{url}#{anchor}" if anchor else url


def question_url(question) -> str:
    return staff_url(
        "staff_question_edit",
        question.survey.municipality,
        pk=question.survey_id,
        question_id=question.pk,
    )


class SurveyMixin:
    """Loads `self.survey` (kwarg `pk`) after checking that the visitor reads the
    municipality's survey pages; `perm` is then checked on the survey."""

    perm = WRITE

    def load_survey(self) -> Survey:
        require_perm(self.request, READ, self.request.municipality)
        survey = get_scoped_or_404(
            Survey.objects.select_related("municipality", "process", "previous_round"),
            self.request.municipality,
            pk=self.kwargs["pk"],
        )
        require_perm(self.request, self.perm, survey)
        self.survey = survey
        return survey

    def child(self, model, kwarg: str, **lookup):
        """A section, question or option of the survey (404 for any other's)."""
        if model._meta.model_name == "option":
            lookup["question__survey"] = self.survey
        else:
            lookup["survey"] = self.survey
        return get_object_or_404(model.objects.all(), pk=self.kwargs[kwarg], **lookup)


def report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class ActionView(SurveyMixin, StaffView):
    """A button on the builder page: POST only, then back to where it was pressed."""

    http_method_names = ["post"]

    def act(self, survey):  # returns the address to go back to
        raise NotImplementedError

    def post(self, request, **kwargs):
        survey = self.load_survey()
        try:
            target = self.act(survey)
        except ValidationError as error:
            report(request, error)
            target = self.fallback(survey)
        return redirect(target)

    def fallback(self, survey) -> str:
        return survey_url(survey)

    def direction(self) -> str:
        direction = self.request.POST.get("direction", "")
        return direction if direction in DIRECTIONS else ""


class PartFormView(SurveyMixin, StaffView):
    """Add or edit one part of a survey (a section, an option) on a page of its own."""

    template_name = "surveys/staff/part_form.html"
    title_add = title_change = ""

    def get_object(self):  # None when adding
        return None

    def make_form(self, obj, data=None):
        raise NotImplementedError

    def save(self, form, obj):
        raise NotImplementedError

    def success_url(self, obj) -> str:
        return survey_url(self.survey)

    def render_form(self, form, obj):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "object": obj,
                "survey": self.survey,
                "title": self.title_change if obj is not None else self.title_add,
                "cancel_url": self.success_url(obj),
            },
        )

    def get(self, request, **kwargs):
        self.load_survey()
        obj = self.get_object()
        return self.render_form(self.make_form(obj), obj)

    def post(self, request, **kwargs):
        self.load_survey()
        obj = self.get_object()
        form = self.make_form(obj, request.POST)
        if form.is_valid():
            try:
                saved = self.save(form, obj)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(self.success_url(saved))
        return self.render_form(form, obj)


class PartDeleteView(SurveyMixin, StaffView):
    """Remove a part after confirming; a refusal is explained before anything is pressed."""

    def get_object(self):
        raise NotImplementedError

    def refusal(self, obj) -> str:
        return ""

    def delete(self, obj) -> None:
        raise NotImplementedError

    def success_url(self, obj) -> str:
        return survey_url(self.survey)

    def get(self, request, **kwargs):
        self.load_survey()
        obj = self.get_object()
        return render(
            request,
            "surveys/staff/confirm_delete.html",
            {
                "object": obj,
                "survey": self.survey,
                "refusal": self.refusal(obj),
                "cancel_url": self.success_url(obj),
            },
        )

    def post(self, request, **kwargs):
        self.load_survey()
        obj = self.get_object()
        name = str(obj)
        try:
            self.delete(obj)
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, _("“%(name)s” was removed.") % {"name": name})
        return redirect(self.success_url(obj))
