"""The public proposals API: only what residents may see, few queries, documented."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from platskraft.municipalities.models.process import ProcessStatus
from platskraft.municipalities.tests.factories import (
    DepartmentFactory,
    PhaseFactory,
    ProcessFactory,
)
from platskraft.proposals.models import Proposal, Status, StatusChange, Visibility

from .factories import CategoryFactory, ChannelFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def list_url(municipality) -> str:
    return reverse("api-v1:proposal_list", kwargs={"slug": municipality.slug})


def detail_url(proposal) -> str:
    return reverse(
        "api-v1:proposal_detail",
        kwargs={"slug": proposal.municipality.slug, "proposal_id": proposal.pk},
    )


def test_list_shows_published_proposals_with_their_public_fields(client, kramfors):
    channel = ChannelFactory(municipality=kramfors, title="Förslag till Kramfors")
    category = CategoryFactory(channel=channel, name="Boende")
    committee = DepartmentFactory(municipality=kramfors, name="Kommunstyrelsen")
    proposal = ProposalFactory(
        channel=channel,
        category=category,
        title="Fler bänkar",
        body="<p>Vid <strong>älven</strong></p>",
        author_name="Ines",
        latitude=62.93,
        longitude=17.78,
        place_name="Strandpromenaden",
        department=committee,
        case_number="KS 2026/12",
        status=Status.APPROVED,
        answer="Vi bygger dem.",
        answered_at=timezone.now(),
        support_count=3,
        comment_count=2,
    )
    response = client.get(list_url(kramfors))
    assert response.status_code == 200
    data = response.json()
    assert (data["count"], data["page"], data["pages"]) == (1, 1, 1)
    assert data["next"] is None and data["previous"] is None
    [item] = data["items"]
    assert item["id"] == proposal.pk
    assert item["title"] == "Fler bänkar"
    assert item["body"] == "<p>Vid <strong>älven</strong></p>"
    assert item["category"] == {"id": category.pk, "name": "Boende"}
    assert item["channel"] == {"id": channel.pk, "title": "Förslag till Kramfors"}
    assert item["status"] == "approved" and item["status_label"]
    assert item["author"] == "Ines"
    assert item["place"] == {"name": "Strandpromenaden", "lat": 62.93, "lon": 17.78}
    assert (item["support_count"], item["comment_count"]) == (3, 2)
    assert item["answer"] == "Vi bygger dem."
    assert item["answered_at"] and item["published_at"]
    assert item["department"] == "Kommunstyrelsen"
    assert item["case_number"] == "KS 2026/12"
    assert item["url"] == "http://testserver" + proposal.get_absolute_url()


def test_list_never_reveals_who_an_anonymous_author_is(client, kramfors):
    proposal = ProposalFactory(
        channel=ChannelFactory(municipality=kramfors),
        is_anonymous=True,
        author_name="Hemlig",
    )
    proposal.author.email = "hemlig@example.org"
    proposal.author.save()
    text = client.get(list_url(kramfors)).content.decode()
    item = client.get(list_url(kramfors)).json()["items"][0]
    assert item["author"] is None
    assert "Hemlig" not in text and "hemlig@example.org" not in text
    assert '"author_id"' not in text and "email" not in text
    detail = client.get(detail_url(proposal)).content.decode()
    assert "Hemlig" not in detail and "hemlig@example.org" not in detail


def test_list_leaves_out_what_is_not_public(client, kramfors, lund):
    public = ChannelFactory(municipality=kramfors)
    shown = ProposalFactory(channel=public, title="Shown")
    for visibility in [
        Visibility.DRAFT,
        Visibility.UNCONFIRMED,
        Visibility.PENDING,
        Visibility.HIDDEN,
    ]:
        ProposalFactory(channel=public, visibility=visibility, title=f"Not {visibility}")
    ProposalFactory(channel=ChannelFactory(municipality=kramfors, is_published=False))
    draft_process = PhaseFactory(
        process=ProcessFactory(municipality=kramfors, status=ProcessStatus.DRAFT)
    )
    ProposalFactory(channel=ChannelFactory(municipality=kramfors, phase=draft_process))
    ProposalFactory(channel=ChannelFactory(municipality=lund), title="In Lund")
    data = client.get(list_url(kramfors)).json()
    assert [i["id"] for i in data["items"]] == [shown.pk]
    assert data["count"] == 1


def test_list_filters_and_sorts_from_query_parameters(client, kramfors):
    channel = ChannelFactory(municipality=kramfors)
    other_channel = ChannelFactory(municipality=kramfors)
    housing = CategoryFactory(channel=channel, name="Boende")
    committee = DepartmentFactory(municipality=kramfors)
    now = timezone.now()
    a = ProposalFactory(
        channel=channel,
        category=housing,
        title="Hyresrätter i centrum",
        support_count=1,
        published_at=now - timedelta(days=3),
        latitude=62.9,
        longitude=17.8,
    )
    b = ProposalFactory(
        channel=channel,
        title="Cykelbana till Frånö",
        support_count=9,
        status=Status.FORWARDED,
        department=committee,
        published_at=now - timedelta(days=2),
    )
    c = ProposalFactory(
        channel=other_channel,
        title="Badplats",
        status=Status.REJECTED,
        answered_at=now,
        published_at=now - timedelta(days=1),
    )

    def ids(query: str) -> list[int]:
        response = client.get(list_url(kramfors) + query)
        assert response.status_code == 200, response.content
        return [i["id"] for i in response.json()["items"]]

    assert ids("") == [c.pk, b.pk, a.pk]
    assert ids(f"?category={housing.pk}") == [a.pk]
    assert ids("?status=forwarded") == [b.pk]
    assert ids("?status=decided") == [c.pk]
    assert ids(f"?department={committee.pk}") == [b.pk]
    assert ids(f"?channel={other_channel.pk}") == [c.pk]
    assert ids("?place=yes") == [a.pk]
    assert ids("?place=no") == [c.pk, b.pk]
    assert ids("?sort=support") == [b.pk, a.pk, c.pk]
    assert ids("?sort=answered") == [c.pk]
    assert ids("?q=cykelbana") == [b.pk]


def test_list_rejects_malformed_parameters(client, kramfors):
    assert client.get(list_url(kramfors) + "?status=nonsense").status_code == 422
    assert client.get(list_url(kramfors) + "?sort=title").status_code == 422
    assert client.get(list_url(kramfors) + "?page=0").status_code == 422
    assert client.get(list_url(kramfors) + "?category=abc").status_code == 422


def test_unknown_municipality_is_404(client, db):
    assert client.get("/api/v1/municipalities/nowhere/proposals").status_code == 404


def test_list_is_paginated_by_100_with_links(client, kramfors):
    channel = ChannelFactory(municipality=kramfors)
    start = timezone.now()
    Proposal.objects.bulk_create(
        [
            Proposal(
                municipality=kramfors,
                channel=channel,
                title=f"Förslag {n}",
                body="Text",
                guest_email="g@example.org",
                visibility=Visibility.PUBLISHED,
                published_at=start - timedelta(minutes=n),
            )
            for n in range(205)
        ]
    )
    first = client.get(list_url(kramfors) + "?status=received").json()
    assert (first["count"], first["page"], first["pages"]) == (205, 1, 3)
    assert len(first["items"]) == 100 and first["items"][0]["title"] == "Förslag 0"
    assert first["previous"] is None
    assert first["next"].startswith("http://testserver/api/v1/municipalities/kramfors/proposals?")
    assert "status=received" in first["next"] and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert second["items"][0]["title"] == "Förslag 100"
    assert "page=1" in second["previous"]
    last = client.get(second["next"]).json()
    assert len(last["items"]) == 5 and last["next"] is None
    assert client.get(list_url(kramfors) + "?page=4").status_code == 404


def test_list_costs_the_same_few_queries_for_1_or_100_items(client, kramfors):
    channel = ChannelFactory(municipality=kramfors)
    category = CategoryFactory(channel=channel)
    committee = DepartmentFactory(municipality=kramfors)
    ProposalFactory(channel=channel, category=category, department=committee)
    with CaptureQueriesContext(connection) as one:
        assert client.get(list_url(kramfors)).status_code == 200
    Proposal.objects.bulk_create(
        [
            Proposal(
                municipality=kramfors,
                channel=channel,
                category=category,
                department=committee,
                title=f"P{n}",
                body="Text",
                search_text=f"p{n} text",
                guest_email="g@example.org",
                visibility=Visibility.PUBLISHED,
                published_at=timezone.now(),
            )
            for n in range(150)
        ]
    )
    with CaptureQueriesContext(connection) as many:
        data = client.get(list_url(kramfors) + "?q=text").json()
    assert len(data["items"]) > 50
    assert len(one) == len(many) <= 4


def test_detail_has_the_case_history(client, kramfors):
    proposal = ProposalFactory(
        channel=ChannelFactory(municipality=kramfors),
        status=Status.FORWARDED,
        case_number="KS 2026/7",
    )
    StatusChange.objects.create(
        proposal=proposal,
        old_status=Status.RECEIVED,
        new_status=Status.FORWARDED,
        explanation="Skickat till kommunstyrelsen.",
        department_name="Kommunstyrelsen",
        case_number="KS 2026/7",
    )
    with CaptureQueriesContext(connection) as captured:
        response = client.get(detail_url(proposal))
    assert response.status_code == 200
    assert len(captured) <= 4, [q["sql"][:90] for q in captured.captured_queries]
    data = response.json()
    assert data["id"] == proposal.pk and data["image"] is None
    [step] = data["history"]
    assert step["status"] == "forwarded" and step["status_label"]
    assert step["explanation"] == "Skickat till kommunstyrelsen."
    assert step["department"] == "Kommunstyrelsen"
    assert step["case_number"] == "KS 2026/7"
    assert step["date"]


@pytest.mark.parametrize(
    "visibility", [Visibility.DRAFT, Visibility.UNCONFIRMED, Visibility.PENDING, Visibility.HIDDEN]
)
def test_detail_of_a_proposal_that_is_not_public_is_404(client, kramfors, visibility):
    proposal = ProposalFactory(channel=ChannelFactory(municipality=kramfors), visibility=visibility)
    assert client.get(detail_url(proposal)).status_code == 404


def test_detail_under_another_municipality_or_unknown_is_404(client, kramfors, lund):
    proposal = ProposalFactory(channel=ChannelFactory(municipality=lund))
    url = reverse("api-v1:proposal_detail", kwargs={"slug": "kramfors", "proposal_id": proposal.pk})
    assert client.get(url).status_code == 404
    assert client.get(detail_url(proposal)).status_code == 200
    missing = reverse("api-v1:proposal_detail", kwargs={"slug": "lund", "proposal_id": 999999})
    assert client.get(missing).status_code == 404


def test_openapi_schema_documents_the_proposal_endpoints(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    listing = schema["paths"]["/api/v1/municipalities/{slug}/proposals"]["get"]
    names = {p["name"] for p in listing["parameters"]}
    assert {"q", "category", "status", "department", "channel", "place", "sort", "page"} <= names
    assert "/api/v1/municipalities/{slug}/proposals/{proposal_id}" in schema["paths"]
    item = schema["components"]["schemas"]["ProposalOut"]["properties"]
    assert {"author", "place", "url", "status_label", "case_number"} <= set(item)
    assert not {"email", "author_id", "guest_email", "ip_hash"} & set(item)
    # The municipalities' endpoints are still there under the same names.
    assert "/api/v1/municipalities/{slug}/boundary" in schema["paths"]
    assert reverse("api-v1:municipality_boundary", kwargs={"slug": "x"}).startswith("/api/v1/")
    assert client.get(reverse("api-v1:openapi-view")).status_code == 200


def test_search_finds_swedish_word_forms_on_postgresql_and_words_on_sqlite(client, kramfors):
    channel = ChannelFactory(municipality=kramfors)
    bike = ProposalFactory(
        channel=channel,
        title="Bygg en cykelväg till skolan",
        body="Barnen cyklar på landsvägen.",
        search_text="bygg en cykelväg till skolan barnen cyklar på landsvägen.",
    )
    ProposalFactory(channel=channel, title="Fler bänkar", search_text="fler bänkar")

    def found(q: str) -> list[int]:
        return [i["id"] for i in client.get(list_url(kramfors), {"q": q}).json()["items"]]

    assert found("cykelväg") == [bike.pk]
    assert found("Cykelväg skolan") == [bike.pk]
    assert found("simhall") == []
    if connection.vendor == "postgresql":
        assert found("cykelvägar") == [bike.pk]  # Swedish stemming
        assert found("cykelvägen barnens") == [bike.pk]
    else:
        assert found("cykelvägar") == []  # SQLite matches words as typed
