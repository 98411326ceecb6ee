"""Forms of the staff side: moderation, routing, status, scores, channels and their parts.

The case forms carry the proposal's `version` as a hidden field; the service refuses
a change made from an older version. Their ids get a prefix (`auto_id`) so that several
forms share one page without clashing ids, while the field names stay plain.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from platskraft.municipalities.models import Department, Municipality, Phase

from .models import (
    DECIDED,
    EXPLANATION_MAX,
    Category,
    Channel,
    Criterion,
    Proposal,
    Status,
    Visibility,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REASON_MAX = 1000


class ModerateForm(forms.Form):
    """Publish a proposal, or hide it with a reason the author is told."""

    APPROVE, HIDE = "approve", "hide"

    reason = forms.CharField(
        label=_("Reason for hiding"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to hide. The author is told this reason and can read it."),
    )

    def __init__(self, *args, proposal: Proposal, **kwargs):
        kwargs.setdefault("auto_id", "moderate-%s")
        super().__init__(*args, **kwargs)
        self.proposal = proposal

    @property
    def can_approve(self) -> bool:
        return self.proposal.visibility in (Visibility.PENDING, Visibility.HIDDEN)

    @property
    def can_hide(self) -> bool:
        return self.proposal.visibility in (Visibility.PENDING, Visibility.PUBLISHED)

    def clean(self):
        # The action is the button pressed (name="action"), not a field of its own.
        data = super().clean()
        action = self.data.get("action")
        if action not in (self.APPROVE, self.HIDE):
            raise forms.ValidationError(_("Choose whether to publish or hide the proposal."))
        data["action"] = action
        if action == self.HIDE and not (data.get("reason") or "").strip():
            self.add_error(
                "reason", _("Give a reason: the author is told why the proposal was hidden.")
            )
        return data


def staff_users(municipality: Municipality):
    """People who hold a role in the municipality: those a case can be handed to."""
    return (
        get_user_model()
        .objects.filter(memberships__municipality=municipality, is_active=True)
        .distinct()
        .order_by("display_name", "email")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name} ({obj.email})" if obj.display_name else obj.email


class RouteForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Committee or department"),
        queryset=Department.objects.none(),
        empty_label=_("Choose…"),
        error_messages={"required": _("Choose the committee or department that handles the case.")},
    )
    case_number = forms.CharField(
        label=_("Case number"),
        max_length=40,
        required=False,
        help_text=_("The registry number (diarienummer), e.g. KS 2026/123."),
    )
    handler = PersonChoiceField(
        label=_("Case handler"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Nobody named yet"),
    )
    response_due = forms.DateField(
        label=_("Answer due"),
        required=False,
        widget=DATE,
        help_text=_("When the resident can expect an answer. Shown as overdue after this day."),
    )
    explanation = forms.CharField(
        label=_("Public explanation"),
        max_length=EXPLANATION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Residents and the author read where the proposal went and why."),
        error_messages={"required": _("Tell residents where the proposal was sent and why.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, proposal: Proposal, **kwargs):
        kwargs.setdefault("auto_id", "route-%s")
        kwargs.setdefault(
            "initial",
            {
                "department": proposal.department_id,
                "case_number": proposal.case_number,
                "handler": proposal.handler_id,
                "response_due": proposal.response_due,
                "version": proposal.version,
            },
        )
        super().__init__(*args, **kwargs)
        municipality = proposal.municipality
        self.fields["department"].queryset = Department.objects.filter(
            municipality=municipality, is_active=True
        )
        self.fields["handler"].queryset = staff_users(municipality)


def status_choices(proposal: Proposal) -> list:
    """The statuses the case may move to; decisions grouped apart (they become the answer)."""
    following = proposal.next_statuses()
    steps = [(s, Status(s).label) for s in following if s not in DECIDED]
    decisions = [(s, Status(s).label) for s in following if s in DECIDED]
    choices: list = [("", _("Choose…")), *steps]
    if decisions:
        choices.append((_("Decisions – the explanation becomes the official answer"), decisions))
    return choices


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    explanation = forms.CharField(
        label=_("Public explanation (the official answer for a decision)"),
        max_length=EXPLANATION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Residents read this in the proposal's history. When the new status is a "
            "decision (approved, partly approved or rejected), it is published as the "
            "municipality's official answer."
        ),
        error_messages={"required": _("Explain the change to residents.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, proposal: Proposal, **kwargs):
        kwargs.setdefault("auto_id", "status-%s")
        kwargs.setdefault("initial", {"version": proposal.version})
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = status_choices(proposal)
        self.fields["status"].error_messages["required"] = _("Choose the new status.")


SCORE_CHOICES = [("", _("Not scored")), *[(str(n), str(n)) for n in range(6)]]


class ScoresForm(forms.Form):
    """One 0–5 score and a reason for each criterion of the proposal's channel."""

    def __init__(self, *args, proposal: Proposal, criteria: list[Criterion], **kwargs):
        kwargs.setdefault("auto_id", "scores-%s")
        current = {s.criterion_id: s for s in proposal.scores.all()}
        initial = {}
        for criterion in criteria:
            score = current.get(criterion.pk)
            initial[f"score_{criterion.pk}"] = "" if score is None else str(score.value)
            initial[f"reason_{criterion.pk}"] = score.reason if score else ""
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            help_parts = [criterion.description] if criterion.description else []
            help_parts.append(_("Weight %(weight)s.") % {"weight": criterion.weight})
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=_("Score (0–5): %(criterion)s") % {"criterion": criterion.name},
                choices=SCORE_CHOICES,
                required=False,
                help_text=" ".join(help_parts),
            )
            self.fields[f"reason_{criterion.pk}"] = forms.CharField(
                label=_("Reason: %(criterion)s") % {"criterion": criterion.name},
                max_length=500,
                required=False,
            )

    def values(self) -> dict[Criterion, tuple[int | None, str]]:
        result = {}
        for criterion in self.criteria:
            raw = self.cleaned_data.get(f"score_{criterion.pk}") or ""
            result[criterion] = (
                int(raw) if raw != "" else None,
                self.cleaned_data.get(f"reason_{criterion.pk}") or "",
            )
        return result


