"""The mental-map analysis in a real browser: an official switches layers, filters by a
segment, raises k and sees a cell disappear from both the table and the map, and axe-core
finds nothing on the table view."""

import h3
import pytest

from platskraft.accounts.tests.factories import PASSWORD, UserFactory
from platskraft.maps.tests.data import BRIDGE, KRAMFORS, gazetteer, map_survey
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory

from .conftest import axe_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def cell(lon_lat):
    return h3.latlng_to_cell(lon_lat[1], lon_lat[0], 9)


def table_cells(page) -> list[str]:
    return page.locator("#cells-table tbody tr").evaluate_all(
        "rows => rows.map(r => r.dataset.cell)"
    )


def map_cells(page) -> list[str]:
    page.wait_for_selector("#analysis-map.map-ready", state="attached")
    return page.locator("#analysis-map path.map-cell").evaluate_all(
        "paths => paths.map(p => [...p.classList].find(c => c.startsWith('map-cell-')).slice(9))"
    )


def test_official_switches_layers_filters_and_raises_k(page, kramfors):
    kramfors.publication_threshold = 2
    kramfors.save()
    gazetteer(kramfors)
    survey, _question, role = map_survey(kramfors)
    user = UserFactory(email="eva@example.org", display_name="Eva")
    MembershipFactory(user=user, municipality=kramfors, role=Role.EDITOR)
    log_in(page, "eva@example.org", PASSWORD)

    page.goto(f"/kramfors/staff/surveys/{survey.pk}/map/")
    # The first layer (places visited): the town's cell, three respondents.
    assert table_cells(page) == [cell(KRAMFORS)]
    assert map_cells(page) == [cell(KRAMFORS)]
    row = page.locator(f'#cells-table tr[data-cell="{cell(KRAMFORS)}"]')
    assert row.locator("td.num").first.inner_text() == "3"
    assert page.locator("#hidden-count").inner_text() == "1"
    assert not axe_violations(page)

    # Switch to the landmarks: the bridge, with its cluster labelled on the map.
    page.get_by_role("link", name="Landmarks").click()
    page.wait_for_url("**layer=landmark**")
    assert table_cells(page) == [cell(BRIDGE)]
    assert map_cells(page) == [cell(BRIDGE)]
    assert page.locator(".map-cluster-label").first.inner_text().startswith("högakustenbron")

    # Back to the visits, only residents: two of them in the town's cell.
    page.get_by_role("link", name="Places I visit").click()
    page.wait_for_url("**layer=visit**")
    page.select_option("#map-segment", f"{role.pk}:1")
    page.locator("form.map-filters button[type=submit]").click()
    page.wait_for_url("**segment=**")
    assert row.locator("td.num").first.inner_text() == "2"
    assert map_cells(page) == [cell(KRAMFORS)]

    # Everyone again, and k raised to 4: the cell of three respondents disappears.
    page.select_option("#map-segment", "")
    page.fill("#map-k", "4")
    page.locator("form.map-filters button[type=submit]").click()
    page.wait_for_url("**k=4**")
    assert table_cells(page) == []
    assert page.locator("#no-cells").is_visible()
    assert map_cells(page) == []
    assert page.locator("#hidden-note").inner_text().startswith("2 ")
