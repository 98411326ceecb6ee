"""Every write of the proposals app, with the input it must refuse and what it must keep."""

import os
from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.tests.factories import DepartmentFactory
from platskraft.proposals import services
from platskraft.proposals.models import (
    BODY_MAX,
    TITLE_MAX,
    Comment,
    Follow,
    Proposal,
    Report,
    Score,
    Status,
    StatusChange,
    Support,
    Visibility,
)
from platskraft.proposals.services import ProposalInput
from platskraft.proposals.services import mail as services_mail
from platskraft.proposals.services.participation import UNSUBSCRIBE_SALT

from .factories import (
    CategoryFactory,
    ChannelFactory,
    CommentFactory,
    CriterionFactory,
    ProposalFactory,
)

pytestmark = pytest.mark.django_db

SITE = "https://platskraft.example"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def jpeg_with_gps(size=(40, 30)) -> bytes:
    image = Image.new("RGB", size, "red")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Kamera AB"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (62.0, 55.0, 48.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (17.0, 46.0, 48.0)
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    with Image.open(BytesIO(data)) as check:  # the test image really carries a position
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def data(**overrides) -> ProposalInput:
    values = {"title": "Fler bänkar vid älven", "body": "Det behövs fler sittplatser."}
    values.update(overrides)
    return ProposalInput(**values)


@pytest.fixture
def channel(kramfors):
    return ChannelFactory(municipality=kramfors, title="Förslag till Kramfors")


@pytest.fixture
def resident():
    return UserFactory(display_name="Ines Invånare")


def submit(channel, author, **kwargs):
    return services.proposal_save(
        channel=channel,
        data=kwargs.pop("input", None) or data(),
        author=author,
        submit=True,
        site_url=SITE,
        **kwargs,
    )


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# --- Submitting ---------------------------------------------------------------------------


def test_draft_is_kept_then_submitted_and_published_at_once_in_post_moderation(channel, resident):
    draft = services.proposal_save(channel=channel, data=data(), author=resident, submit=False)
    assert draft.visibility == Visibility.DRAFT and draft.published_at is None
    assert not Follow.objects.exists()
    sent = services.proposal_save(
        channel=channel,
        data=data(title="Fler bänkar"),
        author=resident,
        proposal=draft,
        submit=True,
        site_url=SITE,
    )
    sent.refresh_from_db()
    assert sent.pk == draft.pk and sent.title == "Fler bänkar"
    assert sent.visibility == Visibility.PUBLISHED
    assert sent.submitted_at and sent.published_at
    assert sent.status == Status.RECEIVED
    assert Follow.objects.filter(proposal=sent, user=resident).exists()
    assert sent.follower_count == 1
    assert "fler bänkar" in sent.search_text and "sittplatser" in sent.search_text


def test_submitted_proposal_waits_for_review_in_pre_moderation(channel, resident, kramfors):
    kramfors.moderation_mode = "pre"
    kramfors.save()
    proposal = submit(channel, resident)
    proposal.refresh_from_db()
    assert proposal.visibility == Visibility.PENDING and proposal.published_at is None
    assert proposal.submitted_at is not None


def test_a_sent_proposal_can_no_longer_be_changed_or_deleted_as_a_draft(channel, resident):
    proposal = submit(channel, resident)
    with pytest.raises(ValidationError):
        services.proposal_save(
            channel=channel, data=data(), author=resident, proposal=proposal, submit=False
        )
    with pytest.raises(ValidationError):
        services.proposal_delete_draft(proposal=proposal)
    assert Proposal.objects.filter(pk=proposal.pk).exists()


def test_draft_is_deleted_with_its_image(channel, resident, settings):
    draft = services.proposal_save(
        channel=channel,
        data=data(image=upload(jpeg_with_gps())),
        author=resident,
        submit=False,
    )
    path = draft.image.path
    assert draft.image and Image.open(path).format == "JPEG"
    services.proposal_delete_draft(proposal=draft)
    assert not Proposal.objects.filter(pk=draft.pk).exists()
    assert not os.path.exists(path)


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("title", {"title": ""}),
        ("title", {"title": "   "}),
        ("title", {"title": "x" * (TITLE_MAX + 1)}),
        ("body", {"body": ""}),
        ("body", {"body": "<script>alert(1)</script>"}),
        ("body", {"body": "y" * (BODY_MAX + 1)}),
        ("latitude", {"latitude": 62.9}),
        ("latitude", {"latitude": 95.0, "longitude": 17.0}),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_stored(
    channel, resident, field, overrides
):
    with pytest.raises(ValidationError) as excinfo:
        submit(channel, resident, input=data(**overrides))
    assert field in errors_of(excinfo)
    assert not Proposal.objects.exists()


