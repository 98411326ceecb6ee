from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from platskraft.municipalities import services
from platskraft.municipalities.forms import FinancierForm, PhaseForm, ProcessForm
from platskraft.municipalities.models import (
    KnownMunicipality,
    Membership,
    Municipality,
    Phase,
    Role,
)

from .factories import (
    DepartmentFactory,
    MembershipFactory,
    MunicipalityFactory,
    PhaseFactory,
    ProcessFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_the_official_list_has_290_municipalities_in_21_counties():
    assert KnownMunicipality.objects.count() == 290
    assert KnownMunicipality.objects.values("county").distinct().count() == 21
    kramfors = KnownMunicipality.objects.get(code="2282")
    assert (kramfors.name, kramfors.county.name) == ("Kramfors", "Västernorrlands län")


def test_municipality_create_takes_name_county_and_boundary_from_the_official_list():
    known = KnownMunicipality.objects.get(code="2282")
    known.boundary = {"type": "Polygon", "coordinates": [[[17, 62], [18, 62], [18, 63], [17, 62]]]}
    known.centre_lat, known.centre_lon = 62.9, 17.8
    known.save()
    municipality = services.municipality_create(code="2282", slug="kramfors")
    assert municipality.name == "Kramfors"
    assert municipality.county_id == "22"
    assert municipality.boundary == known.boundary
    assert municipality.centre == (62.9, 17.8)


@pytest.mark.parametrize("slug", ["admin", "accounts", "api", "static"])
def test_reserved_slugs_are_refused(slug):
    with pytest.raises(ValidationError) as error:
        services.municipality_create(code="2282", slug=slug)
    assert "slug" in error.value.message_dict
    assert not Municipality.objects.exists()


def _phase_form(process, **data):
    defaults = {"name": "Arena", "kind": "arena", "description": ""}
    return PhaseForm({**defaults, **data}, parent=process)


def test_phase_that_ends_before_it_starts_is_refused_on_the_end_date():
    process = ProcessFactory()
    form = _phase_form(process, start_date="2026-05-01", end_date="2026-04-01")
    assert not form.is_valid()
    assert "end_date" in form.errors
    assert not Phase.objects.exists()


def test_overlapping_phase_is_refused_naming_the_other_phase():
    process = ProcessFactory()
    PhaseFactory(
        process=process, name="Forum", start_date=date(2026, 1, 1), end_date=date(2026, 3, 31)
    )
    form = _phase_form(process, start_date="2026-03-15", end_date="2026-06-30")
    assert not form.is_valid()
    assert "Forum" in form.errors["start_date"][0]
    assert Phase.objects.count() == 1


def test_phase_outside_the_process_is_refused():
    process = ProcessFactory(start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
    form = _phase_form(process, start_date="2025-12-01", end_date="2027-01-31")
    assert not form.is_valid()
    assert set(form.errors) == {"start_date", "end_date"}


def test_editing_a_phase_does_not_clash_with_itself():
    process = ProcessFactory()
    phase = PhaseFactory(process=process, start_date=date(2026, 1, 1), end_date=date(2026, 3, 31))
    form = PhaseForm(
        {
            "name": "Longer forum",
            "kind": "forum",
            "start_date": "2026-01-01",
            "end_date": "2026-04-30",
        },
        instance=phase,
        parent=process,
    )
    assert form.is_valid(), form.errors
    services.phase_save(form=form)
    phase.refresh_from_db()
    assert phase.end_date == date(2026, 4, 30)


def test_phase_save_checks_again_inside_the_transaction():
    """A phase added by someone else after the form was checked is still caught."""
    process = ProcessFactory()
    form = _phase_form(process, start_date="2026-02-01", end_date="2026-02-28")
    assert form.is_valid()
    PhaseFactory(
        process=process, name="Sneaked in", start_date=date(2026, 1, 1), end_date=date(2026, 3, 31)
    )
    with pytest.raises(ValidationError) as error:
        services.phase_save(form=form)
    assert "Sneaked in" in str(error.value)
    assert Phase.objects.count() == 1


def test_process_dates_must_still_contain_its_phases():
    process = ProcessFactory(start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
    PhaseFactory(
        process=process, name="Court", start_date=date(2026, 10, 1), end_date=date(2026, 12, 31)
    )
    form = ProcessForm(
        {
            "title": process.title,
            "summary": "s",
            "start_date": "2026-01-01",
            "end_date": "2026-11-30",
        },
        instance=process,
        parent=process.municipality,
    )
    assert not form.is_valid()
    assert "Court" in form.errors["end_date"][0]


def test_negative_financier_amount_is_refused_by_form_and_database():
    process = ProcessFactory()
    form = FinancierForm({"name": "Region", "amount_sek": "-5"}, parent=process)
    assert not form.is_valid()
    assert "amount_sek" in form.errors
    with pytest.raises(IntegrityError), transaction.atomic():
        process.financiers.create(name="Region", amount_sek=-5)


def test_financier_years_must_be_in_order():
    form = FinancierForm(
        {"name": "Region", "amount_sek": "5", "start_year": "2018", "end_year": "2015"},
        parent=ProcessFactory(),
    )
    assert not form.is_valid()
    assert "end_year" in form.errors


def test_membership_add_invites_a_new_person_by_email():
    municipality = MunicipalityFactory()
    admin = MembershipFactory(municipality=municipality, role=Role.ADMIN).user
    membership = services.membership_add(
        municipality=municipality,
        email="New.Person@Example.org",
        role=Role.EDITOR,
        display_name="New Person",
        invited_by=admin,
        site_url="http://testserver",
    )
    assert membership.user.email == "new.person@example.org"
    assert not membership.user.is_active
    assert len(mail.outbox) == 1
    assert "http://testserver/accounts/confirm/" in mail.outbox[0].body


def test_membership_add_refuses_a_duplicate_role():
    membership = MembershipFactory(role=Role.EDITOR)
    with pytest.raises(ValidationError) as error:
        services.membership_add(
            municipality=membership.municipality,
            email=membership.user.email,
            role=Role.EDITOR,
            invited_by=membership.user,
            site_url="http://testserver",
        )
    assert "email" in error.value.message_dict


def test_case_handler_keeps_department_and_others_do_not():
    municipality = MunicipalityFactory()
    department = DepartmentFactory(municipality=municipality)
    inviter = UserFactory()
    handler = services.membership_add(
        municipality=municipality,
        email="h@example.org",
        role=Role.CASE_HANDLER,
        department=department,
        invited_by=inviter,
        site_url="http://t",
    )
    editor = services.membership_add(
        municipality=municipality,
        email="e@example.org",
        role=Role.EDITOR,
        department=department,
        invited_by=inviter,
        site_url="http://t",
    )
    assert handler.department == department
    assert editor.department is None


def test_department_of_another_municipality_is_refused():
    municipality = MunicipalityFactory(code="2282")
    foreign = DepartmentFactory(municipality=MunicipalityFactory(code="1281"))
    with pytest.raises(ValidationError):
        services.membership_add(
            municipality=municipality,
            email="h@example.org",
            role=Role.CASE_HANDLER,
            department=foreign,
            invited_by=UserFactory(),
            site_url="http://t",
        )
    assert not Membership.objects.exists()


def test_the_last_admin_cannot_be_removed():
    only = MembershipFactory(role=Role.ADMIN)
    with pytest.raises(ValidationError):
        services.membership_remove(membership=only)
    second = MembershipFactory(municipality=only.municipality, role=Role.ADMIN)
    services.membership_remove(membership=only)
    assert list(Membership.objects.all()) == [second]
