import factory
from django.utils import timezone

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.tests.factories import MunicipalityFactory
from platskraft.proposals.models import (
    Category,
    Channel,
    Comment,
    Criterion,
    Proposal,
    Visibility,
)


class ChannelFactory(factory.django.DjangoModelFactory):
    """An always-open, published channel (give `phase=` for a call inside a process)."""

    class Meta:
        model = Channel

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Channel {n}")
    description = "Send us your ideas."
    is_published = True
    process = factory.LazyAttribute(lambda o: o.phase.process if o.phase else None)
    phase = None


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    channel = factory.SubFactory(ChannelFactory)
    name = factory.Sequence(lambda n: f"Category {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    channel = factory.SubFactory(ChannelFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 1


class ProposalFactory(factory.django.DjangoModelFactory):
    """A published proposal by a registered author."""

    class Meta:
        model = Proposal

    channel = factory.SubFactory(ChannelFactory)
    municipality = factory.LazyAttribute(lambda o: o.channel.municipality)
    title = factory.Sequence(lambda n: f"Proposal {n}")
    body = "A bench by the river would make the walk nicer."
    author = factory.SubFactory(UserFactory)
    author_name = factory.LazyAttribute(lambda o: o.author.display_name if o.author else "")
    visibility = Visibility.PUBLISHED
    submitted_at = factory.LazyFunction(timezone.now)
    published_at = factory.LazyFunction(timezone.now)
    search_text = factory.LazyAttribute(lambda o: f"{o.title} {o.body}".lower())


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    proposal = factory.SubFactory(ProposalFactory)
    author = factory.SubFactory(UserFactory)
    body = "I agree."