def test_title_of_exactly_the_maximum_length_is_accepted(channel, resident):
    proposal = submit(channel, resident, input=data(title="x" * TITLE_MAX))
    assert len(proposal.title) == TITLE_MAX


def test_category_of_another_channel_is_refused(channel, resident, kramfors):
    other = CategoryFactory(channel=ChannelFactory(municipality=kramfors))
    with pytest.raises(ValidationError) as excinfo:
        submit(channel, resident, input=data(category=other))
    assert "category" in errors_of(excinfo)
    own = CategoryFactory(channel=channel, name="Boende")
    assert submit(channel, resident, input=data(category=own)).category == own


def test_html_and_scripts_are_cleaned_when_stored(channel, resident):
    proposal = submit(
        channel,
        resident,
        input=data(
            title="<b>Bänkar</b><script>alert('x')</script>",
            body=(
                '<p onclick="steal()">Bra <strong>idé</strong></p>'
                "<script>alert('x')</script><img src=x onerror=alert(1)>"
                '<a href="javascript:alert(1)">länk</a><style>p{}</style>'
            ),
        ),
    )
    proposal.refresh_from_db()
    assert proposal.title == "Bänkar"
    assert "<strong>idé</strong>" in proposal.body
    for bad in ["script", "onclick", "onerror", "<img", "javascript:", "<style", "alert"]:
        assert bad not in proposal.body
    assert "<" not in proposal.search_text


def test_place_with_both_coordinates_and_a_typed_place_is_kept(channel, resident):
    proposal = submit(
        channel,
        resident,
        input=data(latitude=62.93, longitude=17.78, place_name="  Kramfors centrum "),
    )
    proposal.refresh_from_db()
    assert (proposal.latitude, proposal.longitude) == (62.93, 17.78)
    assert proposal.place_name == "Kramfors centrum" and proposal.has_place


# --- Images --------------------------------------------------------------------------------


def test_image_is_reencoded_without_exif_and_under_a_random_name(channel, resident):
    proposal = submit(
        channel, resident, input=data(image=upload(jpeg_with_gps(), name="IMG_hemma.jpg"))
    )
    proposal.refresh_from_db()
    assert "IMG_hemma" not in proposal.image.name
    assert proposal.image_token in proposal.image.name
    with Image.open(proposal.image.path) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert ExifTags.Base.Make not in stored.getexif()
        assert "exif" not in stored.info


def test_image_of_the_wrong_type_is_refused_and_nothing_is_stored(channel, resident, settings):
    gif = BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    for bad in [upload(gif.getvalue(), "a.gif", "image/gif"), upload(b"not an image", "a.jpg")]:
        with pytest.raises(ValidationError):
            submit(channel, resident, input=data(image=bad))
    assert not Proposal.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_image_too_large_is_refused(channel, resident, monkeypatch):
    from platskraft.core import images

    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1000)
    with pytest.raises(ValidationError) as excinfo:
        submit(channel, resident, input=data(image=upload(b"x" * 1001)))
    assert excinfo.value.code == "too_large"
    assert not Proposal.objects.exists()


def test_a_refused_change_keeps_the_current_image(channel, resident):
    draft = services.proposal_save(
        channel=channel, data=data(image=upload(jpeg_with_gps())), author=resident, submit=False
    )
    path = draft.image.path
    with pytest.raises(ValidationError):
        services.proposal_save(
            channel=channel,
            data=data(title="", image=upload(jpeg_with_gps())),
            author=resident,
            proposal=draft,
            submit=False,
        )
    draft.refresh_from_db()
    assert draft.image.path == path
    with Image.open(path) as still_there:
        assert still_there.format == "JPEG"


