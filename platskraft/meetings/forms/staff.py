"""Staff forms: a meeting (with the version it was opened on), a registration question,
cancelling, attendance by audience, the minutes and the outcomes."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from platskraft.core.audiences import Audience
from platskraft.core.forms import add_errors as add_errors
from platskraft.municipalities.forms import https_urls
from platskraft.municipalities.models import Phase, Process

from ..models import Meeting, RegistrationQuestion
from ..models.meeting import OUTCOME_MAX
from ..services.meetings import MEETING_FIELDS

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
COORDINATE = forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"})


class MeetingForm(forms.ModelForm):
    """Everything about a meeting except its status (publish and cancel are buttons)."""

    audiences = forms.MultipleChoiceField(
        label=_("Audience"),
        choices=Audience.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Whom the meeting is for; attendance is counted by the same groups."),
    )
    phase = forms.TypedChoiceField(
        label=_("Phase"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("A phase of the chosen process."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        formfield_callback = https_urls
        fields = [f for f in MEETING_FIELDS if f not in ("audiences", "phase")]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "registration_closes_at": DATETIME,
            "latitude": COORDINATE,
            "longitude": COORDINATE,
        }
        help_texts = {
            "place_name": _("For example “Town library, the large hall”."),
            "latitude": _("The map point, in decimal degrees, e.g. 62.9279. Optional."),
            "longitude": _("For example 17.7809."),
            "online_url": _("For online meetings, or to follow a meeting from home."),
            "registration_open": _("Residents can register on the meeting's page."),
            "registration_closes_at": _("Empty: registration closes when the meeting starts."),
        }

    field_order = ["version", "title", "kind", "process", "phase", *MEETING_FIELDS]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        processes = list(
            Process.objects.filter(municipality=municipality).order_by("-start_date", "title")
        )
        self.fields["process"].queryset = Process.objects.filter(municipality=municipality)
        self.fields["process"].help_text = _("The development process the meeting belongs to.")
        phases = Phase.objects.filter(process__in=processes).order_by("start_date", "pk")
        grouped: dict[int, list] = {}
        for phase in phases:
            grouped.setdefault(phase.process_id, []).append((phase.pk, phase.name))
        self.fields["phase"].choices = [("", "---------")] + [
            (process.title, grouped[process.pk]) for process in processes if process.pk in grouped
        ]
        self.municipality = municipality
        if self.instance.pk and not self.is_bound:
            self.initial["phase"] = self.instance.phase_id
            self.initial["audiences"] = list(self.instance.audiences)
            self.initial["version"] = self.instance.version

    def clean_phase(self):
        pk = self.cleaned_data.get("phase")
        if pk is None:
            return None
        phase = (
            Phase.objects.filter(pk=pk, process__municipality=self.municipality)
            .select_related("process")
            .first()
        )
        if phase is None:
            raise ValidationError(_("Choose a phase from the list."))
        return phase

    def clean(self):
        data = super().clean()
        phase, process = data.get("phase"), data.get("process")
        if phase is not None and phase.process_id != getattr(process, "pk", None):
            if process is None:
                self.add_error("phase", _("Choose the process before its phase."))
            else:
                self.add_error(
                    "phase",
                    gettext(
                        "This phase belongs to another process: choose a phase of “%(process)s”."
                    )
                    % {"process": process.title},
                )
        return data

    def _post_clean(self):
        # The service checks the model (with the lock held); nothing is set on the
        # instance here, so a refused save leaves the stored meeting as it was.
        pass

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in MEETING_FIELDS}


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of answer"),
        choices=RegistrationQuestion.Kind.choices,
        initial=RegistrationQuestion.Kind.TEXT,
        widget=forms.RadioSelect,
    )
    choices = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For “one of several options”: one option per line."),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def __init__(self, *args, question: RegistrationQuestion | None = None, **kwargs):
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "text": question.text,
                "kind": question.kind,
                "choices": "\n".join(question.choices),
                "required": question.required,
            }
        super().__init__(*args, **kwargs)

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "kind": data["kind"],
            "required": data["required"],
            "choices": [line for line in data["choices"].splitlines() if line.strip()],
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the meeting is cancelled"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the meeting's page and e-mailed to everyone registered."),
    )


class AttendanceForm(forms.Form):
    """A number of participants per audience; no names."""

    def __init__(self, *args, counts: dict[str, int] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        counts = counts or {}
        for value, label in Audience.choices:
            self.fields[value] = forms.IntegerField(
                label=label,
                required=False,
                min_value=0,
                max_value=100_000,
                initial=counts.get(value),
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
                error_messages={
                    "min_value": _("A number of participants cannot be negative."),
                    "invalid": _("Write a whole number, e.g. 12."),
                },
            )

    def counts(self) -> dict[str, int | None]:
        return {value: self.cleaned_data.get(value) for value in Audience.values}


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("What was said and agreed. Write no names of residents."),
    )
    publish = forms.BooleanField(
        label=_("Published: the minutes, the outcomes and the attendance are public"),
        required=False,
    )


class OutcomesAddForm(forms.Form):
    texts = forms.CharField(
        label=_("New outcomes"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["texts"].help_text = gettext(
            "One outcome per line: a short statement of what the meeting came to, at most "
            "%(max)s characters each."
        ) % {"max": OUTCOME_MAX}

    def lines(self) -> list[str]:
        return [line for line in self.cleaned_data["texts"].splitlines() if line.strip()]

    def clean_texts(self):
        texts = self.cleaned_data["texts"]
        too_long = [
            str(number)
            for number, line in enumerate((x for x in texts.splitlines() if x.strip()), start=1)
            if len(" ".join(line.split())) > OUTCOME_MAX
        ]
        if too_long:
            raise ValidationError(
                gettext("Line %(lines)s is longer than %(max)s characters: say it shorter.")
                % {"lines": ", ".join(too_long), "max": OUTCOME_MAX}
            )
        return texts


class OutcomeForm(forms.Form):
    text = forms.CharField(
        label=_("Outcome"),
        max_length=OUTCOME_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": OUTCOME_MAX}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = gettext("At most %(max)s characters.") % {
            "max": OUTCOME_MAX
        }
