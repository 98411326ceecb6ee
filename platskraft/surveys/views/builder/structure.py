"""Staff pages of a survey's sections and questions: add, edit, remove, move, duplicate,
change a question's type and its display condition."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platskraft.municipalities.views.generic import StaffView

from ...forms.builder_questions import ConditionForm, KindForm, QuestionForm
from ...forms.builder_survey import SectionForm, add_errors
from ...kinds import REGISTRY, kind_of
from ...models import OptionRole, Question, Section
from ...selectors import builder as selectors
from ...services import builder_options, builder_structure
from ._common import (
    ActionView,
    PartDeleteView,
    PartFormView,
    SurveyMixin,
    question_url,
    staff_url,
    survey_url,
)

# --- Sections ---------------------------------------------------------------------------------


class SectionFormView(PartFormView):
    title_add = gettext_lazy("New section")
    title_change = gettext_lazy("Edit section")

    def get_object(self):
        return self.child(Section, "section_id") if "section_id" in self.kwargs else None

    def make_form(self, obj, data=None):
        return SectionForm(data, instance=obj)

    def save(self, form, obj):
        values = {key: form.cleaned_data[key] for key in ("title", "description")}
        if obj is None:
            return builder_structure.section_create(survey=self.survey, **values)
        return builder_structure.section_update(section=obj, **values)

    def success_url(self, obj):
        return survey_url(self.survey, f"section-{obj.pk}" if obj is not None else "")


class SectionDelete(PartDeleteView):
    def get_object(self):
        return self.child(Section, "section_id")

    def refusal(self, obj):
        return builder_structure.section_delete_refusal(obj)

    def delete(self, obj):
        builder_structure.section_delete(section=obj)

    def success_url(self, obj):
        return survey_url(self.survey, "sections")


class SectionMove(ActionView):
    def act(self, survey):
        section = self.child(Section, "section_id")
        builder_structure.section_move(section=section, direction=self.direction())
        return survey_url(survey, f"section-{section.pk}")


# --- Questions --------------------------------------------------------------------------------


def _question_values(data: dict) -> dict:
    return {
        "text": data["text"],
        "help_text": data.get("help_text", ""),
        "required": data.get("required", False),
        "code": data.get("code", ""),
        "settings": data.get("settings", {}),
    }


class QuestionAdd(SurveyMixin, StaffView):
    """First the question type (a plain GET form), then what the question asks."""

    def render_form(self, section, form):
        return render(
            self.request,
            "surveys/staff/question_form.html",
            {
                "survey": self.survey,
                "section": section,
                "form": form,
                "kind": form.kind,
                "kind_key": form.kind.key,
                "title": _("New question: %(kind)s") % {"kind": form.kind.label},
                "cancel_url": survey_url(self.survey, f"section-{section.pk}"),
            },
        )

    def get(self, request, **kwargs):
        self.load_survey()
        section = self.child(Section, "section_id")
        kind = request.GET.get("kind", "")
        if kind not in REGISTRY:
            return render(
                request,
                "surveys/staff/question_kind.html",
                {
                    "survey": self.survey,
                    "section": section,
                    "form": KindForm(request.GET or None),
                    "cancel_url": survey_url(self.survey, f"section-{section.pk}"),
                },
            )
        return self.render_form(section, QuestionForm(kind=kind, survey=self.survey))

    def post(self, request, **kwargs):
        survey = self.load_survey()
        section = self.child(Section, "section_id")
        kind = request.POST.get("kind", "")
        if kind not in REGISTRY:
            messages.error(request, _("Choose a question type."))
            return redirect(
                staff_url(
                    "staff_question_add", survey.municipality, pk=survey.pk, section_id=section.pk
                )
            )
        form = QuestionForm(request.POST, kind=kind, survey=survey)
        if form.is_valid():
            data = form.cleaned_data
            try:
                question = builder_structure.question_create(
                    section=section,
                    kind=kind,
                    options=data["option_lines"],
                    rows=data["row_lines"],
                    **_question_values(data),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The question was added."))
                return redirect(survey_url(survey, f"question-{question.pk}"))
        return self.render_form(section, form)


class QuestionEdit(SurveyMixin, StaffView):
    """What the question asks and its settings, with its options and rows, its type and
    its display condition."""

    def render_form(self, question, form):
        kind = kind_of(question)
        options = list(question.options.order_by("position", "pk"))
        structure = selectors.survey_outline(survey=self.survey)
        return render(
            self.request,
            "surveys/staff/question_form.html",
            {
                "survey": self.survey,
                "question": question,
                "section": question.section,
                "form": form,
                "kind": kind,
                "kind_key": question.kind,
                "title": _("Edit question"),
                "cancel_url": survey_url(self.survey, f"question-{question.pk}"),
                "choices": [o for o in options if o.role == OptionRole.CHOICE],
                "rows": [o for o in options if o.role == OptionRole.ROW],
                "kind_form": KindForm(initial={"kind": question.kind}),
                "has_answers": selectors.question_has_answers(question),
                "condition": selectors.condition_summaries(structure=structure).get(question.pk),
                "dependents": list(question.dependents.order_by("section__position", "position")),
                "is_locality": (question.settings or {}).get("segment") == "locality",
            },
        )

    def get(self, request, **kwargs):
        survey = self.load_survey()
        question = self.child(Question, "question_id")
        return self.render_form(
            question, QuestionForm(kind=question.kind, survey=survey, question=question)
        )

    def post(self, request, **kwargs):
        survey = self.load_survey()
        question = self.child(Question, "question_id")
        form = QuestionForm(request.POST, kind=question.kind, survey=survey, question=question)
        if form.is_valid():
            try:
                builder_structure.question_update(
                    question=question,
                    section=form.cleaned_data["section"],
                    **_question_values(form.cleaned_data),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The question was saved."))
                return redirect(survey_url(survey, f"question-{question.pk}"))
        return self.render_form(question, form)


class QuestionKindChange(ActionView):
    def act(self, survey):
        question = self.child(Question, "question_id")
        form = KindForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose a question type."))
        question = builder_structure.question_change_kind(
            question=question, kind=form.cleaned_data["kind"]
        )
        messages.success(
            self.request,
            _("The question is now of the type “%(kind)s”. Check its settings.")
            % {"kind": kind_of(question).label},
        )
        return question_url(question)

    def fallback(self, survey):
        return question_url(self.child(Question, "question_id"))


class QuestionCondition(SurveyMixin, StaffView):
    def make_form(self, question, data=None):
        structure = selectors.survey_outline(survey=self.survey)
        sources = selectors.condition_sources(structure=structure, question=question)
        return ConditionForm(data, sources=sources, question=question)

    def render_form(self, question, form):
        return render(
            self.request,
            "surveys/staff/question_condition.html",
            {
                "survey": self.survey,
                "question": question,
                "form": form,
                "cancel_url": question_url(question),
            },
        )

    def get(self, request, **kwargs):
        self.load_survey()
        question = self.child(Question, "question_id")
        return self.render_form(question, self.make_form(question))

    def post(self, request, **kwargs):
        self.load_survey()
        question = self.child(Question, "question_id")
        # "Always show" sends no answers: an empty condition.
        form = self.make_form(question, {} if request.POST.get("clear") else request.POST)
        if form.is_valid():
            source_id = form.cleaned_data["source_id"]
            source = self.survey.questions.filter(pk=source_id).first() if source_id else None
            try:
                builder_structure.question_set_condition(
                    question=question, source=source, values=form.cleaned_data["values"]
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The display condition was saved.")
                    if source
                    else _("The question is always shown."),
                )
                return redirect(question_url(question))
        return self.render_form(question, form)


class QuestionDelete(PartDeleteView):
    def get_object(self):
        return self.child(Question, "question_id")

    def refusal(self, obj):
        return builder_structure.question_delete_refusal(obj)

    def delete(self, obj):
        builder_structure.question_delete(question=obj)

    def success_url(self, obj):
        return survey_url(self.survey, f"section-{obj.section_id}")


class QuestionMove(ActionView):
    def act(self, survey):
        question = self.child(Question, "question_id")
        builder_structure.question_move(question=question, direction=self.direction())
        return survey_url(survey, f"question-{question.pk}")


class QuestionDuplicate(ActionView):
    def act(self, survey):
        copy = builder_structure.question_duplicate(question=self.child(Question, "question_id"))
        messages.success(self.request, _("The question was duplicated: this is the copy."))
        return question_url(copy)


class QuestionRefreshLocalities(ActionView):
    def act(self, survey):
        question = self.child(Question, "question_id")
        counts = builder_options.question_refresh_localities(question=question)
        messages.success(
            self.request,
            _(
                "The options follow the list of localities: %(added)s added, %(removed)s "
                "removed, %(kept)s kept because answers or a condition hold them."
            )
            % counts,
        )
        return question_url(question)

    def fallback(self, survey):
        return question_url(self.child(Question, "question_id"))
