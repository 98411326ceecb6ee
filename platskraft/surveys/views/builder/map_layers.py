"""Staff pages of a map question's layers: the list, add, change, remove, move."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from platskraft.municipalities.views.generic import StaffView

from ...forms.builder_map import MapLayerForm
from ...forms.builder_survey import add_errors
from ...kinds.map_layers import GEOMETRIES, ROLES
from ...models import Question
from ...services import builder_map as services
from ._common import ActionView, SurveyMixin, question_url, report, staff_url


def layers_url(question, anchor: str = "") -> str:
    url = staff_url(
        "staff_map_layers",
        question.survey.municipality,
        pk=question.survey_id,
        question_id=question.pk,
    )
    return f"{url}#{anchor}" if anchor else url


class _LayerMixin(SurveyMixin):
    def question(self) -> Question:
        question = self.child(Question, "question_id")
        if question.kind != "map":
            raise Http404
        question.survey = self.survey
        return question

    def layer(self, question) -> dict:
        for layer in (question.settings or {}).get("layers") or []:
            if layer.get("key") == self.kwargs["layer"]:
                return layer
        raise Http404


class MapLayers(_LayerMixin, StaffView):
    def get(self, request, **kwargs):
        self.load_survey()
        question = self.question()
        layers = [
            {
                **layer,
                "geometry_label": GEOMETRIES.get(layer.get("geometry"), ""),
                "role_label": ROLES.get(layer.get("role"), ""),
            }
            for layer in (question.settings or {}).get("layers") or []
        ]
        return render(
            request,
            "surveys/staff/map_layers.html",
            {
                "survey": self.survey,
                "question": question,
                "layers": layers,
                "cancel_url": question_url(question),
            },
        )


class MapLayerFormView(_LayerMixin, StaffView):
    def render_form(self, question, form, layer):
        return render(
            self.request,
            "surveys/staff/part_form.html",
            {
                "form": form,
                "object": layer,
                "survey": self.survey,
                "title": _("Edit the map layer") if layer else _("New map layer"),
                "cancel_url": layers_url(question),
            },
        )

    def get(self, request, **kwargs):
        self.load_survey()
        question = self.question()
        layer = self.layer(question) if "layer" in self.kwargs else None
        initial = services.layer_values(layer) if layer else None
        return self.render_form(question, MapLayerForm(initial=initial), layer)

    def post(self, request, **kwargs):
        self.load_survey()
        question = self.question()
        layer = self.layer(question) if "layer" in self.kwargs else None
        form = MapLayerForm(request.POST)
        if form.is_valid():
            try:
                if layer is None:
                    saved = services.map_layer_add(question=question, values=form.cleaned_data)
                else:
                    saved = services.map_layer_update(
                        question=question, key=layer["key"], values=form.cleaned_data
                    )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(layers_url(question, f"layer-{saved['key']}"))
        return self.render_form(question, form, layer)


class MapLayerDelete(_LayerMixin, StaffView):
    def get(self, request, **kwargs):
        self.load_survey()
        question = self.question()
        layer = self.layer(question)
        return render(
            request,
            "surveys/staff/confirm_delete.html",
            {
                "object": layer["label"],
                "survey": self.survey,
                "refusal": services.map_layer_delete_refusal(question, layer["key"]),
                "cancel_url": layers_url(question),
            },
        )

    def post(self, request, **kwargs):
        self.load_survey()
        question = self.question()
        layer = self.layer(question)
        try:
            services.map_layer_delete(question=question, key=layer["key"])
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, _("“%(name)s” was removed.") % {"name": layer["label"]})
        return redirect(layers_url(question))


class MapLayerMove(_LayerMixin, ActionView):
    def act(self, survey):
        question = self.question()
        layer = self.layer(question)
        services.map_layer_move(question=question, key=layer["key"], direction=self.direction())
        return layers_url(question, f"layer-{layer['key']}")

    def fallback(self, survey):
        return layers_url(self.question())
