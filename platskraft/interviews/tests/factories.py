from datetime import date

import factory

from platskraft.municipalities.tests.factories import MunicipalityFactory
from platskraft.surveys.tests.factories import LocalityFactory

from ..models import Code, Interview, Passage, Segment


class CodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Code

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Code {n}")
    position = factory.Sequence(lambda n: n)


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    municipality = factory.SubFactory(MunicipalityFactory)
    date = date(2026, 3, 14)
    interviewer = "Eva Lind"
    segment = Segment.RESIDENT
    title = factory.Sequence(lambda n: f"Interview {n}")
    notes = "We come here for the river. I am proud of the bridge. The border is at the bridge."


class PassageFactory(factory.django.DjangoModelFactory):
    """A passage over `text`, found in the interview's notes (give `text=`)."""

    class Meta:
        model = Passage
        skip_postgeneration_save = True

    interview = factory.SubFactory(InterviewFactory)
    text = "the river"
    start = factory.LazyAttribute(lambda o: o.interview.notes.index(o.text))
    end = factory.LazyAttribute(lambda o: o.start + len(o.text))

    @factory.post_generation
    def codes(self, create, extracted, **kwargs):
        if create and extracted:
            self.codes.set(extracted)


__all__ = ["CodeFactory", "InterviewFactory", "LocalityFactory", "PassageFactory"]
