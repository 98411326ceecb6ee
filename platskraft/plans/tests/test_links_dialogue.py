"""Sub-projects link to meeting outcomes and coded interview passages; linking an outcome
tells the meeting's registrants who asked for it what happened next."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from platskraft.accounts.tests.factories import UserFactory
from platskraft.interviews.tests.factories import CodeFactory, PassageFactory
from platskraft.meetings.models import MeetingStatus, RegistrationStatus
from platskraft.meetings.tests.factories import (
    MeetingFactory,
    OutcomeFactory,
    RegistrationFactory,
)
from platskraft.municipalities.tests.factories import MunicipalityFactory
from platskraft.surveys.tests.factories import LocalityFactory

from ..services import links
from .factories import SubProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
SITE = "https://platskraft.example"


def test_an_outcome_is_linked_and_opted_in_registrants_are_told_once(
    django_capture_on_commit_callbacks,
):
    sub_project = SubProjectFactory(code="2.1", title="Welcome pack")
    municipality = sub_project.plan.municipality
    meeting = MeetingFactory(municipality=municipality, title="Dialogue on welcome")
    outcome = OutcomeFactory(meeting=meeting, text="A personal welcome for newcomers")
    told = RegistrationFactory(meeting=meeting, email="told@example.org", wants_updates=True)
    RegistrationFactory(meeting=meeting, email="quiet@example.org", wants_updates=False)
    RegistrationFactory(
        meeting=meeting,
        email="gone@example.org",
        wants_updates=True,
        status=RegistrationStatus.CANCELLED,
    )
    with django_capture_on_commit_callbacks(execute=True):
        link = links.link_add(
            sub_project=sub_project, target=outcome, by=UserFactory(), site_url=SITE
        )
    assert link.label.startswith("Dialogue on welcome (")
    assert link.label.endswith(": A personal welcome for newcomers")
    assert [m.to for m in mail.outbox] == [[told.email]]
    body = mail.outbox[0].body
    assert "2.1 Welcome pack" in body
    assert f"{SITE}/{municipality.slug}/plans/" in body
    assert f"{SITE}{meeting.get_absolute_url()}" in body


def test_no_mail_while_the_plan_is_not_public(django_capture_on_commit_callbacks):
    sub_project = SubProjectFactory(area__plan__is_published=False)
    meeting = MeetingFactory(municipality=sub_project.plan.municipality)
    RegistrationFactory(meeting=meeting, wants_updates=True)
    outcome = OutcomeFactory(meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        links.link_add(sub_project=sub_project, target=outcome, by=UserFactory(), site_url=SITE)
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_outcomes_of_draft_or_foreign_meetings_cannot_be_linked():
    sub_project = SubProjectFactory()
    municipality = sub_project.plan.municipality
    draft = OutcomeFactory(
        meeting=MeetingFactory(municipality=municipality, status=MeetingStatus.DRAFT)
    )
    foreign = OutcomeFactory(meeting=MeetingFactory(municipality=MunicipalityFactory()))
    for target in (draft, foreign):
        with pytest.raises(ValidationError):
            links.link_add(sub_project=sub_project, target=target, by=UserFactory())


def test_a_passage_is_linked_by_segment_locality_and_codes_without_quote_or_name():
    sub_project = SubProjectFactory()
    municipality = sub_project.plan.municipality
    pride = CodeFactory(municipality=municipality, name="Pride")
    passage = PassageFactory(
        interview__municipality=municipality,
        interview__locality=LocalityFactory(municipality=municipality, name="Nyland"),
        interview__respondent_name="",
        text="I am proud of the bridge.",
        codes=[pride],
    )
    link = links.link_add(sub_project=sub_project, target=passage, by=UserFactory())
    assert link.label == "Interview 2026-03-14 (Resident, Nyland): Pride"
    assert "bridge" not in link.label
    assert links.linkable_for(passage).find(municipality, passage.pk) == passage
    foreign = PassageFactory(text="the river")
    with pytest.raises(ValidationError):
        links.link_add(sub_project=sub_project, target=foreign, by=UserFactory())
