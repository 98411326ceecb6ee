"""Staff forms of interviews: an interview with its consent record, a code, a coded
passage, and the filters of the counts. They check what a person typed and name the
field; the services check the rules (consent, masking, codebook cycles, finding text)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from platskraft.core.forms import add_errors as add_errors
from platskraft.municipalities.models import Process
from platskraft.surveys.models import Locality, PlaceKind

from .models import CODE_NAME_MAX, Code, Consent, Interview, InterviewKind, Segment
from .selectors.codebook import code_tree
from .selectors.counts import BY_LOCALITY, BY_SEGMENT, Filters
from .services.interviews import ConsentIn
from .services.passages import MEMO_MAX
from .services.transcripts import MAX_BYTES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {
    "invalid": _("Write the date as year-month-day, e.g. 2026-03-14."),
    "required": _("Write the date as year-month-day, e.g. 2026-03-14."),
}


class CodeChoice(forms.ModelChoiceField):
    def __init__(self, *args, labels: dict[int, str] | None = None, **kwargs):
        self.labels = labels or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        return self.labels.get(obj.pk, obj.name)


class CodesChoice(forms.ModelMultipleChoiceField):
    def __init__(self, *args, labels: dict[int, str] | None = None, **kwargs):
        self.labels = labels or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj) -> str:
        return self.labels.get(obj.pk, obj.name)


def _tree_choices(municipality):
    """The municipality's codes in tree order, and each code's label as its path."""
    nodes = code_tree(municipality)
    order = [node.code.pk for node in nodes]
    labels = {node.code.pk: node.label for node in nodes}
    return order, labels


def _ordered(queryset, order: list[int]):
    from django.db.models import Case, IntegerField, Value, When

    if not order:
        return queryset.none()
    return queryset.filter(pk__in=order).order_by(
        Case(
            *(When(pk=pk, then=Value(i)) for i, pk in enumerate(order)),
            output_field=IntegerField(),
        )
    )


class InterviewForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InterviewKind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE, error_messages=DATE_ERRORS)
    interviewer = forms.CharField(
        label=_("Interviewer"),
        max_length=120,
        error_messages={"required": _("Say who held the interview (a name or a role).")},
    )
    segment = forms.ChoiceField(
        label=_("Respondent"),
        choices=[("", _("Choose who the respondent is")), *Segment.choices],
        help_text=_("Who the respondent is, without naming them."),
        error_messages={"required": _("Choose who the respondent is.")},
    )
    locality = forms.ModelChoiceField(
        label=_("Locality"),
        queryset=Locality.objects.none(),
        required=False,
        empty_label=_("(not given)"),
        help_text=_("Where the respondent lives or the interview is about."),
    )
    title = forms.CharField(
        label=_("Short description"),
        max_length=160,
        required=False,
        help_text=_("e.g. “Shop owner in the town centre” — never a name."),
    )
    process = forms.ModelChoiceField(
        label=_("Development process"),
        queryset=Process.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )
    notes = forms.CharField(
        label=_("Notes or transcript"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Personal identity numbers (personnummer, samordningsnummer) are masked when "
            "the notes are saved."
        ),
    )
    transcript = forms.FileField(
        label=_("Or upload a transcript"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.docx,text/plain"}),
        help_text=_(
            "A text file (.txt) or a Word document (.docx) of at most %(size)s MB; its text "
            "replaces the notes above."
        )
        % {"size": MAX_BYTES // (1024 * 1024)},
    )
    respondent_name = forms.CharField(
        label=_("Respondent's name"),
        max_length=120,
        required=False,
        help_text=_("Leave it empty unless the respondent consented to being named."),
    )
    consent_given_on = forms.DateField(
        label=_("Consent given on"), required=False, widget=DATE, error_messages=DATE_ERRORS
    )
    consent_method = forms.ChoiceField(
        label=_("How consent was given"),
        choices=[("", _("(no consent recorded)")), *Consent.Method.choices],
        required=False,
    )
    consent_scope = forms.CharField(
        label=_("What the respondent agreed to"),
        max_length=300,
        required=False,
        help_text=_("e.g. “Name kept with the notes; quotes anonymous in reports.”"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    ABOUT = ("kind", "date", "interviewer", "segment", "locality", "title", "process")
    NOTES = ("notes", "transcript")
    CONSENT = ("respondent_name", "consent_given_on", "consent_method", "consent_scope")

    def __init__(self, *args, municipality, interview: Interview | None = None, **kwargs):
        if interview is not None and "initial" not in kwargs:
            consent = getattr(interview, "consent", None) if interview.pk else None
            active = consent is not None and consent.withdrawn_on is None
            kwargs["initial"] = {
                **{name: getattr(interview, name) for name in ("kind", "date", "interviewer")},
                "segment": interview.segment,
                "locality": interview.locality_id,
                "title": interview.title,
                "process": interview.process_id,
                "notes": interview.notes,
                "respondent_name": interview.respondent_name,
                "consent_given_on": consent.given_on if active else None,
                "consent_method": consent.method if active else "",
                "consent_scope": consent.scope if active else "",
                "version": interview.version,
            }
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = Locality.objects.filter(
            municipality=municipality, kind=PlaceKind.LOCALITY
        ).order_by("position", "name")
        self.fields["process"].queryset = Process.objects.filter(municipality=municipality)

    def group(self, names):
        return [self[name] for name in names]

    def about_fields(self):
        return self.group(self.ABOUT)

    def notes_fields(self):
        return self.group(self.NOTES)

    def consent_fields(self):
        return self.group(self.CONSENT)

    def clean(self):
        data = super().clean()
        given = {
            "consent_given_on": data.get("consent_given_on"),
            "consent_method": data.get("consent_method"),
            "consent_scope": (data.get("consent_scope") or "").strip(),
        }
        if any(given.values()) and not all(given.values()):
            messages = {
                "consent_given_on": _("Give the date consent was given."),
                "consent_method": _("Choose how consent was given."),
                "consent_scope": _("Say what the respondent agreed to."),
            }
            for name, value in given.items():
                if not value and name not in self.errors:
                    self.add_error(name, messages[name])
        return data

    def consent(self) -> ConsentIn | None:
        data = self.cleaned_data
        if not data.get("consent_method"):
            return None
        return ConsentIn(data["consent_given_on"], data["consent_method"], data["consent_scope"])

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.ABOUT}


class CodeForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=CODE_NAME_MAX,
        error_messages={"required": _("Give the code a name.")},
    )
    parent = CodeChoice(
        label=_("Part of"),
        queryset=Code.objects.none(),
        required=False,
        empty_label=_("(top level)"),
    )
    description = forms.CharField(
        label=_("When to use it"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, municipality, code: Code | None = None, **kwargs):
        if code is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": code.name,
                "parent": code.parent_id,
                "description": code.description,
            }
        order, labels = _tree_choices(municipality)
        super().__init__(*args, **kwargs)
        self.fields["parent"].labels = labels
        self.fields["parent"].queryset = _ordered(
            Code.objects.filter(municipality=municipality), order
        )


class PassageEditForm(forms.Form):
    codes = CodesChoice(
        label=_("Codes"),
        queryset=Code.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one code.")},
    )
    memo = forms.CharField(label=_("Memo"), max_length=MEMO_MAX, required=False)

    def __init__(self, *args, municipality, **kwargs):
        order, labels = _tree_choices(municipality)
        super().__init__(*args, **kwargs)
        self.fields["codes"].labels = labels
        self.fields["codes"].queryset = _ordered(
            Code.objects.filter(municipality=municipality), order
        )


class PassageForm(PassageEditForm):
    text = forms.CharField(
        label=_("Passage"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Select text in the notes above, or paste or type the passage here: it is "
            "looked up in the notes."
        ),
    )
    start = forms.IntegerField(label=_("From character"), min_value=0, required=False)
    end = forms.IntegerField(label=_("To character"), min_value=1, required=False)

    field_order = ["text", "start", "end", "codes", "memo"]


class CountsForm(forms.Form):
    by = forms.ChoiceField(
        label=_("Columns"),
        choices=[(BY_SEGMENT, _("Respondent segment")), (BY_LOCALITY, _("Locality"))],
        required=False,
        widget=forms.RadioSelect,
    )
    process = forms.ModelChoiceField(
        label=_("Development process"),
        queryset=Process.objects.none(),
        required=False,
        empty_label=_("(all)"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("(all)")), *InterviewKind.choices], required=False
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=DATE, error_messages=DATE_ERRORS
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=DATE, error_messages=DATE_ERRORS
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.filter(municipality=municipality)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(data["process"], data["kind"], data["date_from"], data["date_to"])

    def columns(self) -> str:
        if self.is_valid() and self.cleaned_data["by"] == BY_LOCALITY:
            return BY_LOCALITY
        return BY_SEGMENT
