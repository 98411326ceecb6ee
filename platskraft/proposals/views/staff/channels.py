"""Proposal channels and their parts (categories, criteria): list, add, edit, remove."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext_lazy

from platskraft.core.access import require_perm
from platskraft.municipalities.views.generic import PartDeleteView, PartFormView, StaffView

from ... import selectors, services
from ...models import Category, Channel, Criterion
from ...staff_forms import CategoryForm, ChannelForm, CriterionForm
from ._common import staff_url

# --- Channels and their parts -------------------------------------------------------------


class Channels(StaffView):
    def get(self, request):
        municipality = request.municipality
        require_perm(request, "proposals.manage_channels", municipality)
        channels = selectors.staff_channels(municipality=municipality)
        return render(request, "proposals/staff/channels.html", {"channels": channels})


class _ChannelPart:
    model = Channel
    parent_model = None
    perm = "proposals.manage_channels"
    creating = False

    def load(self):
        parent, obj = super().load()
        self.creating = obj is None
        return parent, obj

    def success_url(self, parent, obj):
        if obj is not None and self.creating:
            return staff_url("staff_channel_edit", parent, part_id=obj.pk)
        return staff_url("staff_channels", parent)


class ChannelFormView(_ChannelPart, PartFormView):
    form_class = ChannelForm
    template_name = "proposals/staff/channel_form.html"
    title_add = gettext_lazy("New proposal channel")
    title_change = gettext_lazy("Edit proposal channel")

    def save(self, form):
        return services.channel_save(form=form)


class ChannelDelete(_ChannelPart, PartDeleteView):
    template_name = "proposals/staff/channel_delete.html"

    def delete(self, obj):
        services.channel_delete(channel=obj)


class _ChannelChild:
    parent_model = Channel
    parent_kwarg = "pk"
    parent_field = "channel"
    perm = "proposals.manage_channels"

    def success_url(self, parent, obj):
        return staff_url("staff_channel_edit", parent.municipality, part_id=parent.pk)


class CategoryFormView(_ChannelChild, PartFormView):
    model = Category
    form_class = CategoryForm
    title_add = gettext_lazy("New category")
    title_change = gettext_lazy("Edit category")


class CategoryDelete(_ChannelChild, PartDeleteView):
    model = Category


class CriterionFormView(_ChannelChild, PartFormView):
    model = Criterion
    form_class = CriterionForm
    title_add = gettext_lazy("New criterion")
    title_change = gettext_lazy("Edit criterion")


class CriterionDelete(_ChannelChild, PartDeleteView):
    model = Criterion