def test_image_can_be_replaced_and_removed(channel, resident):
    draft = services.proposal_save(
        channel=channel, data=data(image=upload(jpeg_with_gps())), author=resident, submit=False
    )
    first = draft.image.path
    draft = services.proposal_save(
        channel=channel,
        data=data(image=upload(jpeg_with_gps((20, 20)))),
        author=resident,
        proposal=draft,
        submit=False,
    )
    assert draft.image.path != first and not os.path.exists(first)
    second = draft.image.path
    draft = services.proposal_save(
        channel=channel, data=data(remove_image=True), author=resident, proposal=draft, submit=False
    )
    draft.refresh_from_db()
    assert not draft.image and not os.path.exists(second)


# --- Guests --------------------------------------------------------------------------------


def test_guests_may_only_submit_where_the_channel_allows_it(channel):
    with pytest.raises(ValidationError):
        services.proposal_save(
            channel=channel, data=data(), guest_email="g@example.org", submit=True
        )
    assert not Proposal.objects.exists()


def test_guest_confirms_by_the_emailed_link_and_then_follows(
    channel, django_capture_on_commit_callbacks
):
    channel.allow_guests = True
    channel.save()
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_save(
            channel=channel,
            data=data(author_name="Gästen"),
            guest_email="  Gast@Example.org ",
            submit=True,
            site_url=SITE,
        )
    proposal.refresh_from_db()
    assert proposal.visibility == Visibility.UNCONFIRMED and proposal.author is None
    assert proposal.guest_email == "gast@example.org"
    [message] = mail.outbox
    assert message.to == ["gast@example.org"]
    link = next(line for line in message.body.splitlines() if line.startswith(SITE))
    token = link.rstrip("/").rsplit("/", 1)[-1]
    confirmed = services.proposal_confirm_guest(token=token)
    assert confirmed.visibility == Visibility.PUBLISHED
    assert Follow.objects.filter(proposal=proposal, email="gast@example.org").count() == 1
    # Clicking twice changes nothing.
    services.proposal_confirm_guest(token=token)
    proposal.refresh_from_db()
    assert proposal.follower_count == 1


def test_guest_link_expires_after_a_week(channel):
    channel.allow_guests = True
    channel.save()
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=STOCKHOLM), tick=False):
        proposal = services.proposal_save(
            channel=channel, data=data(), guest_email="g@example.org", submit=True
        )
        from django.core import signing

        token = signing.dumps({"p": proposal.pk}, salt=services.GUEST_SALT)
    with (
        time_machine.travel(datetime(2026, 3, 9, 12, tzinfo=STOCKHOLM), tick=False),
        pytest.raises(ValidationError) as excinfo,
    ):
        services.proposal_confirm_guest(token=token)
    assert excinfo.value.code == "bad_token"
    proposal.refresh_from_db()
    assert proposal.visibility == Visibility.UNCONFIRMED
    with time_machine.travel(datetime(2026, 3, 7, 12, tzinfo=STOCKHOLM), tick=False):
        assert services.proposal_confirm_guest(token=token).visibility == Visibility.PUBLISHED


def test_tampered_guest_token_is_refused(channel):
    with pytest.raises(ValidationError):
        services.proposal_confirm_guest(token="forged:token")


# --- Rate limits ---------------------------------------------------------------------------


def test_rate_limit_per_person(channel, resident, settings):
    settings.PLATSKRAFT_RATE_LIMITS = {"proposal": (2, 3600)}
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=STOCKHOLM), tick=False):
        submit(channel, resident)
        submit(channel, resident)
        # Drafts are not limited; sending them is.
        draft = services.proposal_save(channel=channel, data=data(), author=resident, submit=False)
        with pytest.raises(ValidationError) as excinfo:
            submit(channel, resident)
        assert excinfo.value.code == "rate_limited"
        with pytest.raises(ValidationError):
            services.proposal_save(
                channel=channel, data=data(), author=resident, proposal=draft, submit=True
            )
        assert submit(channel, UserFactory())  # someone else is not held back
    assert Proposal.objects.filter(author=resident).count() == 3
    with time_machine.travel(datetime(2026, 3, 1, 13, 1, tzinfo=STOCKHOLM), tick=False):
        assert submit(channel, resident).visibility == Visibility.PUBLISHED


