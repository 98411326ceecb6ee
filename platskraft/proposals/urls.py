from django.urls import include, path

from .views.public import lists, proposal, submit
from .views.staff import cases, channels, exports, moderation, ranking

app_name = "proposals"

public_patterns = [
    path("", lists.proposal_list, name="list"),
    path("map/", lists.proposal_map, name="map"),
    path("map.geojson", lists.proposal_map_data, name="map_data"),
    path("feed/", lists.AnsweredFeed(), name="feed"),
    path("mine/", lists.my_proposals, name="mine"),
    path("channels/<int:pk>/", lists.channel_detail, name="channel"),
    path("channels/<int:pk>/new/", submit.ProposalSubmit.as_view(), name="submit"),
    path("confirm/<str:token>/", submit.guest_confirm, name="guest_confirm"),
    path("unsubscribe/<str:token>/", submit.unsubscribe, name="unsubscribe"),
    path("<int:pk>/", proposal.proposal_detail, name="detail"),
    path("<int:pk>/edit/", submit.ProposalEdit.as_view(), name="edit"),
    path("<int:pk>/delete/", submit.proposal_delete_draft, name="delete_draft"),
    path("<int:pk>/image/", proposal.proposal_image, name="image"),
    path("<int:pk>/support/", proposal.support, name="support"),
    path("<int:pk>/follow/", proposal.follow, name="follow"),
    path("<int:pk>/comments/", proposal.comment, name="comment"),
    path("<int:pk>/report/", proposal.report, name="report"),
]

staff_patterns = [
    path("", cases.CaseList.as_view(), name="staff_cases"),
    path("export.csv", exports.ExportCsv.as_view(), name="staff_export_csv"),
    path("export.xlsx", exports.ExportXlsx.as_view(), name="staff_export_xlsx"),
    path("reports/", moderation.Reports.as_view(), name="staff_reports"),
    path(
        "reports/<int:report_id>/dismiss/",
        moderation.ReportDismiss.as_view(),
        name="staff_report_dismiss",
    ),
    path(
        "comments/<int:comment_id>/moderate/",
        moderation.CommentModerate.as_view(),
        name="staff_comment_moderate",
    ),
    path("channels/", channels.Channels.as_view(), name="staff_channels"),
    path("channels/new/", channels.ChannelFormView.as_view(), name="staff_channel_add"),
    path("channels/<int:part_id>/", channels.ChannelFormView.as_view(), name="staff_channel_edit"),
    path(
        "channels/<int:part_id>/delete/",
        channels.ChannelDelete.as_view(),
        name="staff_channel_delete",
    ),
    path(
        "channels/<int:pk>/categories/new/",
        channels.CategoryFormView.as_view(),
        name="staff_category_add",
    ),
    path(
        "channels/<int:pk>/categories/<int:part_id>/",
        channels.CategoryFormView.as_view(),
        name="staff_category_edit",
    ),
    path(
        "channels/<int:pk>/categories/<int:part_id>/delete/",
        channels.CategoryDelete.as_view(),
        name="staff_category_delete",
    ),
    path(
        "channels/<int:pk>/criteria/new/",
        channels.CriterionFormView.as_view(),
        name="staff_criterion_add",
    ),
    path(
        "channels/<int:pk>/criteria/<int:part_id>/",
        channels.CriterionFormView.as_view(),
        name="staff_criterion_edit",
    ),
    path(
        "channels/<int:pk>/criteria/<int:part_id>/delete/",
        channels.CriterionDelete.as_view(),
        name="staff_criterion_delete",
    ),
    path("channels/<int:pk>/ranking/", ranking.Ranking.as_view(), name="staff_ranking"),
    path(
        "channels/<int:pk>/ranking.<str:fmt>",
        ranking.RankingExport.as_view(),
        name="staff_ranking_export",
    ),
    path("<int:pk>/", cases.Case.as_view(), name="staff_case"),
    path("<int:pk>/moderate/", cases.CaseModerate.as_view(), name="staff_case_moderate"),
    path("<int:pk>/route/", cases.CaseRoute.as_view(), name="staff_case_route"),
    path("<int:pk>/status/", cases.CaseStatus.as_view(), name="staff_case_status"),
    path("<int:pk>/scores/", cases.CaseScores.as_view(), name="staff_case_scores"),
]

urlpatterns = [
    path("proposals/", include(public_patterns)),
    path("staff/proposals/", include(staff_patterns)),
]
