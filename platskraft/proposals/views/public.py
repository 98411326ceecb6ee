"""Residents' pages: browse, map, follow the case, send a proposal, support, comment, report.

Every view is: access (scoped to the request's municipality), permission, service, response.
Changes are POST-only and work without JavaScript; support and follow also answer htmx
requests with the part of the page that changed.
"""

from __future__ import annotations

import dataclasses
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from platskraft.core.access import LoginRequired, get_scoped_or_404, login_redirect
from platskraft.core.text import strip_tags

from .. import selectors, services
from ..forms import CommentForm, ProposalForm, ReportForm, add_errors
from ..models import Comment, Proposal, Status, Visibility
from ..permissions import channel_is_open, channel_is_public
from ..selectors import ProposalFilters

PAGE_SIZE = 15
FEED_SIZE = 30
IMAGE_ERROR_CODES = {"too_large", "type", "invalid"}


# --- helpers ------------------------------------------------------------------------------


def _public(view):
    """Send anonymous visitors that need an account to the log-in page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except LoginRequired:
            return login_redirect(request)

    return wrapped


def _url(request, name: str, **kwargs) -> str:
    return reverse(
        f"proposals:{name}", kwargs={"municipality_slug": request.municipality.slug, **kwargs}
    )


def _detail_url(request, proposal: Proposal, anchor: str = "") -> str:
    url = _url(request, "detail", pk=proposal.pk)
    return f"{url}#{anchor}" if anchor else url


def _site_url(request) -> str:
    return request.build_absolute_uri("/")[:-1]


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _status_choices() -> list[tuple[str, str]]:
    return [("decided", _("Decided (any decision)")), *Status.choices]


def _filter_context(request, filters: ProposalFilters) -> dict:
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filters": filters,
        "choices": selectors.filter_choices(request.municipality),
        "status_choices": _status_choices(),
        "sort_choices": [
            ("newest", _("Newest first")),
            ("support", _("Most supported")),
            ("answered", _("Recently answered")),
        ],
        "query_string": query.urlencode(),
    }


def _open_for_proposals(user, channel) -> bool:
    return bool(channel_is_public(user, channel) and channel_is_open(user, channel))


# --- lists, map and feed ------------------------------------------------------------------


@require_GET
def proposal_list(request):
    municipality = request.municipality
    filters = ProposalFilters.from_query(request.GET)
    queryset = selectors.proposal_list(municipality=municipality, filters=filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = _filter_context(request, filters)
    # The public channels come with the filter choices (one query for both uses).
    channels = context["choices"]["channels"]
    titles = {c.pk: c.title for c in channels}
    proposals = list(page.object_list)
    for proposal in proposals:
        proposal.channel_title = titles.get(proposal.channel_id, "")
    return render(
        request,
        "proposals/proposal_list.html",
        {
            "page": page,
            "proposals": proposals,
            "open_channels": [c for c in channels if _open_for_proposals(request.user, c)],
            **context,
        },
    )


@require_GET
def proposal_map(request):
    filters = ProposalFilters.from_query(request.GET)
    points = selectors.map_points(municipality=request.municipality, filters=filters)
    labels = dict(Status.choices)
    for point in points:
        point["status_label"] = labels.get(point["status"], point["status"])
    context = _filter_context(request, filters)
    return render(request, "proposals/proposal_map.html", {"points": points, **context})


@require_GET
def proposal_map_data(request):
    """The placed proposals as a GeoJSON FeatureCollection (the same filters as the list)."""
    filters = ProposalFilters.from_query(request.GET)
    labels = dict(Status.choices)
    features = [
        {
            "type": "Feature",
            "id": point["pk"],
            "geometry": {"type": "Point", "coordinates": [point["longitude"], point["latitude"]]},
            "properties": {
                "title": point["title"],
                "status": point["status"],
                "status_label": str(labels.get(point["status"], point["status"])),
                "supports": point["support_count"],
                "place_name": point.get("place_name", ""),
                "url": _url(request, "detail", pk=point["pk"]),
            },
        }
        for point in selectors.map_points(municipality=request.municipality, filters=filters)
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )


class AnsweredFeed(Feed):
    """Atom feed of the proposals that the municipality has answered, newest answer first."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return request.municipality

    def title(self, obj) -> str:
        return _("Answered proposals – %(name)s") % {"name": obj.name}

    def subtitle(self, obj) -> str:
        return _("The official answers to residents' proposals in %(name)s.") % {"name": obj.name}

    def link(self, obj) -> str:
        return reverse("proposals:list", kwargs={"municipality_slug": obj.slug})

    def items(self, obj):
        filters = ProposalFilters(sort="answered")
        items = list(selectors.proposal_list(municipality=obj, filters=filters)[:FEED_SIZE])
        for item in items:
            item.municipality = obj  # already known: no query per item
        return items

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return strip_tags(item.answer)

    def item_link(self, item) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.answered_at

    def item_updateddate(self, item):
        return item.answered_at

    def item_author_name(self, item) -> str:
        return item.public_author or _("Anonymous")

    def item_categories(self, item):
        return [item.get_status_display()]


