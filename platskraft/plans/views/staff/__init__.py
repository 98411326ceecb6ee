"""The staff pages of action plans, under /<municipality>/staff/plans/.

`plans` holds the list, a new plan, its settings, publishing, the plan as a tree and its
history; `areas` the priority areas; `subprojects` a sub-project's page and forms, its
funding, milestones and updates; `links` the links to residents' input and a sub-project
made from a proposal; `revisions` marking and comparing revisions. `imports` (spreadsheet
import and export) and `report` (the final report) keep lists of their own, added here.
"""

from django.urls import path

from . import areas, imports, links, plans, report, revisions, subprojects

S = "staff/plans/"
P = S + "<int:pk>/"
A = P + "areas/<int:area_id>/"
SP = P + "sub-projects/<int:sp_id>/"

urlpatterns = [
    path(S, plans.PlanList.as_view(), name="staff_plans"),
    path(S + "new/", plans.PlanCreate.as_view(), name="staff_plan_add"),
    path(
        S + "from-proposal/<int:proposal_id>/",
        links.ProposalToSubProject.as_view(),
        name="staff_proposal_to_subproject",
    ),
    path(P, plans.PlanDetail.as_view(), name="staff_plan"),
    path(P + "settings/", plans.PlanSettings.as_view(), name="staff_plan_edit"),
    path(P + "publish/", plans.PlanPublish.as_view(), name="staff_plan_publish"),
    path(P + "history/", plans.History.as_view(), name="staff_plan_history"),
    path(P + "revisions/", revisions.Revisions.as_view(), name="staff_revisions"),
    path(
        P + "revisions/compare/",
        revisions.RevisionCompare.as_view(),
        name="staff_revision_compare",
    ),
    path(P + "areas/new/", areas.AreaFormView.as_view(), name="staff_area_add"),
    path(A, areas.AreaFormView.as_view(), name="staff_area_edit"),
    path(A + "delete/", areas.AreaDelete.as_view(), name="staff_area_delete"),
    path(A + "move/", areas.AreaMove.as_view(), name="staff_area_move"),
    path(
        P + "sub-projects/new/",
        subprojects.SubProjectFormView.as_view(),
        name="staff_subproject_add",
    ),
    path(SP, subprojects.SubProjectDetail.as_view(), name="staff_subproject"),
    path(SP + "edit/", subprojects.SubProjectFormView.as_view(), name="staff_subproject_edit"),
    path(SP + "delete/", subprojects.SubProjectDelete.as_view(), name="staff_subproject_delete"),
    path(SP + "funding/", subprojects.FundingEdit.as_view(), name="staff_funding"),
    path(
        SP + "milestones/new/", subprojects.MilestoneFormView.as_view(), name="staff_milestone_add"
    ),
    path(
        SP + "milestones/<int:milestone_id>/",
        subprojects.MilestoneFormView.as_view(),
        name="staff_milestone_edit",
    ),
    path(
        SP + "milestones/<int:milestone_id>/delete/",
        subprojects.MilestoneDelete.as_view(),
        name="staff_milestone_delete",
    ),
    path(SP + "updates/new/", subprojects.UpdateAdd.as_view(), name="staff_update_add"),
    path(
        SP + "updates/<int:update_id>/delete/",
        subprojects.UpdateDelete.as_view(),
        name="staff_update_delete",
    ),
    path(SP + "links/new/", links.LinkAdd.as_view(), name="staff_link_add"),
    path(SP + "links/<int:link_id>/delete/", links.LinkRemove.as_view(), name="staff_link_delete"),
]

# The spreadsheet import/export (R2) and the final report (R5) keep their own lists.
urlpatterns += [*imports.urlpatterns, *report.urlpatterns]
