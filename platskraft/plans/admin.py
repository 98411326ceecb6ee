"""Technical administration of action plans for platform operators (superusers).

Officials work in the municipality's staff pages, where every change is recorded. Here
plans can be looked at and corrected; the history (changes) and revisions are read-only,
so the record of what was decided cannot be rewritten.
"""

from django.contrib import admin

from platskraft.municipalities.admin import OperatorsOnly

from .models import (
    Change,
    Funding,
    Link,
    Milestone,
    Plan,
    PriorityArea,
    ReportSection,
    Revision,
    SubProject,
    Update,
)


class ReadOnly(OperatorsOnly):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AreaInline(admin.TabularInline):
    model = PriorityArea
    extra = 0
    fields = ["position", "code", "title"]


class FundingInline(admin.TabularInline):
    model = Funding
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class LinkInline(admin.TabularInline):
    model = Link
    extra = 0
    fields = ["content_type", "object_id", "label", "note", "created_by"]
    readonly_fields = ["created_by"]
    raw_id_fields = ["created_by"]


@admin.register(Plan)
class PlanAdmin(OperatorsOnly):
    list_display = ["title", "municipality", "process", "is_published", "is_demo"]
    list_filter = ["is_published", "municipality"]
    search_fields = ["title"]
    raw_id_fields = ["municipality", "process"]
    inlines = [AreaInline]


@admin.register(SubProject)
class SubProjectAdmin(OperatorsOnly):
    list_display = ["code", "title", "plan", "area", "status", "progress", "version"]
    list_filter = ["status", "plan__municipality"]
    search_fields = ["code", "title"]
    raw_id_fields = ["plan", "area", "parent", "owner", "updated_by"]
    readonly_fields = ["version"]
    inlines = [FundingInline, MilestoneInline, LinkInline]


@admin.register(Update)
class UpdateAdmin(OperatorsOnly):
    list_display = ["date", "sub_project", "author"]
    list_filter = ["sub_project__plan__municipality"]
    search_fields = ["text"]
    raw_id_fields = ["sub_project", "author"]


@admin.register(ReportSection)
class ReportSectionAdmin(OperatorsOnly):
    list_display = ["plan", "key", "updated_at", "updated_by"]
    raw_id_fields = ["plan", "updated_by"]


@admin.register(Change)
class ChangeAdmin(ReadOnly):
    list_display = ["at", "plan", "item", "action", "by"]
    list_filter = ["action", "plan__municipality"]
    search_fields = ["item"]
    fields = ["plan", "at", "by", "action", "item", "fields"]


@admin.register(Revision)
class RevisionAdmin(ReadOnly):
    list_display = ["label", "date", "plan", "created_by"]
    list_filter = ["plan__municipality"]
    fields = ["plan", "label", "date", "created_at", "created_by"]
