"""Technical administration for platform operators (superusers).

Officials work in the municipality's own staff pages, which are scoped to their
municipality; this admin sees every tenant and is therefore for operators only.
"""

from django.contrib import admin

from .models import (
    County,
    Department,
    Financier,
    GovernanceGroup,
    GroupMember,
    KnownMunicipality,
    Membership,
    Municipality,
    Phase,
    Process,
)


class OperatorsOnly(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    has_change_permission = has_add_permission = has_delete_permission = has_view_permission


@admin.register(Municipality)
class MunicipalityAdmin(OperatorsOnly):
    list_display = ["name", "code", "slug", "county", "is_listed", "is_demo"]
    list_filter = ["county", "is_listed", "is_demo"]
    search_fields = ["name", "code", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Membership)
class MembershipAdmin(OperatorsOnly):
    list_display = ["user", "municipality", "role", "department"]
    list_filter = ["municipality", "role"]
    search_fields = ["user__email", "user__display_name"]
    autocomplete_fields = ["user"]


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class FinancierInline(admin.TabularInline):
    model = Financier
    extra = 0


@admin.register(Process)
class ProcessAdmin(OperatorsOnly):
    list_display = ["title", "municipality", "status", "start_date", "end_date"]
    list_filter = ["municipality", "status"]
    search_fields = ["title"]
    inlines = [PhaseInline, FinancierInline]


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    extra = 0


@admin.register(GovernanceGroup)
class GovernanceGroupAdmin(OperatorsOnly):
    list_display = ["name", "kind", "process"]
    inlines = [GroupMemberInline]


@admin.register(Department)
class DepartmentAdmin(OperatorsOnly):
    list_display = ["name", "kind", "municipality", "is_active"]
    list_filter = ["municipality", "kind"]


@admin.register(County)
class CountyAdmin(OperatorsOnly):
    list_display = ["code", "name"]


@admin.register(KnownMunicipality)
class KnownMunicipalityAdmin(OperatorsOnly):
    list_display = ["code", "name", "county"]
    search_fields = ["code", "name"]
