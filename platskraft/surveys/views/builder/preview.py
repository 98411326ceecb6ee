"""The preview: staff answer a survey page by page as residents would, and nothing is
stored. The answers so far travel in a signed hidden field, so that display conditions
work across pages."""

from __future__ import annotations

from django.core import signing
from django.http import Http404
from django.shortcuts import render

from platskraft.municipalities.views.generic import StaffView

from ...answering import AnswerForm, Structure
from ..answer._blocks import blocks, error_links
from ._common import READ, SurveyMixin

SALT = "surveys.preview"


def _load_state(raw: str) -> dict:
    try:
        state = signing.loads(raw or "", salt=SALT)
    except signing.BadSignature:
        return {}
    return state if isinstance(state, dict) else {}


def _asked(structure: Structure, items, answers: dict) -> list:
    """The page's questions to show: all but those whose condition depends on an earlier
    page and is not met (a condition on the same page cannot be known before sending)."""
    here = {item.question.pk for item in items}
    return [
        item
        for item in items
        if item.question.condition_question_id in here or structure.is_shown(item, answers)
    ]


def _step(structure: Structure, index: int, answers: dict, step: int) -> int:
    """The next page (step 1) or previous (-1) that asks something; len(pages) at the end."""
    index += step
    while 0 <= index < len(structure.pages):
        if _asked(structure, structure.pages[index].items, answers):
            return index
        index += step
    return max(index, 0) if step < 0 else len(structure.pages)


class Preview(SurveyMixin, StaffView):
    perm = READ

    def page(self, structure, index: int, answers: dict, data=None):
        items = _asked(structure, structure.pages[index].items, answers)
        return AnswerForm(structure, items, answers, data=data)

    def show(self, structure, index: int, answers: dict, form=None):
        pages = structure.pages
        context = {
            "survey": self.survey,
            "structure": structure,
            "state": signing.dumps(answers, salt=SALT),
            "page_count": len(pages),
        }
        if index >= len(pages):
            context["finished"] = True
        else:
            form = form or self.page(structure, index, answers)
            context.update(
                {
                    "page": pages[index],
                    "number": index + 1,
                    "form": form,
                    "progress": round(100 * index / len(pages)),
                    "is_first": index == 0,
                }
            )
            question_blocks = blocks(form, structure)
            context.update(
                {
                    "blocks": question_blocks,
                    "error_links": error_links(question_blocks),
                    "has_map": any(block.template for block in question_blocks),
                }
            )
        return render(self.request, "surveys/staff/preview.html", context)

    def get(self, request, pk, number=1):
        survey = self.load_survey()
        structure = Structure.load(survey)
        if not structure.pages:
            return self.show(structure, 0, {})
        if not 1 <= number <= len(structure.pages):
            raise Http404
        return self.show(structure, number - 1, {})

    def post(self, request, pk, number=1):
        survey = self.load_survey()
        structure = Structure.load(survey)
        if not 1 <= number <= len(structure.pages):
            raise Http404
        index = number - 1
        answers = _load_state(request.POST.get("state", ""))
        if request.POST.get("back"):
            return self.show(structure, _step(structure, index, answers, -1), answers)
        form = self.page(structure, index, answers, data=request.POST)
        if not form.is_valid():
            return self.show(structure, index, answers, form)
        answers = {k: v for k, v in answers.items() if k not in form.cleared}
        answers.update(form.entries)
        return self.show(structure, _step(structure, index, answers, 1), answers)
