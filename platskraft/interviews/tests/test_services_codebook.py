"""The codebook: names unique among siblings, no cycles, moving, removing, and starting
from the Kramfors codebook only when empty."""

import pytest
from django.core.exceptions import ValidationError

from platskraft.municipalities.tests.factories import MunicipalityFactory

from ..models import Code
from ..selectors.codebook import code_tree
from ..services import codebook as services
from .factories import CodeFactory, InterviewFactory, PassageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def names(municipality) -> list[str]:
    return [node.label for node in code_tree(municipality)]


def test_codes_nest_and_the_tree_follows_position(kramfors):
    movement = services.code_create(municipality=kramfors, name="  Movement ")
    pride = services.code_create(municipality=kramfors, name="Pride")
    services.code_create(municipality=kramfors, name="Reasons for visiting", parent=movement)
    services.code_create(municipality=kramfors, name="Commuting", parent=movement)
    assert movement.name == "Movement"
    assert names(kramfors) == [
        "Movement",
        "Movement › Reasons for visiting",
        "Movement › Commuting",
        "Pride",
    ]
    services.code_move(code=pride, direction="up")
    assert names(kramfors)[0] == "Pride"
    services.code_move(code=pride, direction="up")  # already first: nothing happens
    assert names(kramfors)[0] == "Pride"
    commuting = Code.objects.get(name="Commuting")
    services.code_move(code=commuting, direction="up")
    assert names(kramfors)[2:] == ["Movement › Commuting", "Movement › Reasons for visiting"]


def test_duplicate_names_among_siblings_are_refused_but_allowed_elsewhere(kramfors, lund):
    movement = services.code_create(municipality=kramfors, name="Movement")
    pride = services.code_create(municipality=kramfors, name="Pride")
    services.code_create(municipality=kramfors, name="Bridges", parent=movement)
    with pytest.raises(ValidationError) as caught:
        services.code_create(municipality=kramfors, name="bridges", parent=movement)
    assert caught.value.message_dict == {
        "name": ["There is already a code “bridges” under “Movement”: choose another name."]
    }
    with pytest.raises(ValidationError) as caught:
        services.code_create(municipality=kramfors, name="PRIDE")
    assert "at the top level" in caught.value.message_dict["name"][0]
    # Under another parent, and in another municipality, the name is free.
    services.code_create(municipality=kramfors, name="Bridges", parent=pride)
    services.code_create(municipality=lund, name="Movement")
    # Renaming into a sibling's name is refused as well.
    with pytest.raises(ValidationError):
        services.code_update(code=pride, name="movement", parent=None)
    assert Code.objects.filter(municipality=kramfors).count() == 4


def test_a_code_cannot_go_under_itself_or_its_descendants(kramfors):
    movement = services.code_create(municipality=kramfors, name="Movement")
    visits = services.code_create(municipality=kramfors, name="Visits", parent=movement)
    summer = services.code_create(municipality=kramfors, name="Summer", parent=visits)
    for parent in (movement, visits, summer):
        with pytest.raises(ValidationError) as caught:
            services.code_update(code=movement, name="Movement", parent=parent)
        assert "parent" in caught.value.message_dict
    movement.refresh_from_db()
    assert movement.parent is None
    # Moving a leaf to the top is fine.
    services.code_update(code=summer, name="Summer", parent=None)
    assert Code.objects.get(pk=summer.pk).parent is None


def test_a_parent_from_another_municipality_is_refused(kramfors, lund):
    foreign = CodeFactory(municipality=lund)
    with pytest.raises(ValidationError) as caught:
        services.code_create(municipality=kramfors, name="Movement", parent=foreign)
    assert caught.value.message_dict == {"parent": ["Choose a code of this codebook."]}


def test_empty_and_too_long_names_are_refused(kramfors):
    with pytest.raises(ValidationError) as caught:
        services.code_create(municipality=kramfors, name="   ")
    assert caught.value.message_dict == {"name": ["Give the code a name."]}
    with pytest.raises(ValidationError):
        services.code_create(municipality=kramfors, name="x" * 81)
    assert not Code.objects.exists()


def test_removing_a_code_removes_its_children_and_passages_keep_other_codes(kramfors):
    movement = services.code_create(municipality=kramfors, name="Movement")
    visits = services.code_create(municipality=kramfors, name="Visits", parent=movement)
    pride = services.code_create(municipality=kramfors, name="Pride")
    passage = PassageFactory(
        interview=InterviewFactory(municipality=kramfors), codes=[visits, pride]
    )
    services.code_delete(code=movement)
    assert list(Code.objects.values_list("name", flat=True)) == ["Pride"]
    assert list(passage.codes.all()) == [pride]


def test_the_kramfors_codebook_fills_an_empty_codebook_only(kramfors):
    made = services.codebook_start_from_kramfors(municipality=kramfors)
    labels = names(kramfors)
    assert made == len(labels) > 10
    assert labels[:2] == ["Movement", "Movement › Reasons for visiting"]
    for top in ("Pride", "Borders", "View of the municipality as an organisation"):
        assert top in labels
    with pytest.raises(ValidationError):
        services.codebook_start_from_kramfors(municipality=kramfors)
    assert len(names(kramfors)) == made
    other = MunicipalityFactory(code="1281")
    CodeFactory(municipality=other, name="Our own")
    with pytest.raises(ValidationError):
        services.codebook_start_from_kramfors(municipality=other)
    assert names(other) == ["Our own"]
