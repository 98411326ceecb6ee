"""Placeholder: the public proposal views are being written."""

from django.http import HttpResponse


def _todo(*args, **kwargs):
    return HttpResponse("todo")


proposal_list = proposal_map = proposal_map_data = my_proposals = channel_detail = _todo
guest_confirm = unsubscribe = proposal_detail = proposal_delete_draft = proposal_image = _todo
support = follow = comment = report = _todo


def AnsweredFeed():
    return _todo


class ProposalSubmit:
    as_view = staticmethod(lambda: _todo)


ProposalEdit = ProposalSubmit
