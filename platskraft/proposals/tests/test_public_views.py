"""Residents' proposal pages, through the test client against the real database."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import ExifTags, Image

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import (
    DepartmentFactory,
    MembershipFactory,
    PhaseFactory,
)
from platskraft.proposals import services
from platskraft.proposals.models import (
    Comment,
    Follow,
    Proposal,
    Report,
    Status,
    StatusChange,
    Support,
    Visibility,
)

from .factories import CategoryFactory, ChannelFactory, CommentFactory, ProposalFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def url(name, municipality, **kwargs):
    return reverse(f"proposals:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def html(response) -> str:
    return response.content.decode()


@pytest.fixture
def channel(kramfors):
    return ChannelFactory(municipality=kramfors, title="Idéer för Kramfors")


@pytest.fixture
def resident():
    return UserFactory(display_name="Rut Resident")


def image_bytes(kind="PNG", size=(60, 40), exif=None) -> bytes:
    out = BytesIO()
    image = Image.new("RGB", size, "teal")
    if exif is not None:
        image.save(out, kind, exif=exif)
    else:
        image.save(out, kind)
    return out.getvalue()


def gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SecretCam"
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (62.0, 55.0, 30.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (17.0, 46.0, 0.0),
    }
    return exif


def form_data(**overrides) -> dict:
    data = {
        "title": "En parkbänk vid älven",
        "body": "Det behövs en bänk där man kan vila.",
        "place_name": "",
        "latitude": "",
        "longitude": "",
        "image_description": "",
        "author_name": "Rut",
        "action": "submit",
    }
    data.update(overrides)
    return data


def answered(proposal, text="Vi bygger bänken i vår.", status=Status.APPROVED):
    proposal.status = status
    proposal.answer = text
    proposal.answered_at = timezone.now()
    proposal.save()
    StatusChange.objects.create(
        proposal=proposal,
        old_status=Status.RECEIVED,
        new_status=status,
        explanation=text,
        department_name="Tekniska nämnden",
        case_number="TN 2026/12",
    )
    return proposal


# --- list ---------------------------------------------------------------------------------


def test_list_shows_only_published_proposals_of_this_municipality(client, kramfors, lund, channel):
    ProposalFactory(channel=channel, title="Published one", author_name="Rut")
    ProposalFactory(channel=channel, title="Anonymous one", is_anonymous=True)
    ProposalFactory(channel=channel, title="Secret draft", visibility=Visibility.DRAFT)
    ProposalFactory(channel=channel, title="Waiting one", visibility=Visibility.PENDING)
    ProposalFactory(channel=channel, title="Hidden one", visibility=Visibility.HIDDEN)
    ProposalFactory(channel=ChannelFactory(municipality=lund), title="Lund's idea")
    ProposalFactory(
        channel=ChannelFactory(municipality=kramfors, is_published=False), title="Unpublished ch"
    )
    page = html(client.get(url("list", kramfors)))
    assert "Published one" in page and "Rut" in page
    assert "Anonymous one" in page
    for hidden in ["Secret draft", "Waiting one", "Hidden one", "Lund's idea", "Unpublished ch"]:
        assert hidden not in page
    assert 'type="application/atom+xml"' in page and url("feed", kramfors) in page
    assert url("map", kramfors) in page
    # The open channel is offered with its submit link.
    assert url("submit", kramfors, pk=channel.pk) in page
    # The menu marks the page.
    assert re.search(r'href="/kramfors/proposals/" aria-current="page"', page)


def test_list_shows_status_category_and_counts(client, kramfors, channel):
    category = CategoryFactory(channel=channel, name="Parker")
    ProposalFactory(
        channel=channel,
        category=category,
        status=Status.FORWARDED,
        support_count=7,
        comment_count=3,
    )
    page = html(client.get(url("list", kramfors)))
    assert "Parker" in page
    assert "case-forwarded" in page
    counts = re.search(r'<p class="proposal-counts">(.*?)</p>', page, re.S).group(1)
    assert re.findall(r"\d+", counts) == ["7", "3"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=decided", {"Approved", "Rejected"}),
        ("status=received", {"Placed", "Plain"}),
        ("place=yes", {"Placed"}),
        ("place=no", {"Plain", "Approved", "Rejected"}),
        ("q=bänk", {"Placed"}),
        ("q=bänk+älven", {"Placed"}),
        ("q=nothing-like-this", set()),
    ],
)
def test_list_filters_and_search(client, kramfors, channel, query, expected):
    ProposalFactory(
        channel=channel,
        title="Placed",
        body="En bänk vid älven",
        latitude=62.93,
        longitude=17.78,
        search_text="placed en bänk vid älven",
    )
    ProposalFactory(channel=channel, title="Plain")
    ProposalFactory(channel=channel, title="Approved", status=Status.APPROVED)
    ProposalFactory(channel=channel, title="Rejected", status=Status.REJECTED)
    page = html(client.get(url("list", kramfors) + "?" + query))
    titles = set(re.findall(r'<h3><a href="[^"]+">([^<]+)</a>', page))
    assert titles == expected


def test_list_filters_by_category_committee_and_channel(client, kramfors, channel):
    other_channel = ChannelFactory(municipality=kramfors)
    category = CategoryFactory(channel=channel)
    department = DepartmentFactory(municipality=kramfors, name="Kultur- och fritidsnämnden")
    ProposalFactory(channel=channel, title="In category", category=category)
    ProposalFactory(channel=channel, title="At committee", department=department)
    ProposalFactory(channel=other_channel, title="Other channel")

    def titles(query):
        page = html(client.get(url("list", kramfors) + "?" + query))
        return set(re.findall(r'<h3><a href="[^"]+">([^<]+)</a>', page))

    assert titles(f"category={category.pk}") == {"In category"}
    assert titles(f"department={department.pk}") == {"At committee"}
    assert titles(f"channel={other_channel.pk}") == {"Other channel"}
    # The filter form offers the committee and keeps the choice.
    page = html(client.get(url("list", kramfors) + f"?department={department.pk}"))
    assert f'<option value="{department.pk}" selected>' in page


def test_list_sorts_by_support_and_by_answer(client, kramfors, channel):
    now = timezone.now()
    ProposalFactory(
        channel=channel, title="Old popular", support_count=50, published_at=now - timedelta(days=9)
    )
    ProposalFactory(channel=channel, title="New quiet", support_count=1, published_at=now)
    answered(
        ProposalFactory(channel=channel, title="Answered", published_at=now - timedelta(days=20))
    )

    def order(query):
        page = html(client.get(url("list", kramfors) + "?" + query))
        return re.findall(r'<h3><a href="[^"]+">([^<]+)</a>', page)

    assert order("sort=newest") == ["New quiet", "Old popular", "Answered"]
    assert order("sort=support") == ["Old popular", "New quiet", "Answered"]
    assert order("sort=answered") == ["Answered"]


def test_list_pages_by_15_and_keeps_the_filters(client, kramfors, channel):
    for n in range(16):
        ProposalFactory(channel=channel, title=f"Idea {n:02}", body="Mer ljus: en lampa här.")
    ProposalFactory(channel=channel, title="Unrelated")
    first = html(client.get(url("list", kramfors) + "?q=lampa"))
    assert first.count('class="proposal-item"') == 15
    assert "16 proposals" in first or "16 förslag" in first
    next_link = re.search(r'href="(\?[^"]*page=2[^"]*)" rel="next"', first).group(1)
    assert "q=lampa" in next_link
    second = html(client.get(url("list", kramfors) + next_link.replace("&amp;", "&")))
    assert second.count('class="proposal-item"') == 1
    assert "Unrelated" not in second


def test_list_query_count_does_not_grow_with_the_data(
    client, kramfors, channel, django_assert_num_queries
):
    department = DepartmentFactory(municipality=kramfors)
    category = CategoryFactory(channel=channel)

    def make(n):
        for _ in range(n):
            ProposalFactory(channel=channel, category=category, department=department)

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert client.get(url("list", kramfors)).status_code == 200
        return len(context.captured_queries)

    make(1)
    one = count_queries()
    make(29)
    thirty = count_queries()
    assert one == thirty
    # The municipality, its channels, count, page, categories, committees: a handful,
    # whatever the number of proposals.
    assert thirty <= 6
    # Asked again with nothing changed, the list part is the kept one: the municipality
    # and its channels (which are open to this visitor) are all that is read.
    with django_assert_num_queries(2):
        client.get(url("list", kramfors))


def _titles(page: str) -> list[str]:
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a>', page)


def test_kept_list_follows_every_change_residents_can_see(
    client, kramfors, lund, channel, resident
):
    department = DepartmentFactory(municipality=kramfors, name="Kulturnämnden")
    category = CategoryFactory(channel=channel, name="Boende")
    first = ProposalFactory(channel=channel, category=category, title="Fler bänkar")
    ProposalFactory(channel=channel, department=department, title="Öppna badet")

    def page(query: str = "") -> str:
        response = client.get(url("list", kramfors) + query)
        assert response.status_code == 200
        return html(response)

    assert _titles(page()) == ["Öppna badet", "Fler bänkar"]
    assert "Kulturnämnden" in page() and "Boende" in page("?sort=support")

    # A new proposal, a support and a comment (their counts), a renamed category and
    # committee, a hidden proposal: each shows at once.
    ProposalFactory(channel=channel, title="Cykelväg till skolan")
    assert _titles(page())[0] == "Cykelväg till skolan"
    services.support_set(proposal=first, user=resident, support=True)
    assert "<span>1 stöd</span>" in page("?sort=support")
    services.comment_add(proposal=first, author=resident, body="Ja, gärna vid ån.")
    assert "<span>1 kommentar</span>" in page("?sort=support")
    category.name = "Bostäder"
    category.save()
    department.name = "Kultur- och fritidsnämnden"
    department.save()
    assert "Bostäder" in page("?sort=support") and "Kultur- och fritidsnämnden" in page()
    moderator = UserFactory()
    MembershipFactory(municipality=kramfors, user=moderator, role=Role.MODERATOR)
    services.proposal_moderate(proposal=first, moderator=moderator, approve=False, reason="Spam")
    assert "Fler bänkar" not in page() and "Fler bänkar" not in page("?sort=support")

    # Another municipality's change does not make Kramfors render anew.
    kramfors.refresh_from_db()
    version = kramfors.content_version
    ProposalFactory(channel=ChannelFactory(municipality=lund), title="I Lund")
    kramfors.refresh_from_db()
    assert kramfors.content_version == version


def test_searches_are_rendered_every_time(client, kramfors, channel, django_assert_num_queries):
    ProposalFactory(channel=channel, title="Mer belysning")
    for _ in range(2):
        response = client.get(url("list", kramfors), {"q": "belysning"})
        assert _titles(html(response)) == ["Mer belysning"]
    with django_assert_num_queries(6):
        client.get(url("list", kramfors), {"q": "belysning"})


def test_list_query_count_for_a_logged_in_resident(
    client, kramfors, channel, resident, django_assert_max_num_queries
):
    for _ in range(30):
        ProposalFactory(channel=channel)
    client.force_login(resident)
    with django_assert_max_num_queries(11):  # + session, user, roles
        client.get(url("list", kramfors))


# --- map, GeoJSON and feed ----------------------------------------------------------------


def test_map_page_has_a_table_of_the_placed_proposals(client, kramfors, channel):
    ProposalFactory(
        channel=channel,
        title="By the river",
        latitude=62.93,
        longitude=17.78,
        place_name="Älvstranden",
    )
    ProposalFactory(channel=channel, title="Nowhere in particular")
    response = client.get(url("map", kramfors))
    page = html(response)
    assert 'id="proposals-map"' in page and url("map_data", kramfors) in page
    table = page[page.index("<table") : page.index("</table>")]
    assert "By the river" in table and "Älvstranden" in table
    assert "Nowhere in particular" not in table


def test_geojson_lists_placed_proposals_with_the_same_filters(client, kramfors, channel):
    p = ProposalFactory(
        channel=channel, title="Bänk", latitude=62.93, longitude=17.78, status=Status.APPROVED
    )
    ProposalFactory(channel=channel, title="Gunga", latitude=62.90, longitude=17.70)
    ProposalFactory(channel=channel, title="No place")
    response = client.get(url("map_data", kramfors))
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert {f["properties"]["title"] for f in data["features"]} == {"Bänk", "Gunga"}
    feature = next(f for f in data["features"] if f["id"] == p.pk)
    assert feature["geometry"] == {"type": "Point", "coordinates": [17.78, 62.93]}
    assert feature["properties"]["url"] == url("detail", kramfors, pk=p.pk)
    only_decided = client.get(url("map_data", kramfors) + "?status=decided").json()
    assert [f["properties"]["title"] for f in only_decided["features"]] == ["Bänk"]


def test_feed_is_valid_atom_with_only_answered_proposals(client, kramfors, lund, channel):
    answered(
        ProposalFactory(channel=channel, title="Bänken"), text="<p>Vi <em>bygger</em> den.</p>"
    )
    ProposalFactory(channel=channel, title="Not answered yet")
    answered(ProposalFactory(channel=ChannelFactory(municipality=lund), title="Lund answered"))
    response = client.get(url("feed", kramfors))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert "Kramfors" in root.find(f"{ATOM}title").text
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Bänken"]
    summary = entries[0].find(f"{ATOM}summary").text
    assert summary == "Vi bygger den."
    link = entries[0].find(f"{ATOM}link").get("href")
    assert re.search(r"/kramfors/proposals/\d+/$", link)


# --- my proposals and channels ------------------------------------------------------------


def test_my_proposals_needs_login_and_shows_every_state(client, kramfors, lund, channel, resident):
    response = client.get(url("mine", kramfors))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    ProposalFactory(channel=channel, author=resident, title="My draft", visibility=Visibility.DRAFT)
    ProposalFactory(
        channel=channel, author=resident, title="My pending", visibility=Visibility.PENDING
    )
    ProposalFactory(
        channel=channel,
        author=resident,
        title="My hidden",
        visibility=Visibility.HIDDEN,
        hidden_reason="Contains a phone number.",
    )
    ProposalFactory(channel=channel, title="Someone else's")
    ProposalFactory(channel=ChannelFactory(municipality=lund), author=resident, title="In Lund")
    client.force_login(resident)
    page = html(client.get(url("mine", kramfors)))
    for title in ["My draft", "My pending", "My hidden", "Contains a phone number."]:
        assert title in page
    assert "Someone else's" not in page and "In Lund" not in page
    draft = Proposal.objects.get(title="My draft")
    assert url("edit", kramfors, pk=draft.pk) in page


def test_channel_page_for_visitors_residents_and_closed_calls(client, kramfors, lund, resident):
    always = ChannelFactory(
        municipality=kramfors, title="Alltid öppen", description="Skriv **här**"
    )
    CategoryFactory(channel=always, name="Trafik")
    ProposalFactory(channel=always, title="Cykelbana")
    page = html(client.get(url("channel", kramfors, pk=always.pk)))
    assert "Alltid öppen" in page and "Trafik" in page and "Cykelbana" in page
    submit = url("submit", kramfors, pk=always.pk)
    assert f"/accounts/login/?next={submit}" in page
    client.force_login(resident)
    page = html(client.get(url("channel", kramfors, pk=always.pk)))
    assert f'href="{submit}"' in page

    phase = PhaseFactory(
        process__municipality=kramfors,
        start_date=date.today() - timedelta(days=30),
        end_date=date.today() - timedelta(days=1),
    )
    closed = ChannelFactory(municipality=kramfors, phase=phase, title="Förra årets upprop")
    page = html(client.get(url("channel", kramfors, pk=closed.pk)))
    assert url("submit", kramfors, pk=closed.pk) not in page
    assert phase.end_date.strftime("%Y") in page

    assert (
        client.get(url("channel", kramfors, pk=ChannelFactory(municipality=lund).pk)).status_code
        == 404
    )
    hidden = ChannelFactory(municipality=kramfors, is_published=False)
    assert client.get(url("channel", kramfors, pk=hidden.pk)).status_code == 404


def test_guest_channel_offers_the_form_without_an_account(client, kramfors):
    channel = ChannelFactory(municipality=kramfors, allow_guests=True)
    page = html(client.get(url("channel", kramfors, pk=channel.pk)))
    assert f'href="{url("submit", kramfors, pk=channel.pk)}"' in page


# --- submitting ---------------------------------------------------------------------------


def test_submit_needs_login_unless_guests_are_welcome(client, kramfors, channel):
    response = client.get(url("submit", kramfors, pk=channel.pk))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_closed_channel_says_so_instead_of_a_form(client, kramfors, resident):
    phase = PhaseFactory(
        process__municipality=kramfors,
        start_date=date.today() + timedelta(days=10),
        end_date=date.today() + timedelta(days=40),
    )
    upcoming = ChannelFactory(municipality=kramfors, phase=phase)
    client.force_login(resident)
    response = client.get(url("submit", kramfors, pk=upcoming.pk))
    assert response.status_code == 403
    assert 'name="title"' not in html(response)
    response = client.post(url("submit", kramfors, pk=upcoming.pk), form_data())
    assert response.status_code == 403
    assert not Proposal.objects.exists()


def test_form_defaults_the_name_and_offers_the_channels_categories(
    client, kramfors, channel, resident
):
    CategoryFactory(channel=channel, name="Lekplatser")
    CategoryFactory(channel=ChannelFactory(municipality=kramfors), name="Other channel's")
    client.force_login(resident)
    page = html(client.get(url("submit", kramfors, pk=channel.pk)))
    assert 'value="Rut Resident"' in page
    assert "Lekplatser" in page and "Other channel's" not in page
    for name in ["title", "body", "place_name", "latitude", "longitude", "image", "is_anonymous"]:
        assert f'name="{name}"' in page
    assert 'id="id_latitude"' in page and 'id="id_longitude"' in page
    assert 'name="action" value="draft"' in page and 'name="action" value="submit"' in page
    assert 'name="guest_email"' not in page
    assert 'accept="image/jpeg,image/png,image/webp"' in page


def test_submitting_publishes_with_a_point_and_follows(client, kramfors, channel, resident):
    category = CategoryFactory(channel=channel)
    client.force_login(resident)
    response = client.post(
        url("submit", kramfors, pk=channel.pk),
        form_data(latitude="62.9311", longitude="17.7769", category=category.pk),
        follow=True,
    )
    proposal = Proposal.objects.get()
    assert response.redirect_chain[-1][0] == url("detail", kramfors, pk=proposal.pk)
    assert proposal.visibility == Visibility.PUBLISHED
    assert (proposal.latitude, proposal.longitude) == (62.9311, 17.7769)
    assert proposal.category == category and proposal.author == resident
    assert Follow.objects.filter(proposal=proposal, user=resident).exists()
    assert "message-success" in html(response)


def test_a_typed_place_is_enough(client, kramfors, channel, resident):
    client.force_login(resident)
    client.post(url("submit", kramfors, pk=channel.pk), form_data(place_name="Torget i Kramfors"))
    proposal = Proposal.objects.get()
    assert proposal.place_name == "Torget i Kramfors" and proposal.latitude is None


def test_draft_is_kept_private_until_sent(client, kramfors, channel, resident):
    client.force_login(resident)
    client.post(url("submit", kramfors, pk=channel.pk), form_data(action="draft"))
    draft = Proposal.objects.get()
    assert draft.visibility == Visibility.DRAFT and draft.submitted_at is None
    page = html(client.get(url("detail", kramfors, pk=draft.pk)))
    assert url("edit", kramfors, pk=draft.pk) in page
    assert url("delete_draft", kramfors, pk=draft.pk) in page
    client.logout()
    assert client.get(url("detail", kramfors, pk=draft.pk)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url("detail", kramfors, pk=draft.pk)).status_code == 404


def test_pre_moderation_says_the_proposal_awaits_review(client, kramfors, channel, resident):
    kramfors.moderation_mode = "pre"
    kramfors.save()
    client.force_login(resident)
    response = client.post(url("submit", kramfors, pk=channel.pk), form_data(), follow=True)
    proposal = Proposal.objects.get()
    assert proposal.visibility == Visibility.PENDING
    assert 'id="visibility-notice"' in html(response)
    client.logout()
    assert client.get(url("detail", kramfors, pk=proposal.pk)).status_code == 404


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 141}, "title"),
        ({"body": ""}, "body"),
        ({"body": "x" * 5001}, "body"),
        ({"latitude": "62.9", "longitude": ""}, "longitude"),
        ({"latitude": "95", "longitude": "17"}, "latitude"),
        ({"latitude": "abc", "longitude": "17"}, "latitude"),
        ({"place_name": "p" * 201}, "place_name"),
    ],
)
def test_bad_input_is_explained_and_kept(client, kramfors, channel, resident, data, field):
    client.force_login(resident)
    response = client.post(
        url("submit", kramfors, pk=channel.pk),
        form_data(**({"place_name": "Kvarnen"} | data)),
    )
    assert response.status_code == 200
    page = html(response)
    assert 'class="error-summary"' in page
    assert f'href="#id_{field}"' in page
    assert "Kvarnen" in page or field == "place_name"
    assert "Det behövs en bänk" in page or field == "body"
    assert not Proposal.objects.exists()


def test_html_in_the_body_is_made_inert(client, kramfors, channel, resident):
    client.force_login(resident)
    client.post(
        url("submit", kramfors, pk=channel.pk),
        form_data(
            title="<b>Rubrik</b>",
            body='Hej <strong>alla</strong><script>alert("x")</script>'
            '<img src=x onerror="alert(1)"><a href="javascript:alert(2)">länk</a>',
        ),
    )
    proposal = Proposal.objects.get()
    page = html(client.get(url("detail", kramfors, pk=proposal.pk)))
    assert "<strong>alla</strong>" in page
    assert "<script>alert" not in page and "onerror" not in page and "javascript:" not in page
    assert "<b>Rubrik</b>" not in page


def test_a_png_is_stored_as_jpeg(client, kramfors, channel, resident):
    client.force_login(resident)
    upload = SimpleUploadedFile("bild.png", image_bytes("PNG"), content_type="image/png")
    client.post(
        url("submit", kramfors, pk=channel.pk),
        form_data(image=upload, image_description="En bänk i solen"),
    )
    proposal = Proposal.objects.get()
    assert proposal.image and proposal.image.name.endswith(".jpg")
    response = client.get(url("image", kramfors, pk=proposal.pk))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert Image.open(BytesIO(b"".join(response.streaming_content))).format == "JPEG"
    page = html(client.get(url("detail", kramfors, pk=proposal.pk)))
    assert f'src="{url("image", kramfors, pk=proposal.pk)}" alt="En bänk i solen"' in page


def test_gps_data_does_not_leave_with_the_image(client, kramfors, channel, resident):
    client.force_login(resident)
    upload = SimpleUploadedFile("foto.jpg", image_bytes("JPEG", exif=gps_exif()), "image/jpeg")
    client.post(
        url("submit", kramfors, pk=channel.pk),
        form_data(image=upload, image_description="Foto"),
    )
    proposal = Proposal.objects.get()
    served = b"".join(client.get(url("image", kramfors, pk=proposal.pk)).streaming_content)
    assert b"SecretCam" not in served
    image = Image.open(BytesIO(served))
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert len(image.getexif()) == 0


def test_a_text_file_named_jpg_is_refused(client, kramfors, channel, resident):
    client.force_login(resident)
    upload = SimpleUploadedFile("virus.jpg", b"this is not a picture", content_type="image/jpeg")
    response = client.post(
        url("submit", kramfors, pk=channel.pk),
        form_data(image=upload, image_description="Något"),
    )
    page = html(response)
    assert response.status_code == 200
    assert 'href="#id_image"' in page
    assert "En parkbänk vid älven" in page  # what was typed is kept
    assert not Proposal.objects.exists()


def test_an_image_needs_a_description_and_the_reupload_is_explained(
    client, kramfors, channel, resident
):
    client.force_login(resident)
    upload = SimpleUploadedFile("bild.png", image_bytes("PNG"), content_type="image/png")
    response = client.post(url("submit", kramfors, pk=channel.pk), form_data(image=upload))
    page = html(response)
    assert 'href="#id_image_description"' in page
    assert len(response.context["form"].non_field_errors()) == 1  # choose the image again
    assert not Proposal.objects.exists()


def test_too_large_image_is_refused(client, kramfors, channel, resident, monkeypatch):
    from platskraft.core import images

    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 100)
    client.force_login(resident)
    upload = SimpleUploadedFile("big.png", image_bytes("PNG", size=(400, 400)), "image/png")
    response = client.post(
        url("submit", kramfors, pk=channel.pk), form_data(image=upload, image_description="x")
    )
    assert 'href="#id_image"' in html(response)
    assert not Proposal.objects.exists()


def test_rate_limit_is_a_clear_message(client, kramfors, channel, resident, settings):
    settings.PLATSKRAFT_RATE_LIMITS = {"proposal": (2, 3600)}
    client.force_login(resident)
    for n in range(2):
        client.post(url("submit", kramfors, pk=channel.pk), form_data(title=f"Förslag {n}"))
    response = client.post(url("submit", kramfors, pk=channel.pk), form_data(title="Ett till"))
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1 and "60" in errors[0]
    assert "Ett till" in html(response)
    assert Proposal.objects.count() == 2


def test_author_edits_and_sends_a_draft(client, kramfors, channel, resident):
    draft = ProposalFactory(
        channel=channel,
        author=resident,
        visibility=Visibility.DRAFT,
        title="Utkast",
        place_name="Bron",
    )
    edit = url("edit", kramfors, pk=draft.pk)
    assert client.get(edit).status_code == 302  # log in first
    client.force_login(UserFactory())
    assert client.get(edit).status_code == 404
    client.force_login(resident)
    page = html(client.get(edit))
    assert 'value="Utkast"' in page and 'value="Bron"' in page
    client.post(edit, form_data(title="Färdigt förslag", action="submit"))
    draft.refresh_from_db()
    assert draft.title == "Färdigt förslag" and draft.visibility == Visibility.PUBLISHED
    assert client.get(edit).status_code == 404  # no longer a draft


def test_guest_proposal_waits_for_the_email_link(
    client, kramfors, mailoutbox, django_capture_on_commit_callbacks
):
    channel = ChannelFactory(municipality=kramfors, allow_guests=True)
    page = html(client.get(url("submit", kramfors, pk=channel.pk)))
    assert 'name="guest_email"' in page
    assert 'value="draft"' not in page
    response = client.post(url("submit", kramfors, pk=channel.pk), form_data())
    assert 'href="#id_guest_email"' in html(response)
    assert not Proposal.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("submit", kramfors, pk=channel.pk), form_data(guest_email="gast@example.org")
        )
    assert response.status_code == 200 and "gast@example.org" in html(response)
    proposal = Proposal.objects.get()
    assert proposal.visibility == Visibility.UNCONFIRMED and proposal.author is None
    assert client.get(url("detail", kramfors, pk=proposal.pk)).status_code == 404
    assert mailoutbox[0].to == ["gast@example.org"]
    link = re.search(
        r"https?://[^/\s]+(/kramfors/proposals/confirm/\S+)", mailoutbox[0].body
    ).group(1)
    response = client.get(link)
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.visibility == Visibility.PUBLISHED
    assert url("detail", kramfors, pk=proposal.pk) in html(response)
    assert Follow.objects.filter(proposal=proposal, email="gast@example.org").exists()


def test_a_bad_confirmation_link_is_a_clear_400(client, kramfors):
    response = client.get(url("guest_confirm", kramfors, token="not-a-token"))
    assert response.status_code == 400
    assert "<h1>" in html(response)


# --- one proposal -------------------------------------------------------------------------


def test_another_municipalitys_proposal_is_404(client, kramfors, lund):
    proposal = ProposalFactory(channel=ChannelFactory(municipality=lund))
    for name in ["detail", "image", "report"]:
        assert client.get(url(name, kramfors, pk=proposal.pk)).status_code == 404
    assert client.get(url("detail", lund, pk=proposal.pk)).status_code == 200
    client.force_login(UserFactory())
    for name in ["support", "follow", "comment"]:
        assert client.post(url(name, kramfors, pk=proposal.pk), {"body": "x"}).status_code == 404
    assert not Support.objects.exists() and not Comment.objects.exists()


def test_detail_shows_history_answer_and_anchor(client, kramfors, channel):
    department = DepartmentFactory(municipality=kramfors, name="Tekniska nämnden")
    proposal = ProposalFactory(
        channel=channel,
        department=department,
        case_number="TN 2026/12",
        is_anonymous=True,
        author_name="Hemlig",
    )
    answered(proposal, text="Vi bygger bänken i vår.")
    response = client.get(url("detail", kramfors, pk=proposal.pk))
    page = html(response)
    assert f'id="proposal-{proposal.pk}"' in page
    assert (
        f'<link rel="canonical" href="http://testserver{url("detail", kramfors, pk=proposal.pk)}">'
        in page
    )
    assert 'class="official-answer"' in page and "Vi bygger bänken i vår." in page
    history = page[page.index('class="case-history"') :]
    assert "TN 2026/12" in history and "Tekniska nämnden" in history
    assert "Hemlig" not in page
    assert url("staff_case", kramfors, pk=proposal.pk) not in page


def test_staff_get_a_link_to_the_case(client, kramfors, channel):
    proposal = ProposalFactory(channel=channel)
    client.force_login(MembershipFactory(municipality=kramfors, role=Role.CASE_HANDLER).user)
    assert url("staff_case", kramfors, pk=proposal.pk) in html(
        client.get(url("detail", kramfors, pk=proposal.pk))
    )


def test_hidden_proposal_shows_its_author_the_reason_only(client, kramfors, channel, resident):
    proposal = ProposalFactory(
        channel=channel,
        author=resident,
        visibility=Visibility.HIDDEN,
        hidden_reason="Personuppgifter om en granne.",
    )
    assert client.get(url("detail", kramfors, pk=proposal.pk)).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url("detail", kramfors, pk=proposal.pk)).status_code == 404
    client.force_login(resident)
    page = html(client.get(url("detail", kramfors, pk=proposal.pk)))
    assert "Personuppgifter om en granne." in page


def test_comments_with_replies_and_hidden_placeholders(client, kramfors, channel):
    proposal = ProposalFactory(channel=channel)
    first = CommentFactory(proposal=proposal, body="Bra idé!")
    CommentFactory(proposal=proposal, parent=first, body="Håller med.")
    CommentFactory(proposal=proposal, body="Elak kommentar", is_hidden=True, hidden_reason="Påhopp")
    CommentFactory(proposal=proposal, parent=first, body="Dolt svar", is_hidden=True)
    page = html(client.get(url("detail", kramfors, pk=proposal.pk)))
    assert "Bra idé!" in page and "Håller med." in page
    assert "Elak kommentar" not in page and "Dolt svar" not in page and "Påhopp" not in page
    assert page.count('class="comment-hidden"') == 2
    assert page.index("Bra idé!") < page.index("Håller med.")


def test_support_needs_login_and_counts_once(client, kramfors, channel, resident):
    proposal = ProposalFactory(channel=channel)
    support_url = url("support", kramfors, pk=proposal.pk)
    response = client.post(support_url)
    assert response.status_code == 302
    assert "/accounts/login/?next=" in response["Location"]
    assert "%23support" in response["Location"]
    assert client.get(support_url).status_code == 405

    client.force_login(resident)
    response = client.post(support_url, {"support": "1"})
    assert response["Location"] == url("detail", kramfors, pk=proposal.pk) + "#support"
    client.post(support_url, {"support": "1"})
    proposal.refresh_from_db()
    assert proposal.support_count == 1 and Support.objects.count() == 1
    assert 'value="0"' in html(client.get(url("detail", kramfors, pk=proposal.pk)))
    client.post(support_url, {"support": "0"})
    proposal.refresh_from_db()
    assert proposal.support_count == 0


def test_support_with_htmx_returns_the_changed_part(client, kramfors, channel, resident):
    proposal = ProposalFactory(channel=channel)
    client.force_login(resident)
    response = client.post(
        url("support", kramfors, pk=proposal.pk), {"support": "1"}, HTTP_HX_REQUEST="true"
    )
    page = html(response)
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="participation"')
    assert 'hx-swap-oob="innerHTML"' in page
    assert '<span class="count-number">1</span>' in page


def test_support_on_a_closed_call_is_refused_with_a_message(client, kramfors, resident):
    phase = PhaseFactory(
        process__municipality=kramfors,
        start_date=date.today() - timedelta(days=30),
        end_date=date.today() - timedelta(days=1),
    )
    proposal = ProposalFactory(channel=ChannelFactory(municipality=kramfors, phase=phase))
    client.force_login(resident)
    response = client.post(url("support", kramfors, pk=proposal.pk), follow=True)
    assert "message-error" in html(response)
    assert not Support.objects.exists()


def test_follow_and_unfollow(client, kramfors, channel, resident):
    proposal = ProposalFactory(channel=channel)
    client.force_login(resident)
    client.post(url("follow", kramfors, pk=proposal.pk), {"follow": "1"})
    assert Follow.objects.filter(user=resident, proposal=proposal).exists()
    client.post(url("follow", kramfors, pk=proposal.pk), {"follow": "0"})
    assert not Follow.objects.filter(user=resident, proposal=proposal).exists()


def test_comment_and_reply(client, kramfors, channel, resident):
    proposal = ProposalFactory(channel=channel)
    comment_url = url("comment", kramfors, pk=proposal.pk)
    response = client.post(comment_url, {"body": "Hej"})
    assert (
        "/accounts/login/?next=" in response["Location"] and "%23comments" in response["Location"]
    )

    client.force_login(resident)
    response = client.post(comment_url, {"body": "Jag gillar det här."})
    comment = Comment.objects.get()
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    client.post(comment_url, {"body": "Ett svar.", "parent": comment.pk})
    reply = Comment.objects.exclude(pk=comment.pk).get()
    assert reply.parent == comment
    page = html(client.get(url("detail", kramfors, pk=proposal.pk)))
    assert f'id="comment-{reply.pk}"' in page and f'id="reply-{comment.pk}-body"' in page
    proposal.refresh_from_db()
    assert proposal.comment_count == 2


def test_empty_comment_and_empty_reply_are_explained(client, kramfors, channel, resident):
    proposal = ProposalFactory(channel=channel)
    comment = CommentFactory(proposal=proposal)
    client.force_login(resident)
    response = client.post(url("comment", kramfors, pk=proposal.pk), {"body": "   "})
    assert response.status_code == 200 and 'href="#id_body"' in html(response)
    response = client.post(
        url("comment", kramfors, pk=proposal.pk), {"body": "", "parent": comment.pk}
    )
    page = html(response)
    assert f'id="reply-{comment.pk}-error"' in page
    response = client.post(url("comment", kramfors, pk=proposal.pk), {"body": "x" * 2001})
    assert 'href="#id_body"' in html(response)
    assert Comment.objects.count() == 1


def test_comment_on_a_hidden_proposal_is_refused(client, kramfors, channel, resident):
    proposal = ProposalFactory(channel=channel, author=resident, visibility=Visibility.HIDDEN)
    client.force_login(UserFactory())
    assert client.post(url("comment", kramfors, pk=proposal.pk), {"body": "Hej"}).status_code == 404
    client.force_login(resident)
    response = client.post(url("comment", kramfors, pk=proposal.pk), {"body": "Hej"}, follow=True)
    assert "message-error" in html(response)
    assert not Comment.objects.exists()


def test_comment_rate_limit(client, kramfors, channel, resident, settings):
    settings.PLATSKRAFT_RATE_LIMITS = {"comment": (1, 600)}
    proposal = ProposalFactory(channel=channel)
    client.force_login(resident)
    client.post(url("comment", kramfors, pk=proposal.pk), {"body": "Först"})
    response = client.post(url("comment", kramfors, pk=proposal.pk), {"body": "Andra"})
    assert response.status_code == 200
    assert len(response.context["comment_form"].non_field_errors()) == 1
    assert "Andra" in html(response)
    assert Comment.objects.count() == 1


def test_report_a_proposal_and_a_comment(client, kramfors, channel, resident):
    proposal = ProposalFactory(channel=channel)
    comment = CommentFactory(proposal=proposal, body="Köp billiga klockor!")
    report_url = url("report", kramfors, pk=proposal.pk)
    assert "/accounts/login/" in client.get(report_url)["Location"]
    client.force_login(resident)
    assert 'name="reason"' in html(client.get(report_url))
    response = client.post(report_url, {"reason": ""})
    assert 'href="#id_reason"' in html(response)
    client.post(report_url, {"reason": "Reklam"})
    page = html(client.get(report_url + f"?comment={comment.pk}"))
    assert "Köp billiga klockor!" in page
    client.post(report_url, {"reason": "Spam", "comment": comment.pk})
    assert list(Report.objects.values_list("reason", "comment_id").order_by("pk")) == [
        ("Reklam", None),
        ("Spam", comment.pk),
    ]
    other = CommentFactory(proposal=ProposalFactory(channel=channel))
    assert client.get(report_url + f"?comment={other.pk}").status_code == 404


def test_author_cannot_report_own_proposal(client, kramfors, channel, resident):
    proposal = ProposalFactory(channel=channel, author=resident)
    client.force_login(resident)
    client.post(url("report", kramfors, pk=proposal.pk), {"reason": "x"})
    assert not Report.objects.exists()


def test_delete_draft_confirms_then_deletes(client, kramfors, channel, resident):
    draft = ProposalFactory(channel=channel, author=resident, visibility=Visibility.DRAFT)
    published = ProposalFactory(channel=channel, author=resident)
    client.force_login(UserFactory())
    assert client.get(url("delete_draft", kramfors, pk=draft.pk)).status_code == 404
    client.force_login(resident)
    assert client.get(url("delete_draft", kramfors, pk=published.pk)).status_code == 404
    page = html(client.get(url("delete_draft", kramfors, pk=draft.pk)))
    assert '<form method="post">' in page
    response = client.post(url("delete_draft", kramfors, pk=draft.pk))
    assert response["Location"] == url("mine", kramfors)
    assert not Proposal.objects.filter(pk=draft.pk).exists()


def test_image_is_404_to_those_who_cannot_see_the_proposal(client, kramfors, channel, resident):
    client.force_login(resident)
    upload = SimpleUploadedFile("bild.png", image_bytes("PNG"), content_type="image/png")
    client.post(
        url("submit", kramfors, pk=channel.pk),
        form_data(image=upload, image_description="Bild", action="draft"),
    )
    draft = Proposal.objects.get()
    assert client.get(url("image", kramfors, pk=draft.pk)).status_code == 200
    client.logout()
    assert client.get(url("image", kramfors, pk=draft.pk)).status_code == 404
    assert (
        client.get(url("image", kramfors, pk=ProposalFactory(channel=channel).pk)).status_code
        == 404
    )


def test_unsubscribe_asks_then_stops_the_emails(client, kramfors, channel, resident):
    proposal = ProposalFactory(channel=channel, title="Bänken", follower_count=1)
    follow = Follow.objects.create(proposal=proposal, user=resident)
    token = services.unsubscribe_token(follow)
    page = html(client.get(url("unsubscribe", kramfors, token=token)))
    assert '<form method="post">' in page
    assert Follow.objects.exists()
    response = client.post(url("unsubscribe", kramfors, token=token))
    assert response.status_code == 200 and "Bänken" in html(response)
    assert not Follow.objects.exists()
    assert client.post(url("unsubscribe", kramfors, token=token)).status_code == 200
    bad = client.post(url("unsubscribe", kramfors, token=signing.dumps(1, salt="other")))
    assert bad.status_code == 400


def test_detail_query_count_does_not_grow_with_the_comments(
    client, kramfors, channel, resident, django_assert_max_num_queries
):
    proposal = answered(ProposalFactory(channel=channel, latitude=62.9, longitude=17.7))
    client.force_login(resident)

    def count_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert client.get(url("detail", kramfors, pk=proposal.pk)).status_code == 200
        return len(context.captured_queries)

    CommentFactory(proposal=proposal)
    one = count_queries()
    for _ in range(15):
        CommentFactory(proposal=proposal, parent=CommentFactory(proposal=proposal))
    assert count_queries() == one
    with django_assert_max_num_queries(11):
        client.get(url("detail", kramfors, pk=proposal.pk))
