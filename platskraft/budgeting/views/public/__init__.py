"""Residents' pages of the citizen budget.

`pages` holds the list of rounds, a round with its projects and a project's page;
`ballot` the voting flow (eligibility, the ballot, the confirmation); `code` voting with
a code from a letter; `_common` the lookups and who is voting; `forms` the small forms.
"""

from django.urls import path

from . import ballot, code, pages

urlpatterns = [
    path("budget/", pages.round_list, name="round_list"),
    path("budget/<int:pk>/", pages.round_detail, name="round"),
    path("budget/<int:pk>/projects/<int:project_pk>/", pages.project_detail, name="project"),
    path(
        "budget/<int:pk>/projects/<int:project_pk>/image/",
        pages.project_image,
        name="project_image",
    ),
    path("budget/<int:pk>/vote/", ballot.vote, name="vote"),
    path("budget/<int:pk>/vote/confirm/", ballot.confirm, name="confirm"),
    path("budget/<int:pk>/vote/done/", ballot.done, name="done"),
    path("budget/<int:pk>/code/", code.code_enter, name="code"),
    path("budget/<int:pk>/code/leave/", ballot.leave, name="code_leave"),
]