@login_required
@require_GET
def my_proposals(request):
    proposals = selectors.my_proposals(municipality=request.municipality, user=request.user)
    page = Paginator(proposals, 30).get_page(request.GET.get("page"))
    return render(request, "proposals/my_proposals.html", {"page": page})


@require_GET
def channel_detail(request, pk: int):
    channel = selectors.channel_get_for(request, pk)
    filters = dataclasses.replace(ProposalFilters.from_query(request.GET), channel=channel.pk)
    queryset = selectors.proposal_list(municipality=request.municipality, filters=filters)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    proposals = list(page.object_list)
    for proposal in proposals:
        proposal.channel_title = channel.title
    is_open = _open_for_proposals(request.user, channel)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "proposals/channel_detail.html",
        {
            "channel": channel,
            "state": channel.state_on(timezone.localdate()).value,
            "is_open": is_open,
            "can_add": request.user.has_perm("proposals.add_proposal", channel),
            "guest_may_add": is_open and channel.allow_guests,
            "page": page,
            "proposals": proposals,
            "filters": filters,
            "query_string": query.urlencode(),
        },
    )


# --- sending a proposal -------------------------------------------------------------------


class _ProposalFormView(View):
    template_name = "proposals/proposal_form.html"

    def closed(self, request, channel, status: int = 403):
        return render(
            request,
            "proposals/submit_closed.html",
            {
                "channel": channel,
                "state": channel.state_on(timezone.localdate()).value,
                "is_public": channel_is_public(request.user, channel),
            },
            status=status,
        )

    def make_form(self, request, data=None, files=None, initial=None):
        return ProposalForm(
            data,
            files,
            channel=self.channel,
            guest=self.guest,
            proposal=self.proposal,
            initial=initial,
        )

    def render_form(self, request, form, status: int = 200):
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "channel": self.channel,
                "proposal": self.proposal,
                "guest": self.guest,
                "centre": self.centre(request),
            },
            status=status,
        )

    def centre(self, request):
        municipality = request.municipality
        if municipality.centre:
            return municipality.centre
        return None

    def post(self, request, pk: int):
        form = self.make_form(request, request.POST, request.FILES)
        submit = self.guest or request.POST.get("action") != "draft"
        if form.is_valid():
            try:
                proposal = services.proposal_save(
                    channel=self.channel,
                    data=form.to_input(),
                    author=None if self.guest else request.user,
                    guest_email=form.cleaned_data.get("guest_email", ""),
                    proposal=self.proposal,
                    submit=submit,
                    ip=services.request_ip_hash(request),
                    site_url=_site_url(request),
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict") and error.code in IMAGE_ERROR_CODES:
                    form.add_error("image", error)
                else:
                    add_errors(form, error)
            else:
                return self.saved(request, proposal, submitted=submit)
        if request.FILES.get("image"):
            form.add_error(
                None,
                _(
                    "Your browser cannot keep a chosen file when the form is shown again: "
                    "if you want the image, choose it again."
                ),
            )
        return self.render_form(request, form)

    def saved(self, request, proposal: Proposal, *, submitted: bool):
        if proposal.visibility == Visibility.UNCONFIRMED:
            return render(
                request,
                "proposals/guest_sent.html",
                {
                    "proposal": proposal,
                    "channel": self.channel,
                    "email": proposal.guest_email,
                    "days": services.GUEST_LINK_DAYS,
                },
            )
        if not submitted:
            messages.success(request, _("Your draft is saved. Only you can see it."))
        elif proposal.visibility == Visibility.PUBLISHED:
            messages.success(request, _("Thank you! Your proposal is published."))
        else:
            messages.success(
                request,
                _(
                    "Thank you! Your proposal is sent. It is published when a moderator "
                    "has read it."
                ),
            )
        return redirect(_detail_url(request, proposal))


class ProposalSubmit(_ProposalFormView):
    proposal = None

    def dispatch(self, request, pk: int):
        self.channel = selectors.channel_get_for(request, pk)
        user = request.user
        if user.is_authenticated:
            if not user.has_perm("proposals.add_proposal", self.channel):
                return self.closed(request, self.channel)
            self.guest = False
        else:
            if not _open_for_proposals(user, self.channel):
                return self.closed(request, self.channel)
            if not self.channel.allow_guests:
                return login_redirect(request)
            self.guest = True
        return super().dispatch(request, pk)

    def get(self, request, pk: int):
        initial = {} if self.guest else {"author_name": request.user.display_name}
        return self.render_form(request, self.make_form(request, initial=initial))


class ProposalEdit(_ProposalFormView):
    guest = False

    def dispatch(self, request, pk: int):
        if not request.user.is_authenticated:
            return login_redirect(request)
        proposal = selectors.proposal_get_for(request, pk)
        if proposal.author_id != request.user.pk or not proposal.is_draft:
            raise Http404
        self.proposal, self.channel = proposal, proposal.channel
        if not request.user.has_perm("proposals.change_proposal", proposal):
            return self.closed(request, self.channel)
        return super().dispatch(request, pk)

    def get(self, request, pk: int):
        initial = ProposalForm.initial_from(self.proposal)
        return self.render_form(request, self.make_form(request, initial=initial))

    def centre(self, request):
        if self.proposal.has_place:
            return (self.proposal.latitude, self.proposal.longitude)
        return super().centre(request)


@require_GET
def guest_confirm(request, token: str):
    try:
        proposal = services.proposal_confirm_guest(token=token)
    except ValidationError as error:
        return render(
            request,
            "proposals/guest_confirm.html",
            {"error": " ".join(error.messages), "days": services.GUEST_LINK_DAYS},
            status=400,
        )
    return render(
        request,
        "proposals/guest_confirm.html",
        {
            "proposal": proposal,
            "here": proposal.municipality_id == request.municipality.pk,
        },
    )


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    if request.method == "GET":
        return render(request, "proposals/unsubscribe.html", {"asking": True})
    try:
        proposal = services.follow_unsubscribe(token=token)
    except ValidationError as error:
        return render(
            request,
            "proposals/unsubscribe.html",
            {"error": " ".join(error.messages)},
            status=400,
        )
    here = proposal is not None and proposal.municipality_id == request.municipality.pk
    return render(
        request,
        "proposals/unsubscribe.html",
        {"proposal": proposal if here else None, "done": True, "already": proposal is None},
    )


# --- one proposal -------------------------------------------------------------------------


def _participation_context(request, proposal: Proposal) -> dict:
    user = request.user
    return {
        "proposal": proposal,
        "participation": selectors.participation_of(proposal, user),
        "can_support": user.has_perm("proposals.support_proposal", proposal),
        "can_follow": user.has_perm("proposals.follow_proposal", proposal),
    }


def _detail(request, proposal: Proposal, *, comment_form=None, reply_form=None, reply_to=None):
    user = request.user
    is_author = user.is_authenticated and proposal.author_id == user.pk
    can_comment = user.has_perm("proposals.comment_proposal", proposal)
    context = {
        **_participation_context(request, proposal),
        "is_author": is_author,
        "history": selectors.proposal_history(proposal),
        "comments": selectors.proposal_comments(proposal, include_hidden=True)
        if proposal.is_published
        else [],
        "can_comment": can_comment,
        "can_report": user.has_perm("proposals.report_proposal", proposal),
        "can_edit": user.has_perm("proposals.change_proposal", proposal),
        "can_view_cases": user.has_perm("proposals.view_cases", request.municipality),
        "comment_form": comment_form or CommentForm(),
        "reply_form": reply_form,
        "reply_to": reply_to,
        "canonical_url": request.build_absolute_uri(_detail_url(request, proposal)),
        "tile_centre": (proposal.latitude, proposal.longitude) if proposal.has_place else None,
    }
    return render(request, "proposals/proposal_detail.html", context)


@require_GET
def proposal_detail(request, pk: int):
    return _detail(request, selectors.proposal_get_for(request, pk))


@require_GET
def proposal_image(request, pk: int):
    proposal = selectors.proposal_get_for(request, pk)
    if not proposal.image:
        raise Http404
    try:
        handle = proposal.image.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _why_not(proposal: Proposal, action: str) -> str:
    """A plain reason why a resident cannot take part in a proposal right now."""
    if proposal.visibility != Visibility.PUBLISHED:
        if action == "comment":
            return _("This proposal is not published, so it cannot be commented on.")
        return _("This proposal is not published, so it cannot be supported or followed.")
    if action == "comment":
        return _("The channel is closed, so new comments cannot be written.")
    return _("The channel is closed, so support can no longer be given or withdrawn.")


def _participation_response(request, proposal: Proposal, message: str, ok: bool):
    """After support/follow: the changed part for htmx, otherwise back to the page."""
    if _is_htmx(request):
        proposal.refresh_from_db(fields=["support_count", "follower_count"])
        return render(
            request,
            "proposals/includes/participation.html",
            {**_participation_context(request, proposal), "status_message": message, "ok": ok},
        )
    (messages.success if ok else messages.error)(request, message)
    return redirect(_detail_url(request, proposal, "support"))


def _login_first(request, proposal: Proposal, anchor: str):
    url = redirect_to_login(_detail_url(request, proposal, anchor)).url
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@require_POST
def support(request, pk: int):
    proposal = selectors.proposal_get_for(request, pk)
    if not request.user.is_authenticated:
        return _login_first(request, proposal, "support")
    wanted = request.POST.get("support", "1") != "0"
    if not request.user.has_perm("proposals.support_proposal", proposal):
        return _participation_response(request, proposal, _why_not(proposal, "support"), False)
    try:
        services.support_set(proposal=proposal, user=request.user, support=wanted)
    except ValidationError as error:
        return _participation_response(request, proposal, " ".join(error.messages), False)
    message = _("Thank you for your support.") if wanted else _("Your support is withdrawn.")
    return _participation_response(request, proposal, message, True)


@require_POST
def follow(request, pk: int):
    proposal = selectors.proposal_get_for(request, pk)
    if not request.user.is_authenticated:
        return _login_first(request, proposal, "support")
    wanted = request.POST.get("follow", "1") != "0"
    if not request.user.has_perm("proposals.follow_proposal", proposal):
        return _participation_response(request, proposal, _why_not(proposal, "follow"), False)
    services.follow_set(proposal=proposal, user=request.user, follow=wanted)
    if wanted:
        message = _("You follow this proposal: you get an e-mail when the case moves on.")
    else:
        message = _("You no longer follow this proposal.")
    return _participation_response(request, proposal, message, True)


def _comment_or_404(request, proposal: Proposal, raw) -> Comment:
    raw = (raw or "").strip()
    if not raw.isdigit() or len(raw) > 12:
        raise Http404
    return get_scoped_or_404(
        Comment.objects.select_related("author"),
        request.municipality,
        pk=int(raw),
        proposal=proposal,
    )


@require_POST
def comment(request, pk: int):
    proposal = selectors.proposal_get_for(request, pk)
    if not request.user.is_authenticated:
        return _login_first(request, proposal, "comments")
    parent = None
    if request.POST.get("parent"):
        parent = _comment_or_404(request, proposal, request.POST["parent"])
    if not request.user.has_perm("proposals.comment_proposal", proposal):
        messages.error(request, _why_not(proposal, "comment"))
        return redirect(_detail_url(request, proposal, "comments"))
    form = CommentForm(request.POST, prefix_id=f"reply-{parent.pk}" if parent else "")
    if form.is_valid():
        try:
            saved = services.comment_add(
                proposal=proposal,
                author=request.user,
                body=form.cleaned_data["body"],
                parent=parent,
                ip=services.request_ip_hash(request),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you! Your comment is published."))
            return redirect(_detail_url(request, proposal, f"comment-{saved.pk}"))
    if parent is not None:
        return _detail(request, proposal, reply_form=form, reply_to=parent.pk)
    return _detail(request, proposal, comment_form=form)


@_public
@require_http_methods(["GET", "POST"])
def report(request, pk: int):
    proposal = selectors.proposal_get_for(request, pk)
    if not request.user.is_authenticated:
        raise LoginRequired
    comment_id = request.POST.get("comment") or request.GET.get("comment")
    reported = _comment_or_404(request, proposal, comment_id) if comment_id else None
    if reported is None:
        allowed = request.user.has_perm("proposals.report_proposal", proposal)
    else:
        allowed = (
            proposal.is_published
            and not reported.is_hidden
            and reported.author_id != request.user.pk
        )
    if not allowed:
        messages.error(request, _("You cannot report this."))
        return redirect(_detail_url(request, proposal))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                proposal=proposal,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                comment=reported,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you. A moderator will look at your report."))
            anchor = f"comment-{reported.pk}" if reported else ""
            return redirect(_detail_url(request, proposal, anchor))
    return render(
        request,
        "proposals/report_form.html",
        {"form": form, "proposal": proposal, "reported": reported},
    )


@_public
@require_http_methods(["GET", "POST"])
def proposal_delete_draft(request, pk: int):
    if not request.user.is_authenticated:
        raise LoginRequired
    proposal = selectors.proposal_get_for(request, pk)
    if proposal.author_id != request.user.pk or not proposal.is_draft:
        raise Http404
    if request.method == "POST":
        try:
            services.proposal_delete_draft(proposal=proposal)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(_detail_url(request, proposal))
        messages.success(request, _("The draft “%(title)s” is deleted.") % {"title": proposal})
        return redirect(_url(request, "mine"))
    return render(request, "proposals/confirm_delete.html", {"proposal": proposal})
