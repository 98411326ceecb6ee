"""OPERA workshop pages. Participants (no account) under /<municipality>/opera/: the join
page, the workshop page (`opera/<code>/`, the address in the QR code), its status poll
and the forms they send. The facilitator's pages are in `opera_staff` (addresses under
/<municipality>/staff/opera/), the exports in `opera_export`.

A participant is recognised by a random key in a signed, HTTP-only cookie for that
workshop. Every form is a plain POST answered with a redirect, so the pages work without
JavaScript; htmx boosts them and polls `status/` every two seconds with the key of what
the page shows: the server answers 204 (nothing to do) until the participant's screen
should change, and then sends the new task.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from ..forms_opera import IdeaForm, JoinForm, PairIdeaForm, PointsForm, add_errors
from ..models import OperaSession
from ..services import opera as services
from ..services import opera_ideas
from . import opera_export, opera_staff
from .opera_reads import exposed_ideas, opera_url, participant_key, task_context

COOKIE_SALT = "opera-participant"
COOKIE_AGE = 24 * 3600


def cookie_name(session: OperaSession) -> str:
    return f"platskraft_opera_{session.join_code}"


def participant_of(request, session: OperaSession):
    key = request.get_signed_cookie(
        cookie_name(session), default="", salt=COOKIE_SALT, max_age=COOKIE_AGE
    )
    return services.participant_for_key(session=session, key=key)


def keep_participant(response, session: OperaSession, key: str):
    response.set_signed_cookie(
        cookie_name(session),
        key,
        salt=COOKIE_SALT,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def refused_form(code: str, error: ValidationError) -> JoinForm:
    """The join form with the code filled in and why it did not work."""
    form = JoinForm({"code": code})
    form.is_valid()
    add_errors(form, error)
    return form


def join_page(request, form, status=200, session=None):
    return render(
        request, "meetings/opera/join.html", {"form": form, "session": session}, status=status
    )


class Join(View):
    """The join page: a code field. Sending a valid code joins at once."""

    def get(self, request):
        return join_page(request, JoinForm())

    def post(self, request):
        form = JoinForm(request.POST)
        if not form.is_valid():
            return join_page(request, form)
        try:
            session = services.opera_session_for_code(
                municipality=request.municipality, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            add_errors(form, error)
            return join_page(request, form)
        return _join(request, session)


def _join(request, session: OperaSession):
    if participant_of(request, session) is not None:
        return redirect(opera_url("opera_participant", session))
    try:
        _participant, key = services.opera_join(session=session)
    except ValidationError as error:
        return join_page(request, refused_form(session.join_code, error), session=session)
    return keep_participant(redirect(opera_url("opera_participant", session)), session, key)


class SessionMixin:
    """Finds the workshop by the code in the address (any state but unknown) and the
    participant by their cookie."""

    def load(self, request, code):
        try:
            self.session = services.opera_session_for_code(
                municipality=request.municipality, code=code, joining=False
            )
        except ValidationError as error:
            return join_page(request, refused_form(code, error), status=404)
        self.participant = participant_of(request, self.session)
        return None

    def refused(self, request):
        """No participant: the join button while the code works, else why not."""
        if services.code_is_open(self.session):
            return render(request, "meetings/opera/join_session.html", {"session": self.session})
        error = ValidationError(
            {
                "code": _("The code %(code)s has expired: the workshop has ended.")
                % {"code": self.session.join_code}
            }
        )
        return join_page(request, refused_form(self.session.join_code, error), status=410)

    def page(self, request, **forms):
        return render(
            request,
            "meetings/opera/participant.html",
            task_context(self.session, self.participant, **forms),
        )


class ParticipantPage(SessionMixin, View):
    def get(self, request, code):
        if (refusal := self.load(request, code)) is not None:
            return refusal
        if self.participant is None:
            return self.refused(request)
        return self.page(request)


class JoinSession(SessionMixin, View):
    def post(self, request, code):
        if (refusal := self.load(request, code)) is not None:
            return refusal
        return _join(request, self.session)


class Status(SessionMixin, View):
    """204 while the participant's screen is current; the new task when it is not."""

    def get(self, request, code):
        if (refusal := self.load(request, code)) is not None:
            return refusal
        if self.participant is None:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = opera_url("opera_participant", self.session)
            return response
        if participant_key(self.session, self.participant) == request.GET.get("k", ""):
            return HttpResponse(status=204)
        return render(
            request,
            "meetings/opera/_task.html",
            {**task_context(self.session, self.participant), "announce": True},
        )


def _sent_message(request, sent, done_message) -> None:
    if sent.late:
        messages.warning(
            request,
            _(
                "This arrived after the step had closed. It is kept and marked as late, "
                "so the facilitator can still see it."
            ),
        )
    elif sent.repeated:
        messages.info(request, _("This had already arrived: it is stored once."))
    else:
        messages.success(request, done_message)


class SendMixin(SessionMixin):
    form_name = ""

    def make_form(self, data):
        raise NotImplementedError

    def send(self, form):
        raise NotImplementedError

    def done_message(self) -> str:
        raise NotImplementedError

    def post(self, request, code):
        if (refusal := self.load(request, code)) is not None:
            return refusal
        if self.participant is None:
            return self.refused(request)
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                sent = self.send(form)
            except ValidationError as error:
                add_errors(form, error)
            else:
                _sent_message(request, sent, self.done_message())
                return redirect(opera_url("opera_participant", self.session) + "#opera-task")
        return self.page(request, **{self.form_name: form})


class SendIdea(SendMixin, View):
    form_name = "idea_form"

    def make_form(self, data):
        return IdeaForm(data)

    def send(self, form):
        return opera_ideas.opera_idea_submit(
            session=self.session,
            participant=self.participant,
            text=form.cleaned_data["text"],
            client_key=form.cleaned_data["client_key"],
        )

    def done_message(self):
        return _("Your idea is saved.")


class SendPairIdea(SendMixin, View):
    form_name = "pair_form"

    def make_form(self, data):
        own = opera_ideas.pair_own_ideas(self.participant).order_by("pk")
        return PairIdeaForm(data, own_ideas=own)

    def send(self, form):
        return opera_ideas.opera_pair_idea_submit(
            session=self.session,
            participant=self.participant,
            sources=form.cleaned_data["sources"],
            text=form.cleaned_data["text"],
            client_key=form.cleaned_data["client_key"],
        )

    def done_message(self):
        return _("Your pair's idea is saved.")


class SendPoints(SendMixin, View):
    form_name = "points_form"

    def make_form(self, data):
        return PointsForm(data, ideas=exposed_ideas(self.session))

    def send(self, form):
        return opera_ideas.opera_points_submit(
            session=self.session, participant=self.participant, points=form.points()
        )

    def done_message(self):
        return _("Your points are saved. You can change them until ranking closes.")


P = "opera/<str:code>/"

urlpatterns = [
    path("opera/", Join.as_view(), name="opera_join"),
    path(P, ParticipantPage.as_view(), name="opera_participant"),
    path(P + "join/", JoinSession.as_view(), name="opera_join_session"),
    path(P + "status/", Status.as_view(), name="opera_status"),
    path(P + "idea/", SendIdea.as_view(), name="opera_idea"),
    path(P + "pair-idea/", SendPairIdea.as_view(), name="opera_pair_idea"),
    path(P + "points/", SendPoints.as_view(), name="opera_points"),
    *opera_staff.urlpatterns,
    *opera_export.urlpatterns,
]
