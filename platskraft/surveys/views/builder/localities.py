"""The municipality's gazetteer, “Places”: list, add, change, remove, move, and import
from a GeoJSON or CSV file. Locality questions take their options from the places of the
kind “locality”; map questions offer every place with a point."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from platskraft.core.access import require_perm
from platskraft.municipalities.views.generic import StaffView

from ...forms.builder_survey import LocalityForm, PlacesImportForm, add_errors
from ...models import Locality
from ...selectors.builder import locality_list
from ...services import builder_localities as services
from ...services import builder_places
from ._common import DIRECTIONS, READ, report, staff_url

MANAGE = "surveys.manage"


class _LocalityMixin:
    def load(self, perm: str = MANAGE):
        municipality = self.request.municipality
        require_perm(self.request, READ, municipality)
        require_perm(self.request, perm, municipality)
        return municipality

    def locality(self, municipality) -> Locality:
        return get_object_or_404(Locality, municipality=municipality, pk=self.kwargs["locality_id"])

    def list_url(self, municipality) -> str:
        return staff_url("staff_localities", municipality)


class Localities(_LocalityMixin, StaffView):
    """The list, with a form to add one more at the bottom."""

    def render_list(self, municipality, form):
        return render(
            self.request,
            "surveys/staff/localities.html",
            {
                "localities": locality_list(municipality=municipality),
                "form": form,
                "can_manage": self.request.user.has_perm(MANAGE, municipality),
            },
        )

    def get(self, request):
        municipality = self.load(READ)
        return self.render_list(municipality, LocalityForm())

    def post(self, request):
        municipality = self.load()
        form = LocalityForm(request.POST)
        if form.is_valid():
            try:
                locality = services.locality_create(municipality=municipality, **form.values())
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("“%(name)s” was added.") % {"name": locality.name})
                return redirect(self.list_url(municipality))
        return self.render_list(municipality, form)


class LocalityEdit(_LocalityMixin, StaffView):
    def render_form(self, form, locality):
        return render(
            self.request,
            "surveys/staff/part_form.html",
            {
                "form": form,
                "object": locality,
                "title": _("Change the place"),
                "cancel_url": self.list_url(locality.municipality),
            },
        )

    def get(self, request, locality_id):
        locality = self.locality(self.load())
        return self.render_form(LocalityForm(instance=locality), locality)

    def post(self, request, locality_id):
        municipality = self.load()
        locality = self.locality(municipality)
        form = LocalityForm(request.POST, instance=locality)
        if form.is_valid():
            try:
                services.locality_update(locality=locality, **form.values())
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(self.list_url(municipality))
        return self.render_form(form, locality)


class LocalityDelete(_LocalityMixin, StaffView):
    def get(self, request, locality_id):
        locality = self.locality(self.load())
        return render(
            request,
            "surveys/staff/confirm_delete.html",
            {
                "object": locality,
                "note": _(
                    "Questions already made keep this option, and answers keep it, until you "
                    "refresh a question's options from the list."
                ),
                "cancel_url": self.list_url(locality.municipality),
            },
        )

    def post(self, request, locality_id):
        municipality = self.load()
        locality = self.locality(municipality)
        services.locality_delete(locality=locality)
        messages.success(request, _("“%(name)s” was removed.") % {"name": locality.name})
        return redirect(self.list_url(municipality))


class LocalityMove(_LocalityMixin, StaffView):
    http_method_names = ["post"]

    def post(self, request, locality_id):
        municipality = self.load()
        direction = request.POST.get("direction", "")
        try:
            services.locality_move(
                locality=self.locality(municipality),
                direction=direction if direction in DIRECTIONS else "",
            )
        except ValidationError as error:
            report(request, error)
        return redirect(self.list_url(municipality) + f"#locality-{locality_id}")


class PlacesImport(_LocalityMixin, StaffView):
    """Add places from a file: all of them, or none with a message per problem."""

    def render_form(self, form, problems=()):
        return render(
            self.request,
            "surveys/staff/places_import.html",
            {
                "form": form,
                "problems": problems,
                "cancel_url": self.list_url(self.request.municipality),
            },
        )

    def get(self, request):
        self.load()
        return self.render_form(PlacesImportForm())

    def post(self, request):
        municipality = self.load()
        form = PlacesImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_form(form)
        upload = form.cleaned_data["file"]
        try:
            count = builder_places.places_import(
                municipality=municipality, content=upload.read(), filename=upload.name
            )
        except ValidationError as error:
            return self.render_form(form, error.messages)
        messages.success(
            request,
            _("%(count)s places were added.") % {"count": count},
        )
        return redirect(self.list_url(municipality))