def test_rate_limit_per_ip_address(channel, settings):
    settings.PLATSKRAFT_RATE_LIMITS = {"proposal": (2, 3600)}
    ip = services.ip_hash("192.0.2.7")
    assert ip and "192.0.2.7" not in ip
    submit(channel, UserFactory(), ip=ip)
    submit(channel, UserFactory(), ip=ip)
    with pytest.raises(ValidationError):
        submit(channel, UserFactory(), ip=ip)
    assert submit(channel, UserFactory(), ip=services.ip_hash("192.0.2.8"))


def test_comment_rate_limit_per_person_and_ip(channel, resident, settings):
    settings.PLATSKRAFT_RATE_LIMITS = {"comment": (2, 600)}
    proposal = ProposalFactory(channel=channel)
    for _ in range(2):
        services.comment_add(proposal=proposal, author=resident, body="Bra!")
    with pytest.raises(ValidationError) as excinfo:
        services.comment_add(proposal=proposal, author=resident, body="Bra!")
    assert excinfo.value.code == "rate_limited"
    ip = services.ip_hash("198.51.100.1")
    for _ in range(2):
        services.comment_add(proposal=proposal, author=UserFactory(), body="Ja", ip=ip)
    with pytest.raises(ValidationError):
        services.comment_add(proposal=proposal, author=UserFactory(), body="Ja", ip=ip)
    proposal.refresh_from_db()
    assert Comment.objects.count() == proposal.comment_count == 4


# --- Support and following -----------------------------------------------------------------


def test_support_twice_counts_once_and_withdraw_takes_it_back(channel, resident):
    proposal = ProposalFactory(channel=channel)
    assert services.support_set(proposal=proposal, user=resident, support=True) is True
    assert services.support_set(proposal=proposal, user=resident, support=True) is True
    proposal.refresh_from_db()
    assert proposal.support_count == 1 == Support.objects.count()
    assert services.support_set(proposal=proposal, user=resident, support=False) is False
    assert services.support_set(proposal=proposal, user=resident, support=False) is False
    proposal.refresh_from_db()
    assert proposal.support_count == 0 == Support.objects.count()


def test_only_a_published_proposal_can_be_supported(channel, resident):
    proposal = ProposalFactory(channel=channel, visibility=Visibility.HIDDEN)
    with pytest.raises(ValidationError):
        services.support_set(proposal=proposal, user=resident, support=True)
    assert not Support.objects.exists()


def test_follow_and_unsubscribe_by_token(channel, resident):
    proposal = ProposalFactory(channel=channel)
    services.follow_set(proposal=proposal, user=resident, follow=True)
    services.follow_set(proposal=proposal, user=resident, follow=True)
    proposal.refresh_from_db()
    assert proposal.follower_count == 1
    follow = Follow.objects.get(proposal=proposal, user=resident)
    token = services.unsubscribe_token(follow)
    assert services.follow_unsubscribe(token=token) == proposal
    assert services.follow_unsubscribe(token=token) is None  # already stopped
    proposal.refresh_from_db()
    assert proposal.follower_count == 0 and not Follow.objects.exists()
    with pytest.raises(ValidationError):
        services.follow_unsubscribe(token=token + "x")
    services.follow_set(proposal=proposal, user=resident, follow=True)
    services.follow_set(proposal=proposal, user=resident, follow=False)
    proposal.refresh_from_db()
    assert proposal.follower_count == 0


# --- Comments ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "visibility", [Visibility.HIDDEN, Visibility.PENDING, Visibility.DRAFT, Visibility.UNCONFIRMED]
)
def test_comment_on_a_proposal_that_is_not_published_is_refused(channel, resident, visibility):
    proposal = ProposalFactory(channel=channel, visibility=visibility)
    with pytest.raises(ValidationError) as excinfo:
        services.comment_add(proposal=proposal, author=resident, body="Hej")
    assert excinfo.value.code == "hidden"
    assert not Comment.objects.exists()
    proposal.refresh_from_db()
    assert proposal.comment_count == 0


@pytest.mark.parametrize("body", ["", "   ", "<script>x()</script>", "z" * 2001])
def test_empty_or_too_long_comment_is_refused(channel, resident, body):
    proposal = ProposalFactory(channel=channel)
    with pytest.raises(ValidationError) as excinfo:
        services.comment_add(proposal=proposal, author=resident, body=body)
    assert "body" in errors_of(excinfo)
    assert not Comment.objects.exists()


