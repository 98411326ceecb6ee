from django.urls import include, path

from .views import public, staff

app_name = "municipalities"

process_parts = [
    path("edit/", staff.ProcessFormView.as_view(), name="staff_process_edit"),
    path("delete/", staff.ProcessDelete.as_view(), name="staff_process_delete"),
    path("status/<slug:action>/", staff.ProcessStatusChange.as_view(), name="staff_process_status"),
    path("phases/new/", staff.PhaseFormView.as_view(), name="staff_phase_add"),
    path("phases/<int:part_id>/", staff.PhaseFormView.as_view(), name="staff_phase_edit"),
    path("phases/<int:part_id>/delete/", staff.PhaseDelete.as_view(), name="staff_phase_delete"),
    path("financiers/new/", staff.FinancierFormView.as_view(), name="staff_financier_add"),
    path(
        "financiers/<int:part_id>/", staff.FinancierFormView.as_view(), name="staff_financier_edit"
    ),
    path(
        "financiers/<int:part_id>/delete/",
        staff.FinancierDelete.as_view(),
        name="staff_financier_delete",
    ),
    path("groups/new/", staff.GroupFormView.as_view(), name="staff_group_add"),
    path("groups/<int:part_id>/", staff.GroupFormView.as_view(), name="staff_group_edit"),
    path("groups/<int:part_id>/delete/", staff.GroupDelete.as_view(), name="staff_group_delete"),
]

group_parts = [
    path("members/new/", staff.GroupMemberFormView.as_view(), name="staff_member_add"),
    path("members/<int:part_id>/", staff.GroupMemberFormView.as_view(), name="staff_member_edit"),
    path(
        "members/<int:part_id>/delete/",
        staff.GroupMemberDelete.as_view(),
        name="staff_member_delete",
    ),
]

staff_patterns = [
    path("", staff.Dashboard.as_view(), name="staff"),
    path("settings/", staff.SettingsView.as_view(), name="staff_settings"),
    path("processes/new/", staff.ProcessFormView.as_view(), name="staff_process_add"),
    path("processes/<int:pk>/", staff.ProcessStaffDetail.as_view(), name="staff_process"),
    path("processes/<int:pk>/", include(process_parts)),
    path("groups/<int:group_id>/", include(group_parts)),
    path("departments/", staff.Departments.as_view(), name="staff_departments"),
    path("departments/new/", staff.DepartmentFormView.as_view(), name="staff_department_add"),
    path(
        "departments/<int:part_id>/",
        staff.DepartmentFormView.as_view(),
        name="staff_department_edit",
    ),
    path(
        "departments/<int:part_id>/delete/",
        staff.DepartmentDelete.as_view(),
        name="staff_department_delete",
    ),
    path("people/", staff.Memberships.as_view(), name="staff_memberships"),
    path(
        "people/<int:part_id>/delete/",
        staff.MembershipDelete.as_view(),
        name="staff_membership_delete",
    ),
]

municipality_patterns = [
    path("", public.home, name="home"),
    path("processes/", public.process_list, name="process_list"),
    path("processes/<int:pk>/", public.process_detail, name="process_detail"),
    path("staff/", include(staff_patterns)),
]

urlpatterns = [
    path("programme/", staff.ProgrammeOverview.as_view(), name="programme"),
    path("<slug:municipality_slug>/", include(municipality_patterns)),
]
