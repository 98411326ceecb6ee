"""Citizen budget addresses: residents' pages under /<municipality>/budget/, staff pages
under /<municipality>/staff/budget/. Each part keeps its own list of paths, written in
full from the municipality's address: the residents' pages in `views/public`, the staff
pages in `views/staff`, the results pages in `views/results`."""

from .views import public, results, staff

app_name = "budgeting"

urlpatterns = [*public.urlpatterns, *staff.urlpatterns, *results.urlpatterns]
