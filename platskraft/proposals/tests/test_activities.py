"""A call for proposals inside a process appears on the process page while residents may see it."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from platskraft.municipalities.tests.factories import PhaseFactory, ProcessFactory
from platskraft.proposals.tests.factories import ChannelFactory


@pytest.mark.django_db
@time_machine.travel(date(2026, 6, 1))
def test_process_page_lists_published_calls_only(client, kramfors):
    process = ProcessFactory(municipality=kramfors)
    phase = PhaseFactory(process=process, start_date=date(2026, 5, 1), end_date=date(2026, 9, 30))
    shown = ChannelFactory(municipality=kramfors, phase=phase, title="Idéer för älvstranden")
    ChannelFactory(
        municipality=kramfors, phase=phase, title="Ännu inte publicerad", is_published=False
    )

    response = client.get(
        reverse(
            "municipalities:process_detail",
            kwargs={"municipality_slug": kramfors.slug, "pk": process.pk},
        )
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Idéer för älvstranden" in page
    assert shown.get_absolute_url() in page
    assert "Ännu inte publicerad" not in page