def test_comment_is_cleaned_and_replies_stay_one_level_deep(channel, resident):
    proposal = ProposalFactory(channel=channel)
    top = services.comment_add(
        proposal=proposal, author=resident, body="<em>Ja</em><script>x</script>"
    )
    assert top.body == "<em>Ja</em>"
    reply = services.comment_add(proposal=proposal, author=UserFactory(), body="Svar", parent=top)
    deeper = services.comment_add(proposal=proposal, author=resident, body="Svar 2", parent=reply)
    assert reply.parent == top and deeper.parent == top
    proposal.refresh_from_db()
    assert proposal.comment_count == 3


def test_reply_to_a_hidden_comment_or_another_proposal_is_refused(channel, resident):
    proposal = ProposalFactory(channel=channel)
    hidden = CommentFactory(proposal=proposal, is_hidden=True, hidden_reason="Spam")
    reply_to_hidden = CommentFactory(proposal=proposal, parent=hidden)
    elsewhere = CommentFactory(proposal=ProposalFactory(channel=channel))
    for parent in [hidden, reply_to_hidden, elsewhere]:
        with pytest.raises(ValidationError):
            services.comment_add(proposal=proposal, author=resident, body="Hej", parent=parent)
    assert Comment.objects.count() == 3


def test_comment_moderation_keeps_the_count_right(channel):
    moderator = UserFactory()
    comment = services.comment_add(
        proposal=ProposalFactory(channel=channel), author=UserFactory(), body="Dumt"
    )
    report = services.report_create(
        proposal=comment.proposal, reporter=UserFactory(), reason="Otrevligt", comment=comment
    )
    with pytest.raises(ValidationError) as excinfo:
        services.comment_moderate(comment=comment, moderator=moderator, hide=True, reason=" ")
    assert "reason" in errors_of(excinfo)
    services.comment_moderate(comment=comment, moderator=moderator, hide=True, reason="Otrevligt")
    services.comment_moderate(comment=comment, moderator=moderator, hide=True, reason="Igen")
    comment.proposal.refresh_from_db()
    assert comment.proposal.comment_count == 0
    report.refresh_from_db()
    assert report.resolved_at and report.resolved_by == moderator
    services.comment_moderate(comment=comment, moderator=moderator, hide=False)
    comment.refresh_from_db()
    comment.proposal.refresh_from_db()
    assert not comment.is_hidden and comment.hidden_reason == ""
    assert comment.proposal.comment_count == 1


# --- Reports and moderation ----------------------------------------------------------------


def test_report_needs_a_reason_and_a_comment_of_the_same_proposal(channel, resident):
    proposal = ProposalFactory(channel=channel)
    with pytest.raises(ValidationError):
        services.report_create(proposal=proposal, reporter=resident, reason="  ")
    other = CommentFactory(proposal=ProposalFactory(channel=channel))
    with pytest.raises(ValidationError):
        services.report_create(proposal=proposal, reporter=resident, reason="Fel", comment=other)
    report = services.report_create(proposal=proposal, reporter=resident, reason=" Fel ")
    assert report.reason == "Fel" and report.resolved_at is None
    moderator = UserFactory()
    services.report_dismiss(report=report, moderator=moderator)
    report.refresh_from_db()
    assert report.resolved_at and report.resolved_by == moderator


def test_hiding_needs_a_reason_and_tells_the_author_in_their_language(
    channel, django_capture_on_commit_callbacks
):
    author = UserFactory(preferred_language="en", email="author@example.org")
    proposal = ProposalFactory(channel=channel, author=author)
    report = Report.objects.create(proposal=proposal, reason="Spam")
    moderator = UserFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.proposal_moderate(proposal=proposal, moderator=moderator, approve=False)
    assert "reason" in errors_of(excinfo)
    with django_capture_on_commit_callbacks(execute=True):
        hidden = services.proposal_moderate(
            proposal=proposal,
            moderator=moderator,
            approve=False,
            reason="Innehåller personuppgifter.",
            site_url=SITE,
        )
    assert hidden.visibility == Visibility.HIDDEN
    assert hidden.hidden_reason == "Innehåller personuppgifter."
    assert hidden.moderated_by == moderator and hidden.moderated_at
    report.refresh_from_db()
    assert report.resolved_by == moderator
    [message] = mail.outbox
    assert message.to == ["author@example.org"]
    assert "Innehåller personuppgifter." in message.body
    assert SITE + proposal.get_absolute_url() in message.body


