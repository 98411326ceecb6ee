"""Staff pages of whole surveys: the list, a new survey, the builder page, its settings,
publish/close/open again, delete a draft, duplicate."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platskraft.core.access import require_perm
from platskraft.municipalities.models import Process
from platskraft.municipalities.views.generic import StaffView

from ...forms.builder_survey import DuplicateForm, SurveyForm, add_errors
from ...models import SurveyStatus
from ...selectors import builder as selectors
from ...services import builder as services
from ._common import READ, WRITE, ActionView, SurveyMixin, report, staff_url, survey_url


class SurveyList(StaffView):
    def get(self, request):
        municipality = request.municipality
        require_perm(request, READ, municipality)
        surveys = selectors.staff_survey_list(municipality=municipality)
        return render(request, "surveys/staff/survey_list.html", {"surveys": surveys})


class SurveyCreate(StaffView):
    def load(self):
        require_perm(self.request, READ, self.request.municipality)
        require_perm(self.request, "surveys.manage", self.request.municipality)
        return self.request.municipality

    def render_form(self, form):
        return render(
            self.request,
            "surveys/staff/part_form.html",
            {
                "form": form,
                "title": _("New survey"),
                "cancel_url": staff_url("staff_list", self.request.municipality),
            },
        )

    def get(self, request):
        municipality = self.load()
        initial = {}
        process_id = request.GET.get("process", "")
        if (
            process_id.isdigit()
            and Process.objects.filter(municipality=municipality, pk=process_id).exists()
        ):
            initial["process"] = int(process_id)
        return self.render_form(SurveyForm(municipality=municipality, initial=initial))

    def post(self, request):
        municipality = self.load()
        form = SurveyForm(request.POST, municipality=municipality)
        if form.is_valid():
            try:
                survey = services.survey_create(municipality=municipality, values=form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, _("The survey was created as a draft. Now add its questions.")
                )
                return redirect(survey_url(survey))
        return self.render_form(form)


class SurveyDetail(SurveyMixin, StaffView):
    """The builder page: settings at a glance, sections and questions, status buttons."""

    perm = READ

    def get(self, request, pk):
        survey = self.load_survey()
        structure = selectors.survey_outline(survey=survey)
        counts = selectors.survey_response_counts(survey=survey)
        return render(
            request,
            "surveys/staff/survey_detail.html",
            {
                "survey": survey,
                "outline": selectors.builder_pages(
                    structure=structure, any_answers=counts["total"] > 0
                ),
                "counts": counts,
                "problems": (
                    services.publish_problems(survey) if survey.status == SurveyStatus.DRAFT else []
                ),
                "can_change": request.user.has_perm(WRITE, survey),
                "delete_refusal": services.delete_refusal(survey),
            },
        )


class SurveySettings(SurveyMixin, StaffView):
    def render_form(self, form):
        return render(
            self.request,
            "surveys/staff/part_form.html",
            {
                "form": form,
                "survey": self.survey,
                "title": _("Settings of the survey"),
                "cancel_url": survey_url(self.survey),
            },
        )

    def get(self, request, pk):
        survey = self.load_survey()
        return self.render_form(SurveyForm(instance=survey, municipality=survey.municipality))

    def post(self, request, pk):
        survey = self.load_survey()
        form = SurveyForm(request.POST, instance=survey, municipality=survey.municipality)
        if form.is_valid():
            try:
                services.survey_update(survey=survey, values=form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The settings were saved."))
                return redirect(survey_url(survey))
        return self.render_form(form)


STATUS_ACTIONS = {
    "publish": (services.survey_publish, gettext_lazy("The survey is published.")),
    "close": (
        services.survey_close,
        gettext_lazy("The survey is closed. Every answer is kept."),
    ),
    "reopen": (services.survey_reopen, gettext_lazy("The survey is open again.")),
}


class SurveyStatusChange(ActionView):
    def act(self, survey):
        action = self.request.POST.get("action", "")
        if action not in STATUS_ACTIONS:
            raise ValidationError(_("Unknown action."))
        service, done = STATUS_ACTIONS[action]
        service(survey=survey)
        messages.success(self.request, str(done))
        return survey_url(survey)


class SurveyDelete(SurveyMixin, StaffView):
    def get(self, request, pk):
        survey = self.load_survey()
        return render(
            request,
            "surveys/staff/confirm_delete.html",
            {
                "object": survey,
                "survey": survey,
                "refusal": services.delete_refusal(survey),
                "cancel_url": survey_url(survey),
            },
        )

    def post(self, request, pk):
        survey = self.load_survey()
        try:
            services.survey_delete(survey=survey)
        except ValidationError as error:
            report(request, error)
            return redirect(survey_url(survey))
        messages.success(request, _("“%(name)s” was removed.") % {"name": survey.title})
        return redirect(staff_url("staff_list", survey.municipality))


class SurveyDuplicate(SurveyMixin, StaffView):
    def render_form(self, form):
        return render(
            self.request,
            "surveys/staff/survey_duplicate.html",
            {"form": form, "survey": self.survey, "cancel_url": survey_url(self.survey)},
        )

    def get(self, request, pk):
        self.load_survey()
        require_perm(request, "surveys.manage", request.municipality)
        return self.render_form(DuplicateForm())

    def post(self, request, pk):
        survey = self.load_survey()
        require_perm(request, "surveys.manage", request.municipality)
        form = DuplicateForm(request.POST)
        if not form.is_valid():
            return self.render_form(form)
        copy = services.survey_duplicate(
            survey=survey, as_next_round=form.cleaned_data["as_next_round"]
        )
        messages.success(request, _("This is the copy, a draft. Change what you need."))
        return redirect(survey_url(copy))
