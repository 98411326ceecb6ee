"""Technical administration of budget rounds for platform operators (superusers).

Officials work in the municipality's staff pages. Here rounds, districts and projects can
be looked at and corrected; ballots, codes, paper entries and the audit log are
read-only, so the admin cannot change a vote or bypass the one-ballot-per-voter rules.
"""

from django.contrib import admin

from platskraft.municipalities.admin import OperatorsOnly

from .models import Ballot, District, Outcome, PaperEntry, Project, Round, VoteEvent, VotingCode


class ReadOnly(OperatorsOnly):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DistrictInline(admin.TabularInline):
    model = District
    extra = 0


@admin.register(Round)
class RoundAdmin(OperatorsOnly):
    list_display = ["title", "municipality", "stage", "ballot_kind", "budget_sek", "is_demo"]
    list_filter = ["stage", "ballot_kind", "municipality"]
    search_fields = ["title"]
    raw_id_fields = ["municipality", "process"]
    inlines = [DistrictInline]


@admin.register(Project)
class ProjectAdmin(OperatorsOnly):
    list_display = ["number", "title", "round", "district", "cost_sek", "status"]
    list_filter = ["status", "round__municipality"]
    search_fields = ["title"]
    raw_id_fields = ["round", "district", "proposal"]


@admin.register(Ballot)
class BallotAdmin(ReadOnly):
    list_display = ["pk", "round", "district", "channel"]
    list_filter = ["channel", "round__municipality"]
    # The voter key and the time are left out on purpose.
    fields = ["round", "district", "channel", "choices"]


@admin.register(VotingCode)
class VotingCodeAdmin(ReadOnly):
    list_display = ["pk", "round", "district", "batch", "created_at", "used_at"]
    list_filter = ["round__municipality"]
    fields = ["round", "district", "batch", "created_at", "used_at"]


@admin.register(PaperEntry)
class PaperEntryAdmin(ReadOnly):
    list_display = ["sheet", "round", "district", "entered_by", "entered_at", "counted"]
    list_filter = ["counted", "round__municipality"]


@admin.register(VoteEvent)
class VoteEventAdmin(ReadOnly):
    list_display = ["at", "round", "kind", "channel", "staff", "note"]
    list_filter = ["kind", "channel", "round__municipality"]


@admin.register(Outcome)
class OutcomeAdmin(ReadOnly):
    list_display = ["round", "rule", "ballots", "computed_at", "published_at"]
    exclude = ["data"]