def test_approving_a_pending_proposal_publishes_it_and_tells_the_author(
    channel, kramfors, resident, django_capture_on_commit_callbacks
):
    kramfors.moderation_mode = "pre"
    kramfors.save()
    proposal = submit(channel, resident)
    assert proposal.visibility == Visibility.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        published = services.proposal_moderate(
            proposal=proposal, moderator=UserFactory(), approve=True, site_url=SITE
        )
    assert published.visibility == Visibility.PUBLISHED and published.published_at
    assert [m.to for m in mail.outbox] == [[resident.email]]


def test_a_draft_cannot_be_moderated(channel, resident):
    draft = ProposalFactory(channel=channel, visibility=Visibility.DRAFT)
    with pytest.raises(ValidationError):
        services.proposal_moderate(proposal=draft, moderator=UserFactory(), approve=True)
    draft.refresh_from_db()
    assert draft.visibility == Visibility.DRAFT


# --- Case handling -------------------------------------------------------------------------


def route(proposal, department, **kwargs):
    values = {
        "by": UserFactory(),
        "department": department,
        "case_number": " KS 2026/41 ",
        "handler": None,
        "response_due": date(2026, 9, 1),
        "explanation": "Kommunstyrelsen bereder förslaget.",
        "site_url": SITE,
    }
    values.update(kwargs)
    return services.proposal_route(proposal=proposal, **values)


def test_routing_forwards_the_case_and_keeps_a_history_row(channel, kramfors):
    proposal = ProposalFactory(channel=channel)
    committee = DepartmentFactory(municipality=kramfors, name="Kommunstyrelsen")
    routed = route(proposal, committee, version=proposal.version)
    assert routed.status == Status.FORWARDED
    assert routed.department == committee and routed.case_number == "KS 2026/41"
    assert routed.response_due == date(2026, 9, 1)
    assert routed.version == proposal.version + 1
    [change] = StatusChange.objects.filter(proposal=proposal)
    assert (change.old_status, change.new_status) == (Status.RECEIVED, Status.FORWARDED)
    assert change.department_name == "Kommunstyrelsen" and change.case_number == "KS 2026/41"
    assert change.explanation == "Kommunstyrelsen bereder förslaget."


def test_routing_to_another_municipalitys_committee_is_refused(channel, lund):
    proposal = ProposalFactory(channel=channel)
    with pytest.raises(ValidationError) as excinfo:
        route(proposal, DepartmentFactory(municipality=lund))
    assert "department" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        route(proposal, None, explanation="")
    assert {"department", "explanation"} <= set(errors_of(excinfo))
    proposal.refresh_from_db()
    assert proposal.status == Status.RECEIVED and proposal.department is None
    assert not StatusChange.objects.exists()


def test_routing_a_decided_case_keeps_its_decision(channel, kramfors):
    proposal = ProposalFactory(channel=channel, status=Status.APPROVED)
    routed = route(proposal, DepartmentFactory(municipality=kramfors))
    assert routed.status == Status.APPROVED


def test_unpublished_proposal_cannot_be_routed_or_moved_on(channel, kramfors):
    proposal = ProposalFactory(channel=channel, visibility=Visibility.PENDING)
    with pytest.raises(ValidationError):
        route(proposal, DepartmentFactory(municipality=kramfors))
    with pytest.raises(ValidationError):
        services.proposal_change_status(
            proposal=proposal, by=None, status=Status.REVIEW, explanation="Ja"
        )
    assert not StatusChange.objects.exists()


ALLOWED = [
    (Status.RECEIVED, Status.REVIEW),
    (Status.RECEIVED, Status.APPROVED),
    (Status.REVIEW, Status.FORWARDED),
    (Status.FORWARDED, Status.REJECTED),
    (Status.APPROVED, Status.IMPLEMENTED),
    (Status.PARTLY, Status.IMPLEMENTED),
    (Status.REJECTED, Status.APPROVED),
]
REFUSED = [
    (Status.RECEIVED, Status.IMPLEMENTED),
    (Status.RECEIVED, Status.RECEIVED),
    (Status.REVIEW, Status.RECEIVED),
    (Status.REJECTED, Status.IMPLEMENTED),
    (Status.IMPLEMENTED, Status.APPROVED),
    (Status.APPROVED, "nonsense"),
]


