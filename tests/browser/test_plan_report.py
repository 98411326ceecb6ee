"""The final report in a real browser: an official opens the report, writes the narrative
of a section, and downloads the PDF, whose text has every section, the 38/6/2 figures and
the narrative. No axe-core violations on the report page or the section's form."""

import pytest
from django.utils import translation
from pypdf import PdfReader

from platskraft.accounts.tests.factories import PASSWORD, UserFactory
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory
from platskraft.plans.models import ReportSection, Status
from platskraft.plans.report import SECTIONS
from platskraft.plans.report.facts import status_counts, status_sentence
from platskraft.plans.tests.factories import (
    AreaFactory,
    FundingFactory,
    PlanFactory,
    SubProjectFactory,
)

from .conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_plan(municipality):
    plan = PlanFactory(municipality=municipality, title="Handlingsplan för centrum")
    areas = [AreaFactory(plan=plan) for _ in range(10)]
    statuses = [Status.DONE] * 38 + [Status.ONGOING] * 6 + [Status.NOT_STARTED] * 2
    for i, status in enumerate(statuses):
        sub_project = SubProjectFactory(area=areas[i % 10], status=status)
        if i < 3:
            FundingFactory(sub_project=sub_project, financier=f"Financier {i}")
    return plan


def test_an_official_writes_a_section_and_downloads_the_pdf(page, kramfors):
    plan = a_plan(kramfors)
    editor = UserFactory(email="eva@example.org", display_name="Eva")
    MembershipFactory(municipality=kramfors, role=Role.EDITOR, user=editor)
    log_in(page, "eva@example.org", PASSWORD)
    with translation.override("sv"):  # the browser asks for Swedish
        titles = [str(title) for _key, title in SECTIONS]
        figures = status_sentence(status_counts(plan))

    base = f"/kramfors/staff/plans/{plan.pk}/report/"
    page.goto(base)
    assert page.locator("main h1").inner_text().endswith(plan.title)
    assert page.locator(".report-section h2").all_inner_texts() == [
        f"{n}. {title}" for n, title in enumerate(titles, start=1)
    ]
    assert page.locator(".report-figure svg[role=img]").count() == 2
    assert figures in page.locator("#section-initiatives").inner_text()
    assert axe_violations(page) == []

    page.click(f"a[href='{base}experiences/']")
    page.wait_for_url(f"**{base}experiences/")
    assert axe_violations(page) == []
    page.fill("textarea[name=narrative]", "Walks with residents worked best.\n\nSay it early.")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".message-success")
    assert page.url.endswith(f"{base}#section-experiences")
    narrative = page.locator("#section-experiences .report-narrative p")
    assert narrative.all_inner_texts() == ["Walks with residents worked best.", "Say it early."]
    assert ReportSection.objects.get(plan=plan, key="experiences").updated_by == editor
    assert axe_violations(page) == []

    with page.expect_download() as info:
        page.click(f"a[href='{base}pdf/']")
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    reader = PdfReader(download.path())
    text = "\n".join(p.extract_text() for p in reader.pages)
    for title in titles:
        assert title in text
    assert figures in text
    assert "Walks with residents worked best." in text
    assert str(reader.trailer["/Root"]["/Lang"]) == "sv"
