"""The plan itself, its priority areas, and its revisions (mark one, compare two)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platskraft.core.forms import add_errors as add_errors
from platskraft.municipalities.models import Process

from ..models import Plan, PriorityArea, Revision
from ..models.plan import CODE_MAX, TITLE_MAX

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label, *, required=False, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DATE,
        help_text=help_text,
        error_messages={
            "invalid": _("Write the date as year-month-day, e.g. 2026-03-14."),
            "required": _("Write the date as year-month-day, e.g. 2026-03-14."),
        },
    )


class PlanForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Give the plan a title.")},
    )
    process = forms.ModelChoiceField(
        label=_("Process"),
        queryset=Process.objects.none(),
        required=False,
        empty_label=_("(the municipality as a whole)"),
        help_text=_("The dialogue process the plan came out of, if any."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the plan is for and how it was made; shown to residents."),
    )

    def __init__(self, *args, municipality, plan: Plan | None = None, **kwargs):
        if plan is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": plan.title,
                "process": plan.process_id,
                "description": plan.description,
            }
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.filter(municipality=municipality)

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"].strip(),
            "process": data["process"],
            "description": data["description"],
        }


class AreaForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=CODE_MAX,
        help_text=_("A short number or name that is unique in the plan, e.g. “3”."),
        error_messages={"required": _("Give the area a code, e.g. “3”.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Give the area a title.")},
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    goal = forms.CharField(
        label=_("Goal"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    indicator_target = forms.CharField(
        label=_("Indicator target"),
        max_length=300,
        required=False,
        help_text=_("For example “200 more residents by 2020”."),
    )

    def __init__(self, *args, plan: Plan, area: PriorityArea | None = None, **kwargs):
        if area is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(area, name) for name in self.base_fields}
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.area = area

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        taken = PriorityArea.objects.filter(plan=self.plan, code=code)
        if self.area is not None:
            taken = taken.exclude(pk=self.area.pk)
        if taken.exists():
            raise ValidationError(
                _("Another area of this plan has the code “%(code)s”.") % {"code": code}
            )
        return code

    def values(self) -> dict:
        data = self.cleaned_data
        return {name: data[name].strip() if name == "title" else data[name] for name in data}


class RevisionForm(forms.Form):
    label = forms.CharField(
        label=_("Name"),
        max_length=160,
        help_text=_("What this state of the plan is, e.g. “Steering group 2026-03-14”."),
        error_messages={"required": _("Name the revision, e.g. “Steering group 2026-03-14”.")},
    )
    date = date_field(_("Date"), required=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)


NOW = "now"


class CompareForm(forms.Form):
    """Two revisions of the plan (or a revision and the plan as it is now)."""

    old = forms.ChoiceField(label=_("From"))
    new = forms.ChoiceField(label=_("To"))

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.revisions = {
            str(r.pk): r for r in Revision.objects.filter(plan=plan).order_by("date", "pk")
        }
        choices = [(pk, str(r)) for pk, r in self.revisions.items()]
        self.fields["old"].choices = choices
        self.fields["new"].choices = [*choices, (NOW, _("The plan as it is now"))]
        self.fields["old"].error_messages["invalid_choice"] = _(
            "Choose a revision of this plan to compare from."
        )
        self.fields["new"].error_messages["invalid_choice"] = _(
            "Choose a revision of this plan, or the plan as it is now, to compare to."
        )

    def clean(self):
        data = super().clean()
        if data.get("old") and data.get("old") == data.get("new"):
            self.add_error("new", _("Choose two different revisions to compare."))
        return data

    def chosen(self) -> tuple[Revision, Revision | None]:
        """The old revision and the new one (None: the plan as it is now)."""
        data = self.cleaned_data
        return self.revisions[data["old"]], self.revisions.get(data["new"])
