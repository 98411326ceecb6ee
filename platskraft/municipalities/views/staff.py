from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platskraft.core.access import get_scoped_or_404, require_perm, site_url

from .. import selectors, services
from ..forms import (
    DepartmentForm,
    FinancierForm,
    GroupForm,
    GroupMemberForm,
    MembershipForm,
    MunicipalitySettingsForm,
    PhaseForm,
    ProcessForm,
)
from ..models import Department, Financier, GovernanceGroup, GroupMember, Membership, Phase, Process
from ..models.process import ProcessStatus
from .generic import PartDeleteView, PartFormView, StaffView, process_staff_url


def staff_url(name: str, municipality, **kwargs) -> str:
    return reverse(
        f"municipalities:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs}
    )


class Dashboard(StaffView):
    def get(self, request):
        municipality = request.municipality
        require_perm(request, "municipalities.view_staff_area", municipality)
        processes = selectors.process_list(municipality=municipality, public_only=False)
        return render(
            request,
            "municipalities/staff/dashboard.html",
            {
                "processes": [(p, selectors.process_timeline(p)) for p in processes],
                "departments": municipality.departments.all(),
            },
        )


class ProcessStaffDetail(StaffView):
    def get(self, request, pk):
        require_perm(request, "municipalities.view_staff_area", request.municipality)
        process = selectors.process_get(municipality=request.municipality, pk=pk)
        return render(
            request,
            "municipalities/staff/process_detail.html",
            {
                "process": process,
                "timeline": selectors.process_timeline(process),
                "financing_total": selectors.financing_total(process),
            },
        )


STATUS_ACTIONS = {
    "publish": (
        "municipalities.publish_process",
        ProcessStatus.PUBLISHED,
        gettext_lazy("The process is published."),
    ),
    "close": (
        "municipalities.close_process",
        ProcessStatus.CLOSED,
        gettext_lazy("The process is closed."),
    ),
    "reopen": (
        "municipalities.reopen_process",
        ProcessStatus.PUBLISHED,
        gettext_lazy("The process is open again."),
    ),
}


class ProcessStatusChange(StaffView):
    http_method_names = ["post"]

    def post(self, request, pk, action):
        if action not in STATUS_ACTIONS:
            raise Http404
        perm, status, done = STATUS_ACTIONS[action]
        process = get_scoped_or_404(Process.objects.all(), request.municipality, pk=pk)
        require_perm(request, perm, process)
        services.process_set_status(process=process, status=status, site_url=site_url(request))
        messages.success(request, done)
        return redirect(process_staff_url(process))


class _ProcessPart:
    model = Process
    parent_model = None
    object_kwarg = "pk"

    def success_url(self, parent, obj):
        return process_staff_url(obj) if obj is not None else staff_url("staff", parent)


class ProcessFormView(_ProcessPart, PartFormView):
    perm = "municipalities.add_process"
    object_perm = "municipalities.change_process"
    form_class = ProcessForm
    title_add = gettext_lazy("New development process")
    title_change = gettext_lazy("Edit process")

    def save(self, form):
        return services.process_save(form=form)


class ProcessDelete(_ProcessPart, PartDeleteView):
    object_perm = "municipalities.delete_process"

    def delete(self, obj):
        services.process_delete(process=obj)


class PhaseFormView(PartFormView):
    model = Phase
    object_perm = "municipalities.change_phase"
    form_class = PhaseForm
    title_add = gettext_lazy("New phase")
    title_change = gettext_lazy("Edit phase")

    def save(self, form):
        return services.phase_save(form=form)


class PhaseDelete(PartDeleteView):
    model = Phase
    object_perm = "municipalities.change_phase"


class FinancierFormView(PartFormView):
    model = Financier
    form_class = FinancierForm
    title_add = gettext_lazy("New financier")
    title_change = gettext_lazy("Edit financier")


class FinancierDelete(PartDeleteView):
    model = Financier


class GroupFormView(PartFormView):
    model = GovernanceGroup
    form_class = GroupForm
    title_add = gettext_lazy("New governance group")
    title_change = gettext_lazy("Edit governance group")


class GroupDelete(PartDeleteView):
    model = GovernanceGroup


class _MemberPart:
    model = GroupMember
    parent_model = GovernanceGroup
    parent_kwarg = "group_id"
    parent_field = "group"

    def perm_target(self, parent, obj):
        return parent.process


class GroupMemberFormView(_MemberPart, PartFormView):
    form_class = GroupMemberForm
    title_add = gettext_lazy("New group member")
    title_change = gettext_lazy("Edit group member")


class GroupMemberDelete(_MemberPart, PartDeleteView):
    pass


class _DepartmentPart:
    model = Department
    parent_model = None
    perm = "municipalities.manage_departments"

    def success_url(self, parent, obj):
        return staff_url("staff_departments", parent)


class DepartmentFormView(_DepartmentPart, PartFormView):
    form_class = DepartmentForm
    title_add = gettext_lazy("New committee or department")
    title_change = gettext_lazy("Edit committee or department")


class DepartmentDelete(_DepartmentPart, PartDeleteView):
    pass


class Departments(StaffView):
    def get(self, request):
        require_perm(request, "municipalities.view_staff_area", request.municipality)
        return render(
            request,
            "municipalities/staff/departments.html",
            {
                "departments": request.municipality.departments.all(),
            },
        )


class SettingsView(PartFormView):
    model = None
    parent_model = None
    perm = "municipalities.change_municipality"
    form_class = MunicipalitySettingsForm
    title_change = gettext_lazy("Municipality settings")
    saved_message = gettext_lazy("The settings are saved.")

    def get_object(self, parent):
        return parent


class Memberships(StaffView):
    template_name = "municipalities/staff/memberships.html"

    def render_page(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "memberships": selectors.membership_list(municipality=self.request.municipality),
            },
        )

    def get(self, request):
        require_perm(request, "municipalities.manage_memberships", request.municipality)
        return self.render_page(MembershipForm(municipality=request.municipality))

    def post(self, request):
        municipality = request.municipality
        require_perm(request, "municipalities.manage_memberships", municipality)
        form = MembershipForm(request.POST, municipality=municipality)
        if form.is_valid():
            try:
                membership = services.membership_add(
                    municipality=municipality,
                    invited_by=request.user,
                    site_url=site_url(request),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(
                    request,
                    _("%(person)s now has the role “%(role)s”.")
                    % {"person": membership.user.email, "role": membership.get_role_display()},
                )
                return redirect(staff_url("staff_memberships", municipality))
        return self.render_page(form)


class MembershipDelete(PartDeleteView):
    model = Membership
    parent_model = None
    perm = "municipalities.manage_memberships"

    def delete(self, obj):
        services.membership_remove(membership=obj)

    def success_url(self, parent, obj):
        return staff_url("staff_memberships", parent)


class ProgrammeOverview(StaffView):
    def get(self, request):
        require_perm(request, "municipalities.view_programme")
        return render(
            request,
            "municipalities/programme.html",
            {
                "rows": selectors.programme_overview(),
            },
        )
