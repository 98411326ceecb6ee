"""The final report: facts from the platform in every section, the narrative staff write,
the PDF (its text, table of contents, tags and language), and who may see and edit it."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import (
    FinancierFactory,
    MembershipFactory,
    PhaseFactory,
)
from platskraft.plans.models import ReportSection, Status
from platskraft.plans.report import SECTIONS, build_report, section_save
from platskraft.plans.report.charts import Series, bar_chart
from platskraft.plans.report.facts import budget_rows, status_counts, status_sentence
from platskraft.plans.report.pdf import render_pdf
from platskraft.plans.tests.factories import (
    AreaFactory,
    FundingFactory,
    PlanFactory,
    SubProjectFactory,
    UpdateFactory,
)

pytestmark = pytest.mark.django_db

ENGLISH_TITLES = [
    "Introduction",
    "Knowledge gathering",
    "Initiatives and activities",
    "Communication and marketing",
    "Continued work",
    "Evaluations and analyses",
    "Experiences",
]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def kristinehamn_like(plan, *, done=38, ongoing=6, not_started=2):
    """Sub-projects spread over ten areas: 38 done, 6 ongoing, 2 not started."""
    areas = [AreaFactory(plan=plan, title=f"Area {n}") for n in range(1, 11)]
    statuses = (
        [Status.DONE] * done + [Status.ONGOING] * ongoing + [Status.NOT_STARTED] * not_started
    )
    sub_projects = [
        SubProjectFactory(area=areas[i % len(areas)], status=status)
        for i, status in enumerate(statuses)
    ]
    FundingFactory(
        sub_project=sub_projects[0], financier="Kommunen", planned_sek=1_000_000, spent_sek=900_000
    )
    FundingFactory(
        sub_project=sub_projects[1], financier="Leader", planned_sek=700_000, spent_sek=750_000
    )
    return areas, sub_projects


@pytest.fixture
def plan(kramfors):
    plan = PlanFactory(municipality=kramfors, title="Strategisk handlingsplan")
    PhaseFactory(process=plan.process, name="Kick-off seminar")
    FinancierFactory(process=plan.process, name="Tillväxtverket", amount_sek=1_200_000)
    kristinehamn_like(plan)
    return plan


def swedish(plan):
    """What pages (Swedish by default) call the sections, and the status figures."""
    with translation.override("sv"):
        return [str(title) for _key, title in SECTIONS], status_sentence(status_counts(plan))


def url(name, plan, **kwargs):
    return reverse(
        f"plans:{name}",
        kwargs={"municipality_slug": plan.municipality.slug, "pk": plan.pk, **kwargs},
    )


def staff(municipality, role=Role.EDITOR, **kwargs):
    user = UserFactory(**kwargs)
    MembershipFactory(municipality=municipality, user=user, role=role)
    return user


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


# Facts --------------------------------------------------------------------------------


def test_status_counts_and_budget_come_from_the_plan(plan):
    counts = status_counts(plan)
    assert (counts["done"], counts["ongoing"], counts["not_started"]) == (38, 6, 2)
    assert budget_rows(plan) == [("Kommunen", 1_000_000, 900_000), ("Leader", 700_000, 750_000)]


def test_every_section_in_order_with_facts_from_the_platform(plan):
    report = build_report(plan)
    assert [s.title for s in report.sections] == ENGLISH_TITLES
    intro = report.section("introduction")
    facts = dict(f for b in intro.blocks for f in b.facts)
    assert facts["Process"] == plan.process.title
    tables = {b.caption: b for b in intro.blocks if b.kind == "table"}
    assert tables["Phases"].rows[0][0] == "Kick-off seminar"
    assert tables["Financing of the process"].rows[0][0] == "Tillväxtverket"
    initiatives = report.section("initiatives")
    facts = dict(f for b in initiatives.blocks for f in b.facts)
    assert facts["Sub-projects"] == "46"
    assert facts["Status"] == "38 done, 6 ongoing, 2 not started"
    charts = [b.svg for b in initiatives.blocks if b.kind == "chart"]
    assert len(charts) == 2 and all(c.startswith("<svg") for c in charts)
    communication = report.section("communication")
    assert communication.blocks[1].lines == []
    UpdateFactory(sub_project=plan.sub_projects.first(), text="Benches in place.")
    communication = build_report(plan).section("communication")
    assert dict(communication.blocks[0].facts)["Updates on the timeline"] == "1"
    assert "Benches in place." in communication.blocks[1].lines[0]
    continued = report.section("continued").blocks[0]
    assert len(continued.rows) == 8  # 6 ongoing + 2 not started


def test_participation_is_counted_in_the_process_only(plan, kramfors):
    from platskraft.proposals.models import Proposal, Visibility
    from platskraft.proposals.tests.factories import ChannelFactory, ProposalFactory

    inside = ChannelFactory(municipality=kramfors, process=plan.process)
    outside = ChannelFactory(municipality=kramfors, process=None)
    ProposalFactory.create_batch(
        3, channel=inside, municipality=kramfors, visibility=Visibility.PUBLISHED
    )
    ProposalFactory(channel=outside, municipality=kramfors, visibility=Visibility.PUBLISHED)
    assert Proposal.objects.count() == 4
    facts = dict(f for b in build_report(plan).section("knowledge").blocks for f in b.facts)
    assert facts["Proposals from residents"] == "3"
    assert facts["Survey responses"] == "0"


def test_an_empty_plan_still_has_every_section(kramfors):
    plan = PlanFactory(municipality=kramfors, process=None)
    report = build_report(plan)
    assert len(report.sections) == 7
    assert report.status_counts["done"] == 0


def test_chart_text_is_escaped():
    svg = bar_chart(
        title="<script>",
        description="a & b",
        categories=["<b>x</b>"],
        series=[Series("s", "#000", [1])],
    )
    assert "<script>" not in svg and "&lt;b&gt;" in svg and 'role="img"' in svg


# Narrative -----------------------------------------------------------------------------


def test_section_save_stores_and_clears_the_narrative(plan):
    editor = staff(plan.municipality)
    section_save(plan=plan, key="experiences", narrative="We learned.\r\n\r\nA lot.", by=editor)
    stored = ReportSection.objects.get(plan=plan, key="experiences")
    assert stored.narrative == "We learned.\n\nA lot." and stored.updated_by == editor
    section_save(plan=plan, key="experiences", narrative="  ", by=editor)
    assert ReportSection.objects.get(plan=plan, key="experiences").narrative == ""


def test_section_save_refuses_an_unknown_section_and_a_too_long_text(plan):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        section_save(plan=plan, key="appendix", narrative="x", by=None)
    with pytest.raises(ValidationError) as error:
        section_save(plan=plan, key="introduction", narrative="x" * 20_001, by=None)
    assert "narrative" in error.value.message_dict
    assert not ReportSection.objects.exists()


# PDF -----------------------------------------------------------------------------------


def test_the_pdf_has_every_section_the_figures_and_the_narratives(plan):
    section_save(plan=plan, key="experiences", narrative="Residents' walks worked best.", by=None)
    report = build_report(plan)
    content = render_pdf(report, base_url="http://testserver/")
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    for title in ENGLISH_TITLES:
        assert title in text
    assert "38 done, 6 ongoing, 2 not started" in text
    assert "Residents' walks worked best." in text
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]  # tagged
    assert str(root["/Lang"]).startswith("en")
    assert reader.metadata.title == report.title
    # The contents list each section with a page number after it.
    contents = reader.pages[0].extract_text()
    for title in ENGLISH_TITLES:
        assert re.search(re.escape(title) + r"[ .]*\d+", contents), contents
    # Each section starts a page; the footer numbers the pages "n / total".
    assert len(reader.pages) >= 8
    assert re.search(rf"\b3 / {len(reader.pages)}\b", reader.pages[2].extract_text())


def test_the_pdf_in_swedish_says_so(plan):
    with translation.override("sv"):
        content = render_pdf(build_report(plan), base_url="http://testserver/")
    assert str(PdfReader(io.BytesIO(content)).trailer["/Root"]["/Lang"]) == "sv"


# Views and permissions -----------------------------------------------------------------


def test_an_official_reads_the_report_and_downloads_the_pdf(client, plan):
    titles, figures = swedish(plan)
    client.force_login(staff(plan.municipality, role=Role.CASE_HANDLER))
    page = client.get(url("staff_report", plan))
    assert page.status_code == 200
    html = page.content.decode()
    for title in titles:
        assert title in html
    assert figures in html
    assert url("staff_report_section", plan, key="introduction") not in html  # may not edit
    pdf = client.get(url("staff_report_pdf", plan))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"]
    text = pdf_text(pdf.content)
    assert figures in text and all(title in text for title in titles)


def test_an_editor_edits_a_section(client, plan):
    client.force_login(staff(plan.municipality))
    edit = url("staff_report_section", plan, key="experiences")
    assert edit in client.get(url("staff_report", plan)).content.decode()
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"narrative": "The walks worked."})
    assert response.status_code == 302
    assert ReportSection.objects.get(plan=plan, key="experiences").narrative == "The walks worked."
    assert "The walks worked." in client.get(url("staff_report", plan)).content.decode()


def test_a_too_long_narrative_keeps_what_was_typed(client, plan):
    client.force_login(staff(plan.municipality))
    text = "y" * 20_001
    response = client.post(
        url("staff_report_section", plan, key="introduction"), {"narrative": text}
    )
    assert response.status_code == 200
    assert text in response.content.decode()
    assert not ReportSection.objects.exists()


def test_who_may_do_what(client, plan, lund):
    edit = url("staff_report_section", plan, key="introduction")
    # Anonymous: staff pages ask to log in.
    assert client.get(url("staff_report", plan)).status_code == 302
    # A case handler reads but does not edit.
    client.force_login(staff(plan.municipality, role=Role.CASE_HANDLER))
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"narrative": "x"}).status_code == 404
    # Staff of another municipality: 404 everywhere, even through their own address.
    client.force_login(staff(lund))
    assert client.get(url("staff_report", plan)).status_code == 404
    other = reverse("plans:staff_report", kwargs={"municipality_slug": "lund", "pk": plan.pk})
    assert client.get(other).status_code == 404
    assert client.get(url("staff_report_pdf", plan)).status_code == 404
    assert not ReportSection.objects.exists()


def test_an_unknown_section_is_404(client, plan):
    client.force_login(staff(plan.municipality))
    assert client.get(url("staff_report_section", plan, key="appendix")).status_code == 404


def test_residents_see_the_report_once_the_plan_is_published(client, plan):
    assert client.get(url("report", plan)).status_code == 200
    html = client.get(url("report", plan)).content.decode()
    assert "/report/introduction/" not in html and swedish(plan)[1] in html
    assert client.get(url("report_pdf", plan)).status_code == 200
    plan.is_published = False
    plan.save()
    assert client.get(url("report", plan)).status_code in (302, 404)
    assert client.get(url("report_pdf", plan)).status_code in (302, 404)