class CommentModerateForm(forms.Form):
    action = forms.ChoiceField(choices=[("hide", _("Hide")), ("unhide", _("Show again"))])
    reason = forms.CharField(max_length=REASON_MAX, required=False)


# --- Channels and their parts -------------------------------------------------------------


class PhaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        start, end = obj.start_date.isoformat(), obj.end_date.isoformat()
        return f"{obj.process.title} – {obj.name} ({start} – {end})"


class ChannelForm(forms.ModelForm):
    phase = PhaseChoiceField(
        label=_("Phase"),
        queryset=Phase.objects.none(),
        required=False,
        empty_label=_("Always open (no phase)"),
        help_text=_(
            "A call for proposals is open while its phase runs. "
            "Leave empty for a channel that is always open."
        ),
    )

    class Meta:
        model = Channel
        fields = ["title", "description", "phase", "is_published", "allow_guests", "support_weight"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, parent: Municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = parent
        self.fields["phase"].queryset = (
            Phase.objects.filter(process__municipality=parent)
            .select_related("process")
            .order_by("process__title", "start_date")
        )


class _ChannelPartForm(forms.ModelForm):
    def __init__(self, *args, parent: Channel, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.channel = parent

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = (
            self._meta.model.objects.filter(channel=self.instance.channel, name=name)
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if taken:
            raise forms.ValidationError(_("This channel already has one with that name."))
        return name


class CategoryForm(_ChannelPartForm):
    class Meta:
        model = Category
        fields = ["name", "position"]


class CriterionForm(_ChannelPartForm):
    class Meta:
        model = Criterion
        fields = ["name", "description", "weight", "position"]
