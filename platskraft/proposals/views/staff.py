"""Placeholder: the staff proposal views are being written."""

from django.http import HttpResponse


def _todo(*args, **kwargs):
    return HttpResponse("todo")


class _V:
    as_view = staticmethod(lambda: _todo)


CaseList = ExportCsv = ExportXlsx = Reports = ReportDismiss = CommentModerate = _V
Channels = ChannelFormView = ChannelDelete = CategoryFormView = CategoryDelete = _V
CriterionFormView = CriterionDelete = Ranking = RankingExport = Case = _V
CaseModerate = CaseRoute = CaseStatus = CaseScores = _V
