"""The answering engine shared by residents' pages, field mode, kiosks and imports.

`Structure` is a survey read once (sections, questions, options); `AnswerForm` takes
the answers to some of its questions (a section page, or every question in field mode),
applies the display conditions and the required rule, and hands back what to store.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .kinds import Choice, field_name, kind_of
from .models import Option, OptionRole, Question, Section, Survey


@dataclass
class Item:
    """A question with its type, options and rows, ready to ask."""

    question: Question
    choices: list[Choice] = field(default_factory=list)
    rows: list[Choice] = field(default_factory=list)

    @property
    def kind(self):
        return kind_of(self.question)

    def fields(self) -> dict:
        return self.kind.fields(self.question, self.choices, self.rows)


@dataclass
class Page:
    section: Section
    items: list[Item]


@dataclass
class Structure:
    survey: Survey
    pages: list[Page]
    items: dict[int, Item]  # by question pk

    @classmethod
    def load(cls, survey: Survey) -> Structure:
        """The survey's sections, questions and options in three queries."""
        sections = list(survey.sections.all())
        questions = list(
            Question.objects.filter(survey=survey).order_by(
                "section__position", "section_id", "position", "pk"
            )
        )
        options: dict[int, dict[str, list[Choice]]] = defaultdict(lambda: defaultdict(list))
        for option in Option.objects.filter(question__survey=survey).order_by("position", "pk"):
            options[option.question_id][option.role].append(
                Choice(option.value, option.label, option.is_other)
            )
        items = {
            q.pk: Item(q, options[q.pk][OptionRole.CHOICE], options[q.pk][OptionRole.ROW])
            for q in questions
        }
        by_section: dict[int, list[Item]] = defaultdict(list)
        for q in questions:
            by_section[q.section_id].append(items[q.pk])
        return cls(survey, [Page(s, by_section[s.pk]) for s in sections], items)

    def all_items(self) -> list[Item]:
        return [item for page in self.pages for item in page.items]

    def is_shown(self, item: Item, answers: dict) -> bool:
        """Whether the question is asked, given the answers so far (display condition)."""
        question = item.question
        if not question.condition_question_id:
            return True
        source = self.items.get(question.condition_question_id)
        if source is None or not self.is_shown(source, answers):
            return False
        chosen = source.kind.codes(answers.get(source.question.key))
        return bool(chosen & set(question.condition_values or []))


class AnswerForm(forms.Form):
    """The answers to `items` (a page, or every question), on top of `answers` already
    stored. After `is_valid()`, `entries` holds what to store and `cleared` the keys of
    questions not shown (their old answers are removed)."""

    def __init__(self, structure: Structure, items: list[Item], answers: dict, *args, **kwargs):
        self.structure = structure
        self.items = items
        self.answers = dict(answers or {})
        self.entries: dict = {}
        self.cleared: set[str] = set()
        initial = {}
        for item in items:
            initial.update(item.kind.initial(item.question, self.answers, item.choices, item.rows))
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for item in items:
            for name, form_field in item.fields().items():
                if not form_field.label:
                    form_field.label = item.question.text
                self.fields[name] = form_field

    def groups(self):
        """(item, bound fields) per question, for the template's fieldsets."""
        for item in self.items:
            yield item, [self[name] for name in item.fields()]

    def clean(self):
        data = super().clean()
        merged = dict(self.answers)
        for item in self.items:
            question = item.question
            for key in (question.key, f"{question.key}.other"):
                merged.pop(key, None)
            if not self.structure.is_shown(item, merged):
                self.cleared.update({question.key, f"{question.key}.other"})
                continue
            first = (
                field_name(question)
                if field_name(question) in self.fields
                else next(iter(item.fields()), None)
            )
            if any(name in self.errors for name in item.fields()):
                continue
            try:
                stored = item.kind.entries(question, data, item.choices, item.rows)
            except ValidationError as error:
                self.add_error(first, error)
                continue
            if question.required and question.key not in stored:
                self.add_error(first, _("This question needs an answer."))
                continue
            merged.update(stored)
            self.entries.update(stored)
            if f"{question.key}.other" not in stored:
                self.cleared.add(f"{question.key}.other")
            if question.key not in stored:
                self.cleared.add(question.key)
        return data
