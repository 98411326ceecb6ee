from django.urls import include, path

from .views import public, staff

app_name = "proposals"

public_patterns = [
    path("", public.proposal_list, name="list"),
    path("map/", public.proposal_map, name="map"),
    path("map.geojson", public.proposal_map_data, name="map_data"),
    path("feed/", public.AnsweredFeed(), name="feed"),
    path("mine/", public.my_proposals, name="mine"),
    path("channels/<int:pk>/", public.channel_detail, name="channel"),
    path("channels/<int:pk>/new/", public.ProposalSubmit.as_view(), name="submit"),
    path("confirm/<str:token>/", public.guest_confirm, name="guest_confirm"),
    path("unsubscribe/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("<int:pk>/", public.proposal_detail, name="detail"),
    path("<int:pk>/edit/", public.ProposalEdit.as_view(), name="edit"),
    path("<int:pk>/delete/", public.proposal_delete_draft, name="delete_draft"),
    path("<int:pk>/image/", public.proposal_image, name="image"),
    path("<int:pk>/support/", public.support, name="support"),
    path("<int:pk>/follow/", public.follow, name="follow"),
    path("<int:pk>/comments/", public.comment, name="comment"),
    path("<int:pk>/report/", public.report, name="report"),
]

staff_patterns = [
    path("", staff.CaseList.as_view(), name="staff_cases"),
    path("export.csv", staff.ExportCsv.as_view(), name="staff_export_csv"),
    path("export.xlsx", staff.ExportXlsx.as_view(), name="staff_export_xlsx"),
    path("reports/", staff.Reports.as_view(), name="staff_reports"),
    path(
        "reports/<int:report_id>/dismiss/",
        staff.ReportDismiss.as_view(),
        name="staff_report_dismiss",
    ),
    path(
        "comments/<int:comment_id>/moderate/",
        staff.CommentModerate.as_view(),
        name="staff_comment_moderate",
    ),
    path("channels/", staff.Channels.as_view(), name="staff_channels"),
    path("channels/new/", staff.ChannelFormView.as_view(), name="staff_channel_add"),
    path("channels/<int:part_id>/", staff.ChannelFormView.as_view(), name="staff_channel_edit"),
    path(
        "channels/<int:part_id>/delete/", staff.ChannelDelete.as_view(), name="staff_channel_delete"
    ),
    path(
        "channels/<int:pk>/categories/new/",
        staff.CategoryFormView.as_view(),
        name="staff_category_add",
    ),
    path(
        "channels/<int:pk>/categories/<int:part_id>/",
        staff.CategoryFormView.as_view(),
        name="staff_category_edit",
    ),
    path(
        "channels/<int:pk>/categories/<int:part_id>/delete/",
        staff.CategoryDelete.as_view(),
        name="staff_category_delete",
    ),
    path(
        "channels/<int:pk>/criteria/new/",
        staff.CriterionFormView.as_view(),
        name="staff_criterion_add",
    ),
    path(
        "channels/<int:pk>/criteria/<int:part_id>/",
        staff.CriterionFormView.as_view(),
        name="staff_criterion_edit",
    ),
    path(
        "channels/<int:pk>/criteria/<int:part_id>/delete/",
        staff.CriterionDelete.as_view(),
        name="staff_criterion_delete",
    ),
    path("channels/<int:pk>/ranking/", staff.Ranking.as_view(), name="staff_ranking"),
    path(
        "channels/<int:pk>/ranking.<str:fmt>",
        staff.RankingExport.as_view(),
        name="staff_ranking_export",
    ),
    path("<int:pk>/", staff.Case.as_view(), name="staff_case"),
    path("<int:pk>/moderate/", staff.CaseModerate.as_view(), name="staff_case_moderate"),
    path("<int:pk>/route/", staff.CaseRoute.as_view(), name="staff_case_route"),
    path("<int:pk>/status/", staff.CaseStatus.as_view(), name="staff_case_status"),
    path("<int:pk>/scores/", staff.CaseScores.as_view(), name="staff_case_scores"),
]

urlpatterns = [
    path("proposals/", include(public_patterns)),
    path("staff/proposals/", include(staff_patterns)),
]
