"""The facilitator's OPERA pages, under /<municipality>/staff/: starting a workshop for a
meeting, the control page (step, timer, figures, pairs, and the Arrange board), the big
screen for the projector (join code, QR code, the live view), and the Arrange writes.

Moving ideas into themes works by drag and drop (`static/meetings/opera_arrange.js`,
which posts to `move/`) and without it: each idea has a select of themes and a button,
a plain form."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platskraft.core.access import get_scoped_or_404, require_perm
from platskraft.municipalities.views.generic import StaffView

from ..forms_opera import AdvanceForm, SessionForm, add_errors
from ..models import Idea, IdeaStage, Meeting, OperaSession, Step, Theme
from ..services import opera as services
from ..services import opera_arrange
from .opera_reads import control_figures, opera_url, screen_context, staff_url, timer

READ = "meetings.view_staff"
FACILITATE = "meetings.facilitate"
STEP_HINTS = {
    Step.OWN: gettext_lazy("Each participant writes their own ideas, alone."),
    Step.PAIRS: gettext_lazy(
        "Participants are put in pairs at random (one trio if the number is odd). Each pair "
        "agrees on its best ideas."
    ),
    Step.EXPOSE: gettext_lazy(
        "The pairs' ideas are numbered and shown on the big screen, without names."
    ),
    Step.RANKING: gettext_lazy("Each participant gives out their points."),
    Step.ARRANGE: gettext_lazy("You group the ideas into themes and name them."),
    Step.DONE: gettext_lazy(
        "The workshop ends, its code stops working, and the themes and ideas with their "
        "points are saved as the meeting's outcomes."
    ),
}


def meeting_staff_url(meeting: Meeting) -> str:
    try:
        return reverse(
            "meetings:staff_meeting",
            kwargs={"municipality_slug": meeting.municipality.slug, "pk": meeting.pk},
        )
    except NoReverseMatch:
        return ""


def join_address(request, session: OperaSession) -> str:
    return request.build_absolute_uri(opera_url("opera_participant", session))


def qr_svg(address: str) -> str:
    """The address as an inline SVG QR code (no XML declaration, scalable)."""
    return segno.make(address, error="m").svg_inline(scale=8, border=2, dark="#1b1f24")


class SessionMixin:
    def load(self) -> OperaSession:
        request = self.request
        require_perm(request, READ, request.municipality)
        session = get_scoped_or_404(
            OperaSession.objects.select_related("meeting__municipality"),
            request.municipality,
            pk=self.kwargs["pk"],
        )
        require_perm(request, FACILITATE, session.meeting)
        self.session = session
        return session

    def back(self, anchor: str = ""):
        return redirect(staff_url("staff_opera", self.session) + anchor)


def report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class SessionCreate(StaffView):
    def load(self) -> Meeting:
        request = self.request
        require_perm(request, READ, request.municipality)
        meeting = get_scoped_or_404(
            Meeting.objects.select_related("municipality"),
            request.municipality,
            pk=self.kwargs["meeting_pk"],
        )
        require_perm(request, FACILITATE, meeting)
        return meeting

    def render_form(self, meeting, form):
        return render(
            self.request,
            "meetings/opera/staff/session_form.html",
            {"meeting": meeting, "form": form, "cancel_url": meeting_staff_url(meeting)},
        )

    def get(self, request, meeting_pk):
        meeting = self.load()
        return self.render_form(meeting, SessionForm())

    def post(self, request, meeting_pk):
        meeting = self.load()
        form = SessionForm(request.POST)
        if form.is_valid():
            try:
                session = services.opera_session_create(
                    meeting=meeting, by=request.user, **form.values()
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The workshop is ready. Its code is %(code)s.") % {"code": session.join_code},
                )
                return redirect(staff_url("staff_opera", session))
        return self.render_form(meeting, form)


def _arrange_context(session: OperaSession) -> dict:
    ideas = opera_arrange.ranked_ideas(session)
    themes = list(session.themes.all())
    by_theme = {t.pk: [] for t in themes}
    unthemed = []
    for idea in sorted(ideas, key=lambda i: (i.position, i.number or 0)):
        by_theme.get(idea.theme_id, unthemed).append(idea)
    return {
        "board": [{"theme": t, "ideas": by_theme[t.pk]} for t in themes],
        "unthemed": unthemed,
        "all_themes": themes,
        "arranging": session.step == Step.ARRANGE,
    }


class Control(SessionMixin, StaffView):
    def get(self, request, pk):
        session = self.load()
        context = {
            "session": session,
            "meeting": session.meeting,
            "figures": control_figures(session),
            **timer(session),
            "next_step": services.next_step(session.step),
            "join_address": join_address(request, session),
            "meeting_url": meeting_staff_url(session.meeting),
            "steps": Step.choices,
        }
        if context["next_step"]:
            context["next_label"] = Step(context["next_step"]).label
        if session.step in (Step.ARRANGE, Step.DONE):
            context.update(_arrange_context(session))
        return render(request, "meetings/opera/staff/control.html", context)


class Live(SessionMixin, StaffView):
    """The figures of the control page or the big screen's view, polled with the
    revision last seen: 204 while nothing changed."""

    template_name = "meetings/opera/staff/_figures.html"

    def get(self, request, pk):
        session = self.load()
        if request.GET.get("r", "") == str(session.revision):
            return HttpResponse(status=204)
        shown = request.GET.get("s", "")
        if shown and shown != session.step:
            # Another facilitator moved the workshop on: this control page shows the
            # last step's buttons and board, so it loads again.
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        if self.template_name.endswith("_screen_live.html"):
            context = screen_context(session)
        else:
            context = {"session": session, "figures": control_figures(session)}
        context.update(timer(session))
        return render(request, self.template_name, context)


class ScreenLive(Live):
    template_name = "meetings/opera/staff/_screen_live.html"


class Screen(SessionMixin, StaffView):
    def get(self, request, pk):
        session = self.load()
        address = join_address(request, session)
        return render(
            request,
            "meetings/opera/staff/screen.html",
            {**screen_context(session), "join_address": address, "qr": qr_svg(address)},
        )


class Advance(SessionMixin, StaffView):
    """GET: what the next step does, and a button; POST: move on."""

    def get(self, request, pk):
        session = self.load()
        target = services.next_step(session.step)
        if target is None:
            raise Http404
        return render(
            request,
            "meetings/opera/staff/step_confirm.html",
            {
                "session": session,
                "target": Step(target),
                "hint": STEP_HINTS[target],
                "figures": control_figures(session),
                "form": AdvanceForm(initial={"step": session.step}),
                "cancel_url": staff_url("staff_opera", session),
            },
        )

    def post(self, request, pk):
        session = self.load()
        form = AdvanceForm(request.POST)
        form.is_valid()
        try:
            session = services.opera_step_advance(
                session=session,
                by=request.user,
                expected_step=form.cleaned_data.get("step") or None,
                unthemed_as_outcomes=bool(form.cleaned_data.get("unthemed_as_outcomes")),
            )
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, _("Now: %(step)s.") % {"step": session.get_step_display()})
        return self.back()


class Timer(SessionMixin, StaffView):
    def post(self, request, pk):
        session = self.load()
        try:
            services.opera_timer_extend(session=session, minutes=1)
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, _("One more minute."))
        return self.back()


class ThemeCreate(SessionMixin, StaffView):
    def post(self, request, pk):
        session = self.load()
        try:
            theme = opera_arrange.opera_theme_create(
                session=session, name=request.POST.get("name", "")
            )
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, _("Theme “%(name)s” added.") % {"name": theme.name})
        return self.back("#arrange")


class ThemeChange(SessionMixin, StaffView):
    removing = False

    def post(self, request, pk, theme_id):
        session = self.load()
        theme = get_object_or_404(Theme, pk=theme_id, session=session)
        try:
            if self.removing:
                opera_arrange.opera_theme_delete(theme=theme)
                messages.success(request, _("Theme “%(name)s” removed.") % {"name": theme.name})
            else:
                opera_arrange.opera_theme_rename(theme=theme, name=request.POST.get("name", ""))
                messages.success(request, _("Theme renamed."))
        except ValidationError as error:
            report(request, error)
        return self.back("#arrange")


class Move(SessionMixin, StaffView):
    """Put an idea into a theme (or none). From the script: JSON back, no redirect."""

    def post(self, request, pk):
        session = self.load()
        script = request.headers.get("X-Requested-With") == "fetch"
        raw_idea = request.POST.get("idea", "")
        idea = (
            Idea.objects.filter(session=session, stage=IdeaStage.PAIR, pk=raw_idea).first()
            if raw_idea.isdigit()
            else None
        )
        raw_theme = request.POST.get("theme", "")
        theme = (
            Theme.objects.filter(session=session, pk=raw_theme).first()
            if raw_theme.isdigit()
            else None
        )
        try:
            if idea is None or (raw_theme and theme is None):
                raise ValidationError(_("Choose one of the workshop's ideas and themes."))
            opera_arrange.opera_idea_move(session=session, idea=idea, theme=theme)
        except ValidationError as error:
            if script:
                return JsonResponse({"error": " ".join(error.messages)}, status=400)
            report(request, error)
            return self.back("#arrange")
        text = (
            _("Idea %(number)s moved to “%(theme)s”.")
            % {"number": idea.number, "theme": theme.name}
            if theme
            else _("Idea %(number)s has no theme now.") % {"number": idea.number}
        )
        if script:
            return JsonResponse({"message": text})
        messages.success(request, text)
        return self.back(f"#idea-{idea.pk}")


S = "staff/opera/<int:pk>/"

urlpatterns = [
    path(
        "staff/meetings/<int:meeting_pk>/opera/new/",
        SessionCreate.as_view(),
        name="staff_opera_add",
    ),
    path(S, Control.as_view(), name="staff_opera"),
    path(S + "live/", Live.as_view(), name="staff_opera_live"),
    path(S + "screen/", Screen.as_view(), name="staff_opera_screen"),
    path(S + "screen/live/", ScreenLive.as_view(), name="staff_opera_screen_live"),
    path(S + "step/", Advance.as_view(), name="staff_opera_step"),
    path(S + "timer/", Timer.as_view(), name="staff_opera_timer"),
    path(S + "themes/", ThemeCreate.as_view(), name="staff_opera_theme_add"),
    path(S + "themes/<int:theme_id>/", ThemeChange.as_view(), name="staff_opera_theme"),
    path(
        S + "themes/<int:theme_id>/delete/",
        ThemeChange.as_view(removing=True),
        name="staff_opera_theme_delete",
    ),
    path(S + "move/", Move.as_view(), name="staff_opera_move"),
]
