"""The demo action plan has the shape of Kristinehamn's: 10 priority areas, 46 sub-projects
with 38 done / 6 ongoing / 2 not started, 1.7 MSEK, two revisions that differ, and the
sub-project linked to the resident's proposal."""

from datetime import date

import pytest

from platskraft.accounts.tests.factories import UserFactory
from platskraft.demo.plans import build_plans
from platskraft.municipalities.models import Role
from platskraft.municipalities.models.process import ProcessStatus
from platskraft.municipalities.tests.factories import MunicipalityFactory, ProcessFactory
from platskraft.plans.models import Link, Revision
from platskraft.plans.selectors.tree import revisions_compare
from platskraft.proposals.tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_demo_plan_has_the_kristinehamn_shape():
    kramfors = MunicipalityFactory()
    process = ProcessFactory(municipality=kramfors, status=ProcessStatus.CLOSED)
    ProposalFactory(channel__municipality=kramfors, title="Välkomstpaket till nyinflyttade")
    staff = {Role.EDITOR: UserFactory()}
    plan = build_plans(kramfors=kramfors, process=process, staff=staff, today=date(2026, 1, 1))
    assert plan.areas.count() == 10
    statuses = list(plan.sub_projects.values_list("status", flat=True))
    assert len(statuses) == 46
    assert (statuses.count("done"), statuses.count("ongoing"), statuses.count("not_started")) == (
        38,
        6,
        2,
    )
    planned = sum(f.planned_sek for sp in plan.sub_projects.all() for f in sp.funding.all())
    assert planned == 1_700_000
    revisions = list(Revision.objects.filter(plan=plan).order_by("date"))
    assert [r.label for r in revisions] == ["Styrgruppen 2017-03-14", "Slutrapport 2018-12-01"]
    assert revisions[0].snapshot != revisions[1].snapshot
    assert plan.sub_projects.get(title="Välkomstpaket till nyinflyttade").links.count() == 1
    assert Link.objects.filter(sub_project__plan=plan).count() == 1
    diff = revisions_compare(revisions[0], revisions[1])
    assert len(diff.added) == 6
    assert not diff.removed
    assert any("status" in change.fields() for change in diff.changed)
    assert any("planned" in change.fields() for change in diff.changed)
