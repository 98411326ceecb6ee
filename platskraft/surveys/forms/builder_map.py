"""The builder's form for one layer of a map question."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..kinds.map_layers import GEOMETRIES, MAX_DRAWINGS, ROLES


class MapLayerForm(forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=120,
        help_text=_("What residents mark in this layer, e.g. “Places I visit”."),
    )
    help = forms.CharField(
        label=_("Help text"),
        max_length=300,
        required=False,
        help_text=_("Shown with the layer, e.g. what counts."),
    )
    geometry = forms.ChoiceField(label=_("What residents draw"), choices=list(GEOMETRIES.items()))
    role = forms.ChoiceField(
        label=_("What the analysis does with it"), choices=list(ROLES.items()), initial="other"
    )
    min = forms.IntegerField(
        label=_("Fewest places"),
        min_value=0,
        max_value=MAX_DRAWINGS,
        initial=0,
        required=False,
        help_text=_("Counted when the question is required or the layer is answered at all."),
    )
    max = forms.IntegerField(
        label=_("Most places"), min_value=1, max_value=MAX_DRAWINGS, initial=5, required=False
    )
    choice_label = forms.CharField(
        label=_("Follow-up question with answers to choose from"),
        max_length=200,
        required=False,
        help_text=_("E.g. “Why do you go there?”. Leave empty to ask none."),
    )
    choices = forms.CharField(
        label=_("Its answers, one a line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("They get the codes 1, 2, 3 … in this order; an answer kept keeps its code."),
    )
    text_label = forms.CharField(
        label=_("Follow-up question answered in words"),
        max_length=200,
        required=False,
        help_text=_("E.g. “Tell us more”. Leave empty to ask none."),
    )

    def clean(self):
        data = super().clean()
        data["choice_lines"] = [
            line.strip() for line in (data.get("choices") or "").splitlines() if line.strip()
        ]
        return data
