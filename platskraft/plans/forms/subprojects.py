"""A sub-project (with the version it was opened at, for conflicts), its funding per
financier, milestones, dated updates, links to residents' input, and a sub-project made
from a citizen proposal."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platskraft.core.images import normalise_image
from platskraft.municipalities.models import Department

from ..models import Plan, PriorityArea, Status, SubProject
from ..models.plan import CODE_MAX, TITLE_MAX
from .plans import date_field

IMAGE_TYPES = "image/jpeg,image/png,image/webp"
MAX_SEK = 10**12

# The fields of a sub-project the form edits, in the order the form shows them.
SUBPROJECT_FIELDS = (
    "area",
    "parent",
    "code",
    "title",
    "description",
    "owner",
    "responsible",
    "start_date",
    "end_date",
    "status",
    "progress",
    "weight",
)


def amount_field(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_SEK,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
        error_messages={
            "min_value": _("An amount cannot be negative."),
            "max_value": _("The amount is too large."),
            "invalid": _("Write the amount in whole kronor, digits only, e.g. 150000."),
        },
    )


class SubProjectForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Priority area"),
        queryset=PriorityArea.objects.none(),
        empty_label=_("(choose an area)"),
        error_messages={"required": _("Choose the priority area the sub-project belongs to.")},
    )
    parent = forms.ModelChoiceField(
        label=_("Part of"),
        queryset=SubProject.objects.none(),
        required=False,
        empty_label=_("(directly under the area)"),
        help_text=_("A larger sub-project this one is a part of."),
    )
    code = forms.CharField(
        label=_("Code"),
        max_length=CODE_MAX,
        help_text=_("Unique in the plan, e.g. “3.2”."),
        error_messages={"required": _("Give the sub-project a code, e.g. “3.2”.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Give the sub-project a title.")},
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    owner = forms.ModelChoiceField(
        label=_("Owner (committee or department)"),
        queryset=Department.objects.none(),
        required=False,
        empty_label=_("(no owner yet)"),
    )
    responsible = forms.CharField(label=_("Responsible person"), max_length=120, required=False)
    start_date = date_field(_("Start"))
    end_date = date_field(_("End"))
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
        help_text=_("0–100. Leave empty to roll it up from milestones and parts, weighted."),
        error_messages={
            "min_value": _("Progress is a per cent from 0 to 100."),
            "max_value": _("Progress is a per cent from 0 to 100."),
            "invalid": _("Write progress as a whole number from 0 to 100."),
        },
    )
    weight = forms.DecimalField(
        label=_("Weight"),
        min_value=0,
        max_digits=6,
        decimal_places=2,
        initial=1,
        help_text=_("How much it counts in its area's or parent's progress; 1 is normal."),
        error_messages={
            "min_value": _("The weight cannot be negative."),
            "invalid": _("Write the weight as a number, e.g. 1 or 0.5."),
            "required": _("Write the weight as a number, e.g. 1."),
        },
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan: Plan, sub_project: SubProject | None = None, **kwargs):
        if sub_project is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(sub_project, name) for name in SUBPROJECT_FIELDS},
                "area": sub_project.area_id,
                "parent": sub_project.parent_id,
                "owner": sub_project.owner_id,
                "version": sub_project.version,
            }
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.sub_project = sub_project
        self.fields["area"].queryset = PriorityArea.objects.filter(plan=plan)
        parents = SubProject.objects.filter(plan=plan).order_by("code")
        if sub_project is not None:
            parents = parents.exclude(pk=sub_project.pk)
        else:
            del self.fields["version"]
        self.fields["parent"].queryset = parents
        self.fields["owner"].queryset = Department.objects.filter(
            municipality=plan.municipality
        ).order_by("name")

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        taken = SubProject.objects.filter(plan=self.plan, code=code)
        if self.sub_project is not None:
            taken = taken.exclude(pk=self.sub_project.pk)
        if taken.exists():
            raise ValidationError(
                _("Another sub-project of this plan has the code “%(code)s”.") % {"code": code}
            )
        return code

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date",
                _("The end cannot be before the start (%(start)s).") % {"start": start.isoformat()},
            )
        area, parent = data.get("area"), data.get("parent")
        if area and parent and parent.area_id != area.pk:
            self.add_error(
                "parent",
                _("“%(parent)s” belongs to another priority area.") % {"parent": parent},
            )
        if self.sub_project is not None and data.get("version") is None:
            self.add_error(None, _("The form is missing its version: open the page again."))
        return data

    def values(self) -> dict:
        """Keyword arguments for `subproject_create` / `subproject_update`."""
        data = self.cleaned_data
        values = {name: data[name] for name in SUBPROJECT_FIELDS}
        values["title"] = values["title"].strip()
        values["responsible"] = values["responsible"].strip()
        return values


class FundingRowForm(forms.Form):
    financier = forms.CharField(label=_("Financier"), max_length=160, required=False)
    planned_sek = amount_field(_("Planned (SEK)"))
    spent_sek = amount_field(_("Spent (SEK)"))

    def clean(self):
        data = super().clean()
        financier = (data.get("financier") or "").strip()
        data["financier"] = financier
        amounts = data.get("planned_sek") is not None or data.get("spent_sek") is not None
        if amounts and not financier:
            self.add_error("financier", _("Name the financier of these amounts."))
        return data


class BaseFundingFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            name = form.cleaned_data.get("financier", "")
            if not name:
                continue
            if name.casefold() in seen:
                form.add_error(
                    "financier",
                    _("“%(name)s” is named twice: give each financier one row.") % {"name": name},
                )
            seen.add(name.casefold())

    def rows(self) -> list[tuple[str, int, int]]:
        """(financier, planned, spent) for `funding_set`; blank rows left out."""
        return [
            (
                form.cleaned_data["financier"],
                form.cleaned_data.get("planned_sek") or 0,
                form.cleaned_data.get("spent_sek") or 0,
            )
            for form in self.forms
            if form.cleaned_data.get("financier")
        ]


FundingFormSet = forms.formset_factory(
    FundingRowForm, formset=BaseFundingFormSet, extra=2, max_num=50, validate_max=True
)


class MilestoneForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        error_messages={"required": _("Say what the milestone is.")},
    )
    due_date = date_field(_("Due"))
    done = forms.BooleanField(label=_("Done"), required=False)
    weight = forms.DecimalField(
        label=_("Weight"),
        min_value=0,
        max_digits=6,
        decimal_places=2,
        initial=1,
        help_text=_("How much it counts in the sub-project's progress; 1 is normal."),
        error_messages={
            "min_value": _("The weight cannot be negative."),
            "invalid": _("Write the weight as a number, e.g. 1 or 0.5."),
            "required": _("Write the weight as a number, e.g. 1."),
        },
    )

    def __init__(self, *args, milestone=None, **kwargs):
        if milestone is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(milestone, name) for name in self.base_fields}
        super().__init__(*args, **kwargs)

    def values(self) -> dict:
        data = self.cleaned_data
        return {**data, "title": data["title"].strip()}


class UpdateForm(forms.Form):
    date = date_field(_("Date"), required=True)
    text = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Shown to residents on the plan's timeline."),
        error_messages={"required": _("Write what happened.")},
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES}),
        help_text=_(
            "A JPEG, PNG or WebP picture of at most 8 MB. Location and camera data are removed."
        ),
    )
    photo_alt = forms.CharField(
        label=_("Photo description"),
        max_length=200,
        required=False,
        help_text=_("What the photo shows, for people who cannot see it. Needed with a photo."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        normalise_image(upload)  # a ValidationError on this field says what is wrong
        upload.seek(0)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("photo") and not data.get("photo_alt", "").strip():
            self.add_error("photo_alt", _("Describe the photo for people who cannot see it."))
        return data


class LinkSearchForm(forms.Form):
    """Find an input of the municipality: a kind, and words or a number."""

    kind = forms.ChoiceField(label=_("What residents said"))
    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        help_text=_("Words from the title or text, or the number."),
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds


class LinkForm(forms.Form):
    kind = forms.CharField(widget=forms.HiddenInput)
    target = forms.IntegerField(
        label=_("Input"),
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose what residents said to link.")},
    )
    note = forms.CharField(
        label=_("How it shaped the sub-project"),
        max_length=300,
        required=False,
        help_text=_("Shown to residents under “You said → we did”."),
    )


class FromProposalForm(forms.Form):
    """On the proposal's case page: which plan and area the new sub-project goes to."""

    area = forms.ModelChoiceField(
        label=_("Plan and priority area"),
        queryset=PriorityArea.objects.none(),
        empty_label=_("(choose an area)"),
        error_messages={"required": _("Choose the priority area the sub-project goes to.")},
    )
    code = forms.CharField(
        label=_("Code"),
        max_length=CODE_MAX,
        required=False,
        help_text=_("Leave empty to number it after the area's last sub-project."),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        areas = PriorityArea.objects.filter(plan__municipality=municipality).select_related("plan")
        self.fields["area"].queryset = areas.order_by("plan__title", "position", "code")
        self.fields["area"].label_from_instance = lambda a: f"{a.plan.title} – {a.code} {a.title}"

    def clean(self):
        data = super().clean()
        area, code = data.get("area"), (data.get("code") or "").strip()
        data["code"] = code or None
        if area and code and SubProject.objects.filter(plan=area.plan, code=code).exists():
            self.add_error(
                "code",
                _("Another sub-project of this plan has the code “%(code)s”.") % {"code": code},
            )
        return data
