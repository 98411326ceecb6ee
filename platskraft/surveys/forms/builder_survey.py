"""The builder's forms for a whole survey, its sections, and the gazetteer (places)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from platskraft.core.forms import add_errors as add_errors
from platskraft.municipalities.models import Process

from ..models import Locality, Section, Survey
from ..selectors.builder import previous_round_choices

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SurveyForm(forms.ModelForm):
    """A survey's settings (its status changes with the publish/close buttons)."""

    class Meta:
        model = Survey
        fields = [
            "title",
            "process",
            "intro",
            "thanks",
            "opens_at",
            "closes_at",
            "target_responses",
            "access",
            "results_public",
            "previous_round",
        ]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "thanks": forms.Textarea(attrs={"rows": 3}),
            "opens_at": DATETIME,
            "closes_at": DATETIME,
            "access": forms.RadioSelect,
        }
        help_texts = {
            "opens_at": _("Empty: residents can answer as soon as it is published."),
            "closes_at": _("Empty: open until you close it."),
            "target_responses": _("How many answers you hope for; shown beside the count."),
        }

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality
        self.fields["process"].queryset = Process.objects.filter(
            municipality=municipality
        ).order_by("-start_date", "title")
        self.fields["process"].empty_label = _("None (a survey on its own)")
        self.fields["previous_round"].queryset = previous_round_choices(
            survey=self.instance, municipality=municipality
        )
        self.fields["previous_round"].empty_label = _("None (the first round)")
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]


class DuplicateForm(forms.Form):
    as_next_round = forms.BooleanField(
        label=_("The copy is the next round of this survey"),
        required=False,
        help_text=_(
            "The results of the copy can then be compared with this survey's, question by "
            "question (the column codes stay the same)."
        ),
    )


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "title": _("Residents see it as the heading of the page."),
            "description": _("Shown under the heading: what this part is about."),
        }


class LocalityForm(forms.ModelForm):
    """A place of the gazetteer: its name, kind, point (optional) and description."""

    class Meta:
        model = Locality
        fields = ["name", "kind", "latitude", "longitude", "description"]
        help_texts = {
            "kind": _("Only localities are options of the question “where do you live”."),
            "latitude": _("In degrees (WGS 84), e.g. 62.93. Leave both empty for no point."),
            "longitude": _("In degrees (WGS 84), e.g. 17.78."),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "locality-%s")
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False  # a locality unless chosen otherwise
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "step": "any"})

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}

    def _post_clean(self):
        # The service checks the point and the name against the list, with clearer words.
        pass


class PlacesImportForm(forms.Form):
    file = forms.FileField(
        label=_("File with places"),
        help_text=_(
            "GeoJSON: points with the properties “name” and optionally “kind” (locality, "
            "landmark, place) and “description”. CSV: the columns name, kind, latitude, "
            "longitude, with their names on the first line."
        ),
    )
