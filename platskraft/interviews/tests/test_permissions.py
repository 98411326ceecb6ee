"""Role × interview action: notes only for admins and editors of the municipality; the
counts and the codebook for everyone who reads the staff pages."""

import pytest

from platskraft.municipalities.tests.factories import MunicipalityFactory
from platskraft.municipalities.tests.roles import EDITORS, ROLES, STAFF_READERS, user_for

from ..permissions import INTERVIEW_ACTIONS
from .factories import CodeFactory, InterviewFactory, PassageFactory

EXPECTED = {
    "interviews.view_counts": STAFF_READERS,
    "interviews.view_notes": EDITORS,
    "interviews.view_passage": EDITORS,
    "interviews.record": EDITORS,
    "interviews.code": EDITORS,
    "interviews.manage_codebook": EDITORS,
}


def test_every_interview_action_has_expectations():
    assert set(EXPECTED) == set(INTERVIEW_ACTIONS)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role):
    municipality = MunicipalityFactory(code="2282")
    interview = InterviewFactory(municipality=municipality)
    user = user_for(role, municipality)
    passage = PassageFactory(interview=interview)
    targets = {"municipality": municipality, "interview": interview, "passage": passage}
    got = {
        action: user.has_perm(action, targets[kind]) for action, kind in INTERVIEW_ACTIONS.items()
    }
    assert got == {action: role in EXPECTED[action] for action in INTERVIEW_ACTIONS}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["admin", "editor", "observer"])
def test_codes_and_passages_answer_like_their_municipality(role):
    municipality = MunicipalityFactory(code="2282")
    user = user_for(role, municipality)
    interview = InterviewFactory(municipality=municipality)
    code = CodeFactory(municipality=municipality)
    passage = PassageFactory(interview=interview, codes=[code])
    for action in INTERVIEW_ACTIONS:
        expected = user.has_perm(action, municipality)
        assert user.has_perm(action, interview) == expected
        assert user.has_perm(action, code) == expected
        assert user.has_perm(action, passage) == expected
    elsewhere = InterviewFactory(municipality=MunicipalityFactory(code="1281"))
    assert not any(user.has_perm(action, elsewhere) for action in INTERVIEW_ACTIONS)
