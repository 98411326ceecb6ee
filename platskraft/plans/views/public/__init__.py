"""Residents' pages of action plans: the list, a plan's follow-up page, a sub-project's
page, an update's photo, and the feeds of updates (RSS and Atom)."""

from django.urls import path

from ...feeds import UpdatesAtom, UpdatesRss
from . import pages

urlpatterns = [
    path("plans/", pages.plan_list, name="list"),
    path("plans/<int:pk>/", pages.plan_detail, name="detail"),
    path("plans/<int:pk>/updates/rss/", UpdatesRss(), name="feed_rss"),
    path("plans/<int:pk>/updates/atom/", UpdatesAtom(), name="feed_atom"),
    path("plans/<int:pk>/items/<int:sp_pk>/", pages.sub_project_detail, name="sub_project"),
    path("plans/<int:pk>/updates/<int:update_pk>/photo/", pages.update_photo, name="photo"),
]
