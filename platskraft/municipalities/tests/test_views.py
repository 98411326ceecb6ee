from datetime import date

import pytest
import time_machine
from django.urls import resolve, reverse

from platskraft.municipalities.models import Department, Financier, Membership, Phase, Process, Role
from platskraft.municipalities.models.process import ProcessStatus

from .factories import (
    DepartmentFactory,
    FinancierFactory,
    GroupFactory,
    GroupMemberFactory,
    MembershipFactory,
    PhaseFactory,
    ProcessFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def member(municipality, role):
    return MembershipFactory(municipality=municipality, role=role).user


def url(name, municipality, **kwargs):
    return reverse(
        f"municipalities:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs}
    )


# --- public pages -------------------------------------------------------------------------------


def test_landing_lists_listed_municipalities_and_searches(client, kramfors, lund):
    lund.is_listed = False
    lund.save()
    page = client.get("/").content.decode()
    assert "Kramfors" in page and ">Lund<" not in page
    assert "Kramfors" not in client.get("/?q=Skåne").content.decode()


def test_unknown_municipality_is_a_404_in_the_site_layout(client):
    response = client.get("/no-such-place/")
    assert response.status_code == 404
    assert 'class="skip-link"' in response.content.decode()


def test_home_shows_published_processes_with_current_phase(client, kramfors):
    process = ProcessFactory(municipality=kramfors, title="Framtidsbygget")
    PhaseFactory(
        process=process,
        name="Öppna samtal",
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
    )
    ProcessFactory(municipality=kramfors, title="Hemligt utkast", status=ProcessStatus.DRAFT)
    with time_machine.travel(date(2026, 6, 1), tick=False):
        page = client.get(url("home", kramfors)).content.decode()
    assert "Framtidsbygget" in page and "Öppna samtal" in page
    assert "Hemligt utkast" not in page


def test_process_page_marks_the_current_phase(client, kramfors):
    process = ProcessFactory(municipality=kramfors)
    PhaseFactory(
        process=process, name="Forum", start_date=date(2026, 1, 1), end_date=date(2026, 3, 31)
    )
    PhaseFactory(
        process=process, name="Arena", start_date=date(2026, 4, 1), end_date=date(2026, 6, 30)
    )
    FinancierFactory(process=process, name="Tillväxtverket", amount_sek=2_800_000)
    group = GroupFactory(process=process, name="Styrgrupp")
    GroupMemberFactory(group=group, name="Anna Andersson")
    with time_machine.travel(date(2026, 5, 1), tick=False):
        page = client.get(process.get_absolute_url()).content.decode()
    current = page[page.index('aria-current="step"') - 200 : page.index('aria-current="step"')]
    assert "phase-current" in current
    assert page.index("Arena") > page.index('aria-current="step"') > page.index("Forum")
    assert "Tillväxtverket" in page and "Anna Andersson" in page


def test_hidden_group_members_are_not_shown(client, kramfors):
    process = ProcessFactory(municipality=kramfors)
    GroupMemberFactory(
        group=GroupFactory(process=process, members_public=False), name="Private Person"
    )
    assert "Private Person" not in client.get(process.get_absolute_url()).content.decode()


def test_draft_process_is_404_to_the_public_and_visible_to_staff(client, kramfors):
    draft = ProcessFactory(municipality=kramfors, status=ProcessStatus.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(UserFactory())
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(member(kramfors, Role.OBSERVER))
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_process_of_another_municipality_is_404_under_this_one(client, kramfors, lund):
    process = ProcessFactory(municipality=lund)
    assert client.get(url("process_detail", kramfors, pk=process.pk)).status_code == 404
    assert client.get(url("process_detail", lund, pk=process.pk)).status_code == 200


def test_process_list_filters(client, kramfors):
    ProcessFactory(municipality=kramfors, title="Still running")
    ProcessFactory(municipality=kramfors, title="All done", status=ProcessStatus.CLOSED)
    page = client.get(url("process_list", kramfors) + "?status=closed").content.decode()
    assert "All done" in page and "Still running" not in page


def test_api_lists_only_public_processes(client, kramfors):
    ProcessFactory(municipality=kramfors, title="Öppen")
    ProcessFactory(municipality=kramfors, title="Utkast", status=ProcessStatus.DRAFT)
    data = client.get("/api/v1/municipalities/kramfors/processes").json()
    assert [p["title"] for p in data] == ["Öppen"]
    assert client.get("/api/v1/municipalities").json()[0]["code"] == "2282"


# --- staff pages ----------------------------------------------------------------------------------


def test_staff_area_asks_anonymous_visitors_to_log_in(client, kramfors):
    response = client.get(url("staff", kramfors))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_staff_area_is_404_for_residents(client, kramfors):
    client.force_login(UserFactory())
    assert client.get(url("staff", kramfors)).status_code == 404


def test_official_builds_and_publishes_a_process(client, kramfors):
    client.force_login(member(kramfors, Role.EDITOR))
    response = client.post(
        url("staff_process_add", kramfors),
        {
            "title": "Framtidsbygget",
            "summary": "En hel kommun",
            "body": "",
            "start_date": "2026-01-01",
            "end_date": "2028-12-31",
        },
    )
    process = Process.objects.get(title="Framtidsbygget")
    assert response["Location"] == url("staff_process", kramfors, pk=process.pk)
    assert process.status == ProcessStatus.DRAFT and process.municipality == kramfors
    for name, kind, start, end in [
        ("Forum", "forum", "2026-01-01", "2026-12-31"),
        ("Arena", "arena", "2027-01-01", "2027-12-31"),
        ("Court", "court", "2028-01-01", "2028-12-31"),
    ]:
        response = client.post(
            url("staff_phase_add", kramfors, pk=process.pk),
            {"name": name, "kind": kind, "start_date": start, "end_date": end},
        )
        assert response.status_code == 302, response.content.decode()
    client.post(
        url("staff_financier_add", kramfors, pk=process.pk),
        {
            "name": "Tillväxtverket",
            "amount_sek": "1500000",
            "start_year": "2026",
            "end_year": "2028",
        },
    )
    client.post(
        url("staff_group_add", kramfors, pk=process.pk),
        {"kind": "steering", "name": "Styrgrupp", "members_public": "on"},
    )
    group = process.groups.get()
    client.post(
        url("staff_member_add", kramfors, group_id=group.pk),
        {"name": "Anna", "organisation": "KS", "role": "Ordförande", "position": "1"},
    )
    client.post(url("staff_process_status", kramfors, pk=process.pk, action="publish"))
    process.refresh_from_db()
    assert process.status == ProcessStatus.PUBLISHED and process.published_at
    assert [p.kind for p in process.phases.all()] == ["forum", "arena", "court"]
    assert process.financiers.get().amount_sek == 1_500_000
    assert group.members.get().name == "Anna"


def test_bad_input_keeps_what_was_typed_and_names_the_field(client, kramfors):
    client.force_login(member(kramfors, Role.EDITOR))
    process = ProcessFactory(municipality=kramfors)
    response = client.post(
        url("staff_phase_add", kramfors, pk=process.pk),
        {
            "name": "Mitt arbetsnamn",
            "kind": "arena",
            "start_date": "2026-06-01",
            "end_date": "2026-05-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Mitt arbetsnamn"' in page and 'value="2026-06-01"' in page
    assert 'class="error-summary"' in page and 'href="#id_end_date"' in page
    assert "municipalities_" not in page  # no database constraint names shown to people
    assert not Phase.objects.exists()


def test_financier_with_negative_amount_is_refused(client, kramfors):
    client.force_login(member(kramfors, Role.EDITOR))
    process = ProcessFactory(municipality=kramfors)
    response = client.post(
        url("staff_financier_add", kramfors, pk=process.pk),
        {"name": "Region", "amount_sek": "-100"},
    )
    page = response.content.decode()
    assert response.status_code == 200 and 'href="#id_amount_sek"' in page
    assert "municipalities_" not in page
    assert not Financier.objects.exists()


def test_editor_cannot_delete_and_admin_deletes_a_draft(client, kramfors):
    draft = ProcessFactory(municipality=kramfors, status=ProcessStatus.DRAFT)
    client.force_login(member(kramfors, Role.EDITOR))
    assert client.post(url("staff_process_delete", kramfors, pk=draft.pk)).status_code == 404
    client.force_login(member(kramfors, Role.ADMIN))
    assert client.get(url("staff_process_delete", kramfors, pk=draft.pk)).status_code == 200
    client.post(url("staff_process_delete", kramfors, pk=draft.pk))
    assert not Process.objects.exists()


def test_editing_and_removing_parts(client, kramfors):
    client.force_login(member(kramfors, Role.ADMIN))
    process = ProcessFactory(municipality=kramfors)
    financier = FinancierFactory(process=process)
    response = client.post(
        url("staff_financier_edit", kramfors, pk=process.pk, part_id=financier.pk),
        {"name": "Renamed", "amount_sek": "7"},
    )
    assert response.status_code == 302
    financier.refresh_from_db()
    assert financier.name == "Renamed"
    client.post(url("staff_financier_delete", kramfors, pk=process.pk, part_id=financier.pk))
    assert not Financier.objects.exists()


def test_observer_reads_but_cannot_change(client, kramfors):
    process = ProcessFactory(municipality=kramfors)
    client.force_login(member(kramfors, Role.OBSERVER))
    assert client.get(url("staff", kramfors)).status_code == 200
    assert client.get(url("staff_process", kramfors, pk=process.pk)).status_code == 200
    assert client.get(url("staff_process_edit", kramfors, pk=process.pk)).status_code == 404
    assert client.post(url("staff_phase_add", kramfors, pk=process.pk), {}).status_code == 404


def test_departments_and_settings(client, kramfors):
    client.force_login(member(kramfors, Role.ADMIN))
    client.post(
        url("staff_department_add", kramfors),
        {"name": "Kommunstyrelsen", "kind": "committee", "is_active": "on"},
    )
    assert Department.objects.get().municipality == kramfors
    response = client.post(
        url("staff_settings", kramfors),
        {
            "name": "Kramfors",
            "publication_threshold": "0",
            "moderation_mode": "pre",
            "languages": ["sv"],
        },
    )
    assert 'href="#id_publication_threshold"' in response.content.decode()
    client.post(
        url("staff_settings", kramfors),
        {
            "name": "Kramfors",
            "publication_threshold": "8",
            "moderation_mode": "pre",
            "languages": ["sv"],
        },
    )
    kramfors.refresh_from_db()
    assert (kramfors.publication_threshold, kramfors.languages) == (8, ["sv"])


def test_admin_gives_and_removes_roles(client, kramfors, mailoutbox):
    admin = member(kramfors, Role.ADMIN)
    client.force_login(admin)
    client.post(url("staff_memberships", kramfors), {"email": "ny@example.org", "role": "editor"})
    membership = Membership.objects.get(user__email="ny@example.org")
    assert membership.role == Role.EDITOR and len(mailoutbox) == 1
    response = client.post(
        url("staff_memberships", kramfors), {"email": "ny@example.org", "role": "case_handler"}
    )
    assert 'href="#id_department"' in response.content.decode()
    client.post(url("staff_membership_delete", kramfors, part_id=membership.pk))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    own = Membership.objects.get(user=admin)
    response = client.post(url("staff_membership_delete", kramfors, part_id=own.pk), follow=True)
    assert Membership.objects.filter(pk=own.pk).exists()
    assert "message-error" in response.content.decode()


def test_language_limited_to_the_municipalitys_languages(client, kramfors):
    kramfors.languages = ["sv"]
    kramfors.save()
    client.cookies["platskraft_language"] = "en"
    page = client.get(url("home", kramfors)).content.decode()
    assert '<html lang="sv">' in page


def test_programme_overview_is_for_programme_observers(client, kramfors):
    client.force_login(member(kramfors, Role.ADMIN))
    assert client.get(reverse("municipalities:programme")).status_code == 404
    client.force_login(UserFactory(is_programme_observer=True))
    page = client.get(reverse("municipalities:programme")).content.decode()
    assert "Kramfors" in page


# --- isolation ----------------------------------------------------------------------------------


def staff_urls_of(municipality):
    """Every staff page of a municipality, with its objects."""
    process = ProcessFactory(municipality=municipality, status=ProcessStatus.DRAFT)
    phase = PhaseFactory(process=process, start_date=date(2026, 1, 1), end_date=date(2026, 2, 1))
    financier = FinancierFactory(process=process)
    group = GroupFactory(process=process)
    group_member = GroupMemberFactory(group=group)
    department = DepartmentFactory(municipality=municipality)
    membership = MembershipFactory(municipality=municipality, role=Role.EDITOR)
    pk = process.pk
    return [
        url("staff", municipality),
        url("staff_settings", municipality),
        url("staff_process_add", municipality),
        url("staff_process", municipality, pk=pk),
        url("staff_process_edit", municipality, pk=pk),
        url("staff_process_delete", municipality, pk=pk),
        url("staff_process_status", municipality, pk=pk, action="publish"),
        url("staff_phase_add", municipality, pk=pk),
        url("staff_phase_edit", municipality, pk=pk, part_id=phase.pk),
        url("staff_phase_delete", municipality, pk=pk, part_id=phase.pk),
        url("staff_financier_add", municipality, pk=pk),
        url("staff_financier_edit", municipality, pk=pk, part_id=financier.pk),
        url("staff_financier_delete", municipality, pk=pk, part_id=financier.pk),
        url("staff_group_add", municipality, pk=pk),
        url("staff_group_edit", municipality, pk=pk, part_id=group.pk),
        url("staff_group_delete", municipality, pk=pk, part_id=group.pk),
        url("staff_member_add", municipality, group_id=group.pk),
        url("staff_member_edit", municipality, group_id=group.pk, part_id=group_member.pk),
        url("staff_member_delete", municipality, group_id=group.pk, part_id=group_member.pk),
        url("staff_departments", municipality),
        url("staff_department_add", municipality),
        url("staff_department_edit", municipality, part_id=department.pk),
        url("staff_department_delete", municipality, part_id=department.pk),
        url("staff_memberships", municipality),
        url("staff_membership_delete", municipality, part_id=membership.pk),
        url("process_detail", municipality, pk=pk),
    ]


def test_every_staff_page_of_a_works_for_as_admin(client, kramfors):
    client.force_login(member(kramfors, Role.ADMIN))
    for address in staff_urls_of(kramfors):
        if "/status/" in address:
            continue
        assert client.get(address).status_code == 200, address


GET_ONLY = {"staff", "staff_process", "staff_departments", "process_detail"}
POST_ONLY = {"staff_process_status"}


def accepts(address: str, method: str) -> bool:
    name = resolve(address).url_name
    if name in POST_ONLY:
        return method == "post"
    return method == "get" or name not in GET_ONLY


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_municipalitys_admin_gets_404_everywhere(client, kramfors, lund, method):
    client.force_login(member(lund, Role.ADMIN))
    addresses = [a for a in staff_urls_of(kramfors) if accepts(a, method)]
    assert len(addresses) > 15
    for address in addresses:
        assert getattr(client, method)(address).status_code == 404, address
    # ... and the same objects are not reachable under the official's own municipality.
    for address in addresses:
        own = address.replace("/kramfors/", "/lund/", 1)
        if (
            any(part in own for part in ("/processes/", "/groups/", "/departments/", "/people/"))
            and not own.endswith(("/processes/new/", "/departments/new/"))
            and own not in (url("staff_departments", lund), url("staff_memberships", lund))
        ):
            assert getattr(client, method)(own).status_code == 404, own
    assert Process.objects.filter(municipality=kramfors).count() == 1


def test_list_pages_do_not_query_per_process(client, kramfors, django_assert_max_num_queries):
    for _ in range(15):
        PhaseFactory(process=ProcessFactory(municipality=kramfors))
    for name in ("home", "process_list"):
        with django_assert_max_num_queries(4):
            assert client.get(url(name, kramfors)).status_code == 200


def test_process_list_is_paginated(client, kramfors):
    for n in range(23):
        ProcessFactory(
            municipality=kramfors,
            title=f"Process nr {n:02d}",
            start_date=date(2000 + n, 1, 1),
            end_date=None,
        )
    first = client.get(url("process_list", kramfors)).content.decode()
    second = client.get(url("process_list", kramfors) + "?page=2").content.decode()
    assert "Process nr 22" in first and "Process nr 00" not in first
    assert "Process nr 00" in second and 'rel="prev"' in second


def test_errors_name_the_field_in_swedish(client, kramfors):
    client.force_login(member(kramfors, Role.EDITOR))
    process = ProcessFactory(municipality=kramfors)
    page = client.post(
        url("staff_phase_add", kramfors, pk=process.pk),
        {"name": "X", "kind": "arena", "start_date": "2026-06-01", "end_date": "2026-05-01"},
    ).content.decode()
    summary = page[page.index('class="error-summary"') :]
    assert "Slutdatum:" in summary and "Fasen får inte sluta innan den börjar" in summary


def test_activities_registered_by_other_apps_are_listed(client, kramfors, monkeypatch):
    from platskraft.core import activities

    monkeypatch.setattr(activities, "_providers", [])
    process = ProcessFactory(municipality=kramfors)

    @activities.register
    def surveys(proc, user):
        if proc == process:
            yield activities.Activity(
                kind="Enkät", title="Bo, verka, leva", url="/x/", start=date(2026, 3, 1)
            )

    page = client.get(process.get_absolute_url()).content.decode()
    assert "Bo, verka, leva" in page and 'href="/x/"' in page
