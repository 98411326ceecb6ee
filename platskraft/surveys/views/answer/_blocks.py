"""A page's questions made ready for the template, whatever their type.

Each question becomes a `Block`: a fieldset with the question as its legend (or a plain
label when the answer is one box to type in), its help text and errors linked with
aria-describedby, and its `Part`s: the answer fields. A part that is a group of radio
buttons or check boxes gets a fieldset of its own (a matrix row, say) unless it is the
question's own answer. Nothing here knows the question types: it reads the form fields
the type made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.forms import BoundField
from django.utils.translation import gettext as _

from ...answering import AnswerForm, Item, Structure
from ...kinds import field_name


@dataclass
class Part:
    field: BoundField
    group: bool  # radio buttons or check boxes: the options are listed one by one
    main: bool  # the question's own answer (the question text labels it)
    anchor: str  # the id the error summary links to
    error_id: str
    # "fieldset": a group with a legend of its own (a matrix row); "label": a box with a
    # label of its own (a ranking place, “other, namely”); "": labelled by the question.
    wrap: str = ""


@dataclass
class Block:
    item: Item
    parts: list[Part]
    anchor: str
    help_id: str = ""
    condition_id: str = ""
    condition: str = ""  # “Answer if you answered …”, for a condition on this page
    show_if: str = ""  # the field name the condition reads (for the optional script)
    show_values: list = field(default_factory=list)
    # A question type with a template of its own (the map question) and what it needs.
    template: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def question(self):
        return self.item.question

    @property
    def fieldset(self) -> bool:
        """A legend for a group of answers; a label for one box to type in."""
        return len(self.parts) != 1 or self.parts[0].group

    @property
    def errors(self) -> list[str]:
        return [error for part in self.parts if part.main for error in part.field.errors]

    @property
    def describedby(self) -> str:
        ids = [i for i in (self.condition_id, self.help_id) if i]
        ids += [part.error_id for part in self.parts if part.main and part.field.errors]
        return " ".join(ids)


def _is_group(bound: BoundField) -> bool:
    return getattr(bound.field.widget, "input_type", "") in ("radio", "checkbox")


def _part(bound: BoundField, main: bool) -> Part:
    group = _is_group(bound)
    anchor = bound.auto_id
    if group and bound.subwidgets:
        anchor = bound.subwidgets[0].id_for_label
    return Part(bound, group, main, anchor, f"{bound.auto_id}_error")


def _choice_labels(item: Item) -> dict:
    main = item.fields().get(field_name(item.question))
    labels = {}
    for value, label in getattr(main, "choices", []) or []:
        labels[value] = label
    for choice in item.choices:
        labels.setdefault(choice.value, choice.label)
    return labels


def condition_text(structure: Structure, item: Item) -> str:
    question = item.question
    source = structure.items.get(question.condition_question_id)
    if source is None:
        return ""
    labels = _choice_labels(source)
    names = [f"“{labels.get(value, value)}”" for value in question.condition_values or []]
    return _("Answer if you answered %(answers)s to “%(question)s” above.") % {
        "answers": _(" or ").join(names),
        "question": source.question.text,
    }


def blocks(form: AnswerForm, structure: Structure) -> list[Block]:
    """The form's questions as blocks, with the accessibility attributes set on the fields."""
    on_page = {item.question.pk for item in form.items}
    result = []
    for item, bounds in form.groups():
        question = item.question
        main_name = field_name(question)
        parts = [_part(bound, bound.name == main_name) for bound in bounds]
        if len(parts) == 1:
            parts[0].main = True
        block = Block(item, parts, parts[0].anchor if parts else "")
        if question.help_text:
            block.help_id = f"q{question.pk}-help"
        if question.condition_question_id in on_page:
            source = structure.items[question.condition_question_id]
            block.condition = condition_text(structure, item)
            block.condition_id = f"q{question.pk}-condition"
            block.show_if = field_name(source.question)
            block.show_values = [str(value) for value in question.condition_values or []]
        for part in parts:
            if part.group and not part.main:
                part.wrap = "fieldset"
            elif not part.group and (not part.main or block.fieldset):
                part.wrap = "label"
            ids = []
            if part.main and not block.fieldset:
                ids += [i for i in (block.condition_id, block.help_id) if i]
            if part.field.errors and not (part.group and part.main):
                ids.append(part.error_id)
            if ids and not part.group:
                part.field.field.widget.attrs["aria-describedby"] = " ".join(ids)
        if item.kind.template:
            block.template = item.kind.template
            block.extra = item.kind.block_context(question, block)
        result.append(block)
    return result


def error_links(block_list: list[Block]) -> list[tuple[str, str]]:
    """(anchor, text) for the error summary: each error names its question (and row)."""
    links = []
    for block in block_list:
        for part in block.parts:
            for error in part.field.errors:
                if part.main:
                    text = f"{block.question.text} – {error}"
                else:
                    text = f"{block.question.text} – {part.field.label}: {error}"
                links.append((part.anchor, text))
    return links
