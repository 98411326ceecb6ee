from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (
    Department,
    Financier,
    GovernanceGroup,
    GroupMember,
    Municipality,
    Phase,
    Process,
    Role,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def https_urls(field, **kwargs):
    """Addresses typed without a scheme are taken as https://."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


def add_errors(form: forms.BaseForm, errors: dict[str, list[str]]) -> None:
    for field, messages in errors.items():
        for message in messages:
            form.add_error(field, message)


class ProcessForm(forms.ModelForm):
    class Meta:
        model = Process
        fields = ["title", "summary", "body", "start_date", "end_date"]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "summary": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, parent: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = parent

    def _post_clean(self):
        super()._post_clean()
        if not self.errors and self.instance.start_date:
            add_errors(self, services.process_schedule_errors(self.instance))


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["name", "kind", "description", "start_date", "end_date"]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, parent: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.process = parent

    def _post_clean(self):
        super()._post_clean()
        start, end = self.cleaned_data.get("start_date"), self.cleaned_data.get("end_date")
        if start and end:
            add_errors(
                self,
                services.phase_schedule_errors(process=self.instance.process, phase=self.instance),
            )


class FinancierForm(forms.ModelForm):
    class Meta:
        model = Financier
        fields = ["name", "amount_sek", "start_year", "end_year", "note"]

    def __init__(self, *args, parent: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.process = parent


class GroupForm(forms.ModelForm):
    class Meta:
        model = GovernanceGroup
        fields = ["kind", "name", "description", "members_public"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, parent: Process, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.process = parent


class GroupMemberForm(forms.ModelForm):
    class Meta:
        model = GroupMember
        fields = ["name", "organisation", "role", "position"]

    def __init__(self, *args, parent: GovernanceGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.group = parent


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "kind", "email", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, parent: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = parent


class MunicipalitySettingsForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The languages residents can choose on this municipality's pages."),
    )

    class Meta:
        model = Municipality
        fields = [
            "name",
            "intro",
            "contact_email",
            "website",
            "centre_lat",
            "centre_lon",
            "publication_threshold",
            "moderation_mode",
            "languages",
        ]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4})}
        formfield_callback = https_urls

    def __init__(self, *args, parent: Municipality | None = None, **kwargs):
        super().__init__(*args, **kwargs)


class MembershipForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    display_name = forms.CharField(
        label=_("Name"),
        max_length=80,
        required=False,
        help_text=_("Used when the person has no account yet."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    department = forms.ModelChoiceField(
        label=_("Committee or department"),
        queryset=Department.objects.none(),
        required=False,
        help_text=_("Required for case handlers."),
    )

    def __init__(self, *args, municipality: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = municipality.departments.filter(is_active=True)

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.CASE_HANDLER and not data.get("department"):
            self.add_error("department", _("Choose the committee or department they handle."))
        return data
