from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from platskraft.api import api
from platskraft.core import views as core_views
from platskraft.municipalities.views.public import landing

handler400 = "platskraft.core.views.bad_request"
handler403 = "platskraft.core.views.permission_denied"
handler404 = "platskraft.core.views.page_not_found"
handler500 = "platskraft.core.views.server_error"

urlpatterns = [
    path("", landing, name="home"),
    path("about/", core_views.about, name="about"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("platskraft.accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("<slug:municipality_slug>/", include("platskraft.proposals.urls")),
    path("<slug:municipality_slug>/", include("platskraft.surveys.urls")),
    path("<slug:municipality_slug>/", include("platskraft.maps.urls")),
    path("<slug:municipality_slug>/", include("platskraft.meetings.urls")),
    path("<slug:municipality_slug>/", include("platskraft.interviews.urls")),
    path("<slug:municipality_slug>/", include("platskraft.budgeting.urls")),
    path("<slug:municipality_slug>/", include("platskraft.plans.urls")),
    path("", include("platskraft.municipalities.urls")),
]
