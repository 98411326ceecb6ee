from datetime import date

import factory

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.models import (
    County,
    Department,
    Financier,
    GovernanceGroup,
    GroupMember,
    KnownMunicipality,
    Membership,
    Municipality,
    Phase,
    Process,
    Role,
)
from platskraft.municipalities.models.process import PhaseKind, ProcessStatus


def _known(code: str) -> KnownMunicipality:
    return KnownMunicipality.objects.get(code=code)


class MunicipalityFactory(factory.django.DjangoModelFactory):
    """A municipality from the official list (the codes are loaded by a migration)."""

    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    class Params:
        known = factory.LazyAttribute(lambda o: _known(o.code))

    code = factory.Iterator(["2282", "1281", "1781", "0480", "2361"])
    name = factory.LazyAttribute(lambda o: o.known.name)
    slug = factory.LazyAttribute(lambda o: f"m{o.code}")
    county = factory.LazyAttribute(lambda o: County.objects.get(code=o.known.county_id))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Role.EDITOR


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Process {n}")
    summary = "A process to test with."
    start_date = date(2026, 1, 1)
    end_date = date(2028, 12, 31)
    status = ProcessStatus.PUBLISHED


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Phase {n}")
    kind = PhaseKind.FORUM
    start_date = date(2026, 1, 1)
    end_date = date(2026, 12, 31)


class FinancierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Financier

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Financier {n}")
    amount_sek = 100_000


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceGroup

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Group {n}")


class GroupMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMember

    group = factory.SubFactory(GroupFactory)
    name = factory.Sequence(lambda n: f"Member {n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Committee {n}")
