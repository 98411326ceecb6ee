"""Answering surveys: residents' pages (list, introduction, one page per section, resume
link, thank-you), and the staff's field mode, kiosk mode and list of responses.

`public` holds the pages around answering, `section` the answering itself, `staff` the
staff pages; `_common` who is answering (device cookie, signed-in person, kiosk) and
`_blocks` the questions made ready for the templates.
"""

from django.urls import path

from . import public, section, staff

urlpatterns = [
    path("surveys/", public.survey_list, name="list"),
    path("surveys/<int:pk>/", public.survey_detail, name="detail"),
    path(
        "surveys/<int:pk>/answer/<int:section>/",
        section.AnswerSection.as_view(),
        name="answer",
    ),
    path("surveys/<int:pk>/saved/", public.saved, name="saved"),
    path("surveys/<int:pk>/resume/<str:token>/", public.resume, name="resume"),
    path("surveys/<int:pk>/thanks/", public.thanks, name="thanks"),
    path("staff/surveys/<int:pk>/field/", staff.FieldEntry.as_view(), name="staff_field"),
    path("staff/surveys/<int:pk>/kiosk/start/", staff.KioskStart.as_view(), name="staff_kiosk"),
    path(
        "staff/surveys/<int:pk>/kiosk/stop/",
        staff.KioskStop.as_view(),
        name="staff_kiosk_stop",
    ),
    path(
        "staff/surveys/<int:pk>/responses/",
        staff.ResponseList.as_view(),
        name="staff_responses",
    ),
]
