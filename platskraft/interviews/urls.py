"""Interview addresses, all for staff, under /<municipality>/staff/interviews/ (the paths
are written in full in `views`)."""

from .views import urlpatterns as staff_urlpatterns

app_name = "interviews"

urlpatterns = [*staff_urlpatterns]
