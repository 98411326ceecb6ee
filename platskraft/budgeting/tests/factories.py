"""Budget rounds for tests: a round open for voting, districts, approved projects, ballots
and voting codes.

`RoundFactory()` is a knapsack round of 1 000 000 kr in the VOTING stage, open now (no
opening or closing time). `ProjectFactory(round=r)` is an approved project of 100 000 kr.
`BallotFactory(round=r, choices={p.pk: 1})` stores a ballot as the service would (keys as
strings); `VotingCodeFactory(round=r, code="K7QM-4PXT-9WHD")` stores only the code's hash.
"""

import factory

from platskraft.budgeting.models import (
    Ballot,
    BallotKind,
    Channel,
    District,
    Eligibility,
    Project,
    ProjectStatus,
    Round,
    Stage,
    VotingCode,
)
from platskraft.core.privacy import keyed_hash
from platskraft.municipalities.tests.factories import MunicipalityFactory, ProcessFactory


class RoundFactory(factory.django.DjangoModelFactory):
    """A knapsack round of 1 000 000 kr, open for voting now, residents and codes."""

    class Meta:
        model = Round

    municipality = factory.SubFactory(MunicipalityFactory)
    process = factory.SubFactory(
        ProcessFactory, municipality=factory.SelfAttribute("..municipality")
    )
    title = factory.Sequence(lambda n: f"Citizen budget {n}")
    description = "Ideas for the places we share."
    stage = Stage.VOTING
    budget_sek = 1_000_000
    ballot_kind = BallotKind.KNAPSACK
    min_projects = 1
    eligibility = Eligibility.BOTH


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    round = factory.SubFactory(RoundFactory)
    name = factory.Sequence(lambda n: f"District {n}")
    budget_sek = 500_000
    position = factory.Sequence(lambda n: n)


class ProjectFactory(factory.django.DjangoModelFactory):
    """An approved project of 100 000 kr (the next number in its round)."""

    class Meta:
        model = Project

    round = factory.SubFactory(RoundFactory)
    district = None
    number = factory.LazyAttribute(
        lambda o: (
            (Project.objects.filter(round=o.round).order_by("-number").first().number + 1)
            if Project.objects.filter(round=o.round).exists()
            else 1
        )
    )
    title = factory.Sequence(lambda n: f"Project {n}")
    description = "A bench, a tree and a lamp."
    cost_sek = 100_000
    status = ProjectStatus.APPROVED


class BallotFactory(factory.django.DjangoModelFactory):
    """A signed-in voter's ballot; pass `choices={project.pk: points}` (ints are fine)."""

    class Meta:
        model = Ballot

    round = factory.SubFactory(RoundFactory)
    district = None
    voter_key = factory.Sequence(lambda n: keyed_hash(f"test-voter-{n}", "budget-voter"))
    channel = Channel.ONLINE
    choices = factory.LazyFunction(dict)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs["choices"] = {str(k): int(v) for k, v in (kwargs.get("choices") or {}).items()}
        return super()._create(model_class, *args, **kwargs)


class VotingCodeFactory(factory.django.DjangoModelFactory):
    """A voting code; give `code="K7QM-4PXT-9WHD"` to know the plain code (only its hash
    is stored, normalised as `services.voting.normalise_code` does)."""

    class Meta:
        model = VotingCode
        exclude = ("code",)

    round = factory.SubFactory(RoundFactory)
    district = None
    code = factory.Sequence(lambda n: f"TEST-{n:04d}-CODE")
    code_hash = factory.LazyAttribute(lambda o: _code_hash(o.code))


def _code_hash(code: str) -> str:
    from platskraft.budgeting.services.voting import code_hash

    return code_hash(code)
