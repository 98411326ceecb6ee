"""A process page lists the process's surveys that the visitor may see."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from platskraft.core.activities import activities_for
from platskraft.municipalities.models.process import ProcessStatus
from platskraft.municipalities.tests.factories import ProcessFactory
from platskraft.surveys.models import SurveyStatus

from .factories import SurveyFactory

pytestmark = pytest.mark.django_db


def test_published_surveys_of_the_process_are_activities(kramfors, client):
    process = ProcessFactory(municipality=kramfors, status=ProcessStatus.PUBLISHED)
    SurveyFactory(
        municipality=kramfors,
        process=process,
        title="Att bo här",
        opens_at=datetime(2026, 5, 1, 8, tzinfo=UTC),
        closes_at=datetime(2026, 6, 1, 20, tzinfo=UTC),
    )
    SurveyFactory(municipality=kramfors, process=process, title="Utkast", status=SurveyStatus.DRAFT)
    SurveyFactory(municipality=kramfors, title="Fristående")
    found = activities_for(process, AnonymousUser())
    surveys = [a for a in found if a.url.startswith("/kramfors/surveys/")]
    assert [(a.title, a.start.isoformat(), a.end.isoformat()) for a in surveys] == [
        ("Att bo här", "2026-05-01", "2026-06-01")
    ]
    page = client.get(process.get_absolute_url())
    assert "Att bo här" in page.content.decode() and "Utkast" not in page.content.decode()
