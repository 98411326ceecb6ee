"""Sub-projects link to meeting outcomes and coded interview passages; linking an outcome
tells the meeting's registrants who asked for it what happened next."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from platskraft.accounts.tests.factories import UserFactory
from platskraft.interviews.tests.factories import CodeFactory, PassageFactory
from platskraft.meetings.models import MeetingStatus, RegistrationStatus
from platskraft.meetings.tests.factories import (
    MeetingFactory,
    OutcomeFactory,
    RegistrationFactory,
)
from platskraft.municipalities import services as process_services
from platskraft.municipalities.models.process import ProcessStatus
from platskraft.municipalities.tests.factories import MunicipalityFactory, ProcessFactory
from platskraft.surveys.tests.factories import LocalityFactory

from ..services import links
from ..services import plans as plan_services
from .factories import SubProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
SITE = "https://platskraft.example"
NOW = timezone.now()


def test_an_outcome_is_linked_and_opted_in_registrants_are_told_once(
    django_capture_on_commit_callbacks,
):
    sub_project = SubProjectFactory(code="2.1", title="Welcome pack")
    municipality = sub_project.plan.municipality
    meeting = MeetingFactory(
        municipality=municipality, title="Dialogue on welcome", minutes_published_at=NOW
    )
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


def test_no_mail_while_the_plan_is_a_draft_then_once_when_it_is_published(
    django_capture_on_commit_callbacks,
):
    sub_project = SubProjectFactory(area__plan__is_published=False, code="3.2")
    plan = sub_project.plan
    meeting = MeetingFactory(municipality=plan.municipality, minutes_published_at=NOW)
    told = RegistrationFactory(meeting=meeting, wants_updates=True)
    outcome = OutcomeFactory(meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        link = links.link_add(
            sub_project=sub_project, target=outcome, by=UserFactory(), site_url=SITE
        )
    assert len(callbacks) == 1
    assert mail.outbox == []
    link.refresh_from_db()
    assert link.told_at is None
    editor = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.plan_publish(plan=plan, by=editor, published=True, site_url=SITE)
    assert [m.to for m in mail.outbox] == [[told.email]]
    assert "3.2" in mail.outbox[0].body and f"{SITE}/{plan.municipality.slug}/plans/" in (
        mail.outbox[0].body
    )
    link.refresh_from_db()
    assert link.told_at is not None
    # Hidden and shown again: nobody is told twice.
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.plan_publish(plan=plan, by=editor, published=False, site_url=SITE)
        plan_services.plan_publish(plan=plan, by=editor, published=True, site_url=SITE)
    assert len(mail.outbox) == 1


def test_a_published_plan_of_a_draft_process_tells_when_the_process_is_published(
    django_capture_on_commit_callbacks,
):
    process = ProcessFactory(status=ProcessStatus.DRAFT)
    sub_project = SubProjectFactory(
        area__plan__is_published=True,
        area__plan__process=process,
        area__plan__municipality=process.municipality,
    )
    meeting = MeetingFactory(municipality=process.municipality, minutes_published_at=NOW)
    told = RegistrationFactory(meeting=meeting, wants_updates=True)
    with django_capture_on_commit_callbacks(execute=True):
        links.link_add(
            sub_project=sub_project,
            target=OutcomeFactory(meeting=meeting),
            by=UserFactory(),
            site_url=SITE,
        )
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        process_services.process_set_status(
            process=process, status=ProcessStatus.PUBLISHED, site_url=SITE
        )
    assert [m.to for m in mail.outbox] == [[told.email]]
    with django_capture_on_commit_callbacks(execute=True):
        process_services.process_set_status(process=process, status=ProcessStatus.CLOSED)
    assert len(mail.outbox) == 1


def test_only_outcomes_whose_minutes_are_published_here_can_be_linked():
    sub_project = SubProjectFactory()
    municipality = sub_project.plan.municipality
    draft = OutcomeFactory(
        meeting=MeetingFactory(
            municipality=municipality, status=MeetingStatus.DRAFT, minutes_published_at=NOW
        )
    )
    unpublished = OutcomeFactory(meeting=MeetingFactory(municipality=municipality))
    foreign = OutcomeFactory(
        meeting=MeetingFactory(municipality=MunicipalityFactory(), minutes_published_at=NOW)
    )
    for target in (draft, unpublished, foreign):
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
    assert link.label == "Interview 2026-03 (Resident, Nyland): Pride"
    assert "bridge" not in link.label
    assert links.linkable_for(passage).find(municipality, passage.pk) == passage
    foreign = PassageFactory(text="the river")
    with pytest.raises(ValidationError):
        links.link_add(sub_project=sub_project, target=foreign, by=UserFactory())


def test_the_meeting_page_reads_what_happened_next_in_the_same_queries_for_any_number(
    client,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import AreaFactory

    area = AreaFactory()
    municipality = area.plan.municipality
    meeting = MeetingFactory(municipality=municipality, minutes_published_at=NOW)
    official = UserFactory()

    def link_outcomes(count):
        for n in range(count):
            outcome = OutcomeFactory(meeting=meeting, text=f"Outcome {n}")
            sub_project = SubProjectFactory(area=area, title=f"Taken up {outcome.pk}")
            links.link_add(sub_project=sub_project, target=outcome, by=official)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(meeting.get_absolute_url())
        assert response.status_code == 200
        return len(captured), response.content.decode()

    link_outcomes(2)
    few, page = queries()
    assert page.count("Taken up ") == 2
    link_outcomes(6)
    many, page = queries()
    assert page.count("Taken up ") == 8
    assert many == few
