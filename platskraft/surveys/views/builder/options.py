"""Staff pages of a question's answer options and matrix rows: add, edit, remove, move."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy

from ...forms.builder_questions import OptionForm
from ...kinds import kind_of
from ...models import Option, OptionRole, Question
from ...services import builder_options
from ._common import ActionView, PartDeleteView, PartFormView, question_url


class _OptionPart:
    def question(self) -> Question:
        if not hasattr(self, "_question"):
            self._question = self.child(Question, "question_id")
        return self._question

    def get_object(self):
        if "option_id" not in self.kwargs:
            return None
        return self.child(Option, "option_id", question=self.question())

    def success_url(self, obj):
        return question_url(self.question()) + "#options"


class OptionFormView(_OptionPart, PartFormView):
    def role(self, obj) -> str:
        role = obj.role if obj is not None else self.kwargs.get("role", "")
        if role not in OptionRole.values:
            raise Http404
        return role

    @property
    def title_add(self):
        if self.kwargs.get("role") == OptionRole.ROW:
            return gettext_lazy("New row")
        return gettext_lazy("New answer option")

    @property
    def title_change(self):
        obj = self.get_object()
        if obj is not None and obj.role == OptionRole.ROW:
            return gettext_lazy("Edit row")
        return gettext_lazy("Edit answer option")

    def make_form(self, obj, data=None):
        role = self.role(obj)
        kind = kind_of(self.question())
        return OptionForm(
            data,
            instance=obj,
            question=self.question(),
            role=role,
            allows_other=kind.allows_other and role == OptionRole.CHOICE,
        )

    def save(self, form, obj):
        data = form.cleaned_data
        values = {"label": data["label"], "is_other": data.get("is_other", False)}
        if obj is None:
            return builder_options.option_create(
                question=self.question(), role=self.role(None), value=data.get("value"), **values
            )
        return builder_options.option_update(option=obj, value=data["value"], **values)


class OptionDelete(_OptionPart, PartDeleteView):
    def refusal(self, obj):
        return builder_options.option_delete_refusal(obj)

    def delete(self, obj):
        builder_options.option_delete(option=obj)


class OptionMove(_OptionPart, ActionView):
    def act(self, survey):
        builder_options.option_move(option=self.get_object(), direction=self.direction())
        return self.success_url(None)

    def fallback(self, survey):
        return self.success_url(None)