@pytest.mark.parametrize(("old", "new"), ALLOWED)
def test_allowed_status_transitions(channel, old, new):
    proposal = ProposalFactory(channel=channel, status=old)
    changed = services.proposal_change_status(
        proposal=proposal, by=None, status=new, explanation="Förklaring"
    )
    assert changed.status == new
    assert StatusChange.objects.get(proposal=proposal).new_status == new


@pytest.mark.parametrize(("old", "new"), REFUSED)
def test_refused_status_transitions(channel, old, new):
    proposal = ProposalFactory(channel=channel, status=old)
    with pytest.raises(ValidationError) as excinfo:
        services.proposal_change_status(
            proposal=proposal, by=None, status=new, explanation="Förklaring"
        )
    assert "status" in errors_of(excinfo)
    proposal.refresh_from_db()
    assert proposal.status == old and proposal.version == 1
    assert not StatusChange.objects.exists()


def test_status_change_needs_an_explanation(channel):
    proposal = ProposalFactory(channel=channel)
    with pytest.raises(ValidationError) as excinfo:
        services.proposal_change_status(
            proposal=proposal, by=None, status=Status.REVIEW, explanation="<script></script>"
        )
    assert "explanation" in errors_of(excinfo)


def test_decision_sets_the_official_answer_and_implementation_keeps_it(channel):
    proposal = ProposalFactory(channel=channel)
    with time_machine.travel(datetime(2026, 5, 4, 10, tzinfo=STOCKHOLM), tick=False):
        decided = services.proposal_change_status(
            proposal=proposal,
            by=None,
            status=Status.PARTLY,
            explanation="Vi bygger två av bänkarna i år.",
        )
    assert decided.answer == "Vi bygger två av bänkarna i år."
    assert decided.answered_at == datetime(2026, 5, 4, 10, tzinfo=STOCKHOLM)
    done = services.proposal_change_status(
        proposal=decided, by=None, status=Status.IMPLEMENTED, explanation="Klart!"
    )
    assert done.answer == "Vi bygger två av bänkarna i år." and done.status == Status.IMPLEMENTED


def test_a_change_from_a_stale_version_is_refused_and_the_first_change_is_kept(channel, kramfors):
    proposal = ProposalFactory(channel=channel)
    seen = proposal.version
    first = services.proposal_change_status(
        proposal=proposal,
        by=None,
        status=Status.APPROVED,
        explanation="Första beslutet.",
        version=seen,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.proposal_change_status(
            proposal=proposal,
            by=None,
            status=Status.REJECTED,
            explanation="Andra, från en gammal sida.",
            version=seen,
        )
    assert excinfo.value.code == "conflict"
    with pytest.raises(ValidationError) as excinfo:
        route(proposal, DepartmentFactory(municipality=kramfors), version=seen)
    assert excinfo.value.code == "conflict"
    proposal.refresh_from_db()
    assert proposal.status == Status.APPROVED and proposal.answer == "Första beslutet."
    assert proposal.version == first.version == seen + 1
    assert StatusChange.objects.count() == 1
    # With the version the official sees now, the change goes through.
    services.proposal_change_status(
        proposal=proposal,
        by=None,
        status=Status.REJECTED,
        explanation="Omprövat.",
        version=proposal.version,
    )


def test_followers_get_an_email_in_their_language_with_an_unsubscribe_link(
    channel, kramfors, django_capture_on_commit_callbacks, monkeypatch
):
    author = UserFactory(email="author@example.org", preferred_language="en")
    proposal = submit(channel, author)
    neighbour = UserFactory(email="granne@example.org", preferred_language="sv")
    services.follow_set(proposal=proposal, user=neighbour, follow=True)
    Follow.objects.create(proposal=proposal, email="gast@example.org")

    languages = {}
    real_render = services_mail.render_to_string

    def render(template, context):
        languages.setdefault(context["unsubscribe_url"], set()).add(translation.get_language())
        return real_render(template, context)

    monkeypatch.setattr(services_mail, "render_to_string", render)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        route(proposal, DepartmentFactory(municipality=kramfors, name="Kommunstyrelsen"))
        assert not mail.outbox  # nothing leaves before the commit
    assert len(callbacks) == 1
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"author@example.org", "granne@example.org", "gast@example.org"}
    for address, message in by_address.items():
        follow = (
            Follow.objects.get(email=address)
            if address.startswith("gast")
            else Follow.objects.get(user__email=address)
        )
        unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert unsubscribe in message.body and unsubscribe.startswith(SITE)
        # The token is signed with the time it was made, so compare what it stands for.
        token = unsubscribe.rstrip("/").rsplit("/", 1)[1]
        assert signing.loads(token, salt=UNSUBSCRIBE_SALT) == follow.pk
        assert "Kommunstyrelsen" in message.body and "KS 2026/41" in message.body
        assert SITE + proposal.get_absolute_url() in message.body
    expected = {
        "author@example.org": {"en"},
        "granne@example.org": {"sv"},
        "gast@example.org": {kramfors.languages[0]},
    }
    for address, message in by_address.items():
        unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert languages[unsubscribe] == expected[address]


