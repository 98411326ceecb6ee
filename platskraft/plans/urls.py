"""Action-plan addresses: residents' follow-up pages under /<municipality>/plans/, staff
pages under /<municipality>/staff/plans/. Each part keeps its own list of paths, written
in full from the municipality's address: residents' pages in `views/public`, staff pages
(with the import and report pages) in `views/staff`."""

from .views import public, staff

app_name = "plans"

urlpatterns = [*public.urlpatterns, *staff.urlpatterns]
