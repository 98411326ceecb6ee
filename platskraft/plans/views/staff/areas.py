"""Priority areas: add, edit, remove, move up or down."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from platskraft.municipalities.views.generic import StaffView

from ...forms import AreaForm
from ...services import plans as services
from ._common import PlanDeleteView, PlanFormView, PlanMixin, plan_url, report


def area_anchor(plan, area) -> str:
    return plan_url(plan) + (f"#area-{area.pk}" if area is not None else "")


class AreaFormView(PlanFormView):
    def get_object(self):
        return self.area() if "area_id" in self.kwargs else None

    def title(self, obj):
        if obj is None:
            return _("New priority area")
        return _("Priority area %(code)s: %(title)s") % {"code": obj.code, "title": obj.title}

    def make_form(self, obj, data=None, files=None):
        return AreaForm(data, plan=self.plan, area=obj)

    def save(self, form, obj):
        values = form.values()
        if obj is None:
            saved = services.area_create(plan=self.plan, by=self.request.user, **values)
            return saved, _("The priority area “%(title)s” was added.") % {"title": saved.title}
        saved = services.area_update(area=obj, by=self.request.user, **values)
        return saved or obj, _("The priority area was saved.")

    def success_url(self, saved) -> str:
        return area_anchor(self.plan, saved)


class AreaDelete(PlanDeleteView):
    def get_object(self):
        return self.area()

    def refusal(self, obj) -> str:
        count = obj.sub_projects.count()
        if not count:
            return ""
        return ngettext(
            "The area still has %(count)s sub-project: move or remove it first.",
            "The area still has %(count)s sub-projects: move or remove them first.",
            count,
        ) % {"count": count}

    def delete(self, obj):
        services.area_delete(area=obj, by=self.request.user)


class AreaMove(PlanMixin, StaffView):
    """POST `direction` up or down: the area swaps places with its neighbour."""

    http_method_names = ["post"]

    def post(self, request, pk, area_id):
        self.load_plan()
        area = self.area()
        direction = request.POST.get("direction", "")
        if direction not in ("up", "down"):
            raise Http404
        try:
            services.area_move(area=area, by=request.user, direction=direction)
        except ValidationError as error:
            report(request, error)
        else:
            moved = (
                _("“%(title)s” was moved up.")
                if direction == "up"
                else _("“%(title)s” was moved down.")
            )
            messages.success(request, moved % {"title": area.title})
        return redirect(area_anchor(self.plan, area))