def test_no_email_leaves_when_the_change_is_rolled_back(
    channel, django_capture_on_commit_callbacks
):
    proposal = submit(channel, UserFactory())
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.proposal_change_status(
            proposal=proposal, by=None, status=Status.IMPLEMENTED, explanation="Nej"
        )
    assert not mail.outbox


# --- Scores and channels -------------------------------------------------------------------


def test_scores_are_stored_changed_and_removed(channel):
    proposal = ProposalFactory(channel=channel)
    effect = CriterionFactory(channel=channel, name="Effekt", weight=3)
    cost = CriterionFactory(channel=channel, name="Kostnad")
    official = UserFactory()
    services.scores_save(
        proposal=proposal, by=official, values={effect: (4, " Stor effekt "), cost: (2, "")}
    )
    services.scores_save(proposal=proposal, by=official, values={effect: (5, "Ännu större")})
    assert dict(Score.objects.values_list("criterion__name", "value")) == {
        "Effekt": 5,
        "Kostnad": 2,
    }
    assert Score.objects.get(criterion=effect).reason == "Ännu större"
    services.scores_save(proposal=proposal, by=official, values={cost: (None, "")})
    assert not Score.objects.filter(criterion=cost).exists()


def test_scores_out_of_range_or_of_another_channel_are_refused(channel, kramfors):
    proposal = ProposalFactory(channel=channel)
    criterion = CriterionFactory(channel=channel)
    with pytest.raises(ValidationError) as excinfo:
        services.scores_save(proposal=proposal, by=None, values={criterion: (6, "")})
    assert f"score_{criterion.pk}" in errors_of(excinfo)
    foreign = CriterionFactory(channel=ChannelFactory(municipality=kramfors))
    with pytest.raises(ValidationError):
        services.scores_save(proposal=proposal, by=None, values={foreign: (3, "")})
    assert not Score.objects.exists()


def test_channel_save_takes_the_process_from_the_phase_and_refuses_a_foreign_phase(kramfors, lund):
    from platskraft.municipalities.tests.factories import PhaseFactory, ProcessFactory

    class Form:
        def __init__(self, channel):
            self.channel = channel

        def save(self, commit=True):
            return self.channel

    phase = PhaseFactory(process=ProcessFactory(municipality=kramfors))
    channel = services.channel_save(
        form=Form(ChannelFactory.build(municipality=kramfors, phase=phase, process=None))
    )
    assert channel.pk and channel.process == phase.process
    foreign = PhaseFactory(process=ProcessFactory(municipality=lund))
    with pytest.raises(ValidationError) as excinfo:
        services.channel_save(
            form=Form(ChannelFactory.build(municipality=kramfors, phase=foreign, process=None))
        )
    assert "phase" in errors_of(excinfo)


def test_request_ip_hash_is_keyed_and_stable(rf):
    request = rf.get("/", REMOTE_ADDR="203.0.113.9")
    assert services.request_ip_hash(request) == services.ip_hash("203.0.113.9")
    assert services.ip_hash("") == "" and services.ip_hash(None) == ""
    assert len(services.ip_hash("203.0.113.9")) == 64
