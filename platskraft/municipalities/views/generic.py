"""The shape every staff page shares: access, permission, service, response.

`PartFormView` and `PartDeleteView` serve every simple thing an official edits
(a process, a phase, a financier, a group, a member, a committee): a subclass
names the model, its parent, the form, the permission and the service.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from platskraft.core.access import LoginRequired, get_scoped_or_404, login_redirect, require_perm
from platskraft.core.forms import add_errors as add_service_errors

from .. import services
from ..forms import add_errors
from ..models import Process


class StaffView(View):
    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except LoginRequired:
            return login_redirect(request)


class OneFormView(StaffView):
    """A staff page with one form about an object or a part of it: show, check, save (the
    service may refuse with a ValidationError, shown on the form with what was typed), go
    back with a message. A subclass (with its app's mixin, which gives `context`) says how
    the page's parent is loaded and checked (`load`), its address (`parent_url`), and how
    the form is made, titled and saved."""

    template_name = ""
    multipart = False
    error_status = 200  # the status of a page shown again with errors

    def load(self) -> None:
        raise NotImplementedError

    def parent_url(self) -> str:
        raise NotImplementedError

    def get_object(self):
        return None

    def make_form(self, obj, data=None, files=None):
        raise NotImplementedError

    def save(self, form, obj):  # returns (saved object, message)
        raise NotImplementedError

    def title(self, obj) -> str:
        raise NotImplementedError

    def success_url(self, saved) -> str:
        return self.parent_url()

    def cancel_url(self, obj) -> str:
        return self.parent_url()

    def extra_context(self, obj) -> dict:
        return {}

    def render_form(self, form, obj, **extra):
        return render(
            self.request,
            self.template_name,
            self.context(
                form=form,
                object=obj,
                title=self.title(obj),
                cancel_url=self.cancel_url(obj),
                multipart=self.multipart,
                **self.extra_context(obj),
                **extra,
            ),
            status=self.error_status if form.is_bound and form.errors else 200,
        )

    def get(self, request, **kwargs):
        self.load()
        obj = self.get_object()
        return self.render_form(self.make_form(obj), obj)

    def post(self, request, **kwargs):
        self.load()
        obj = self.get_object()
        form = self.make_form(obj, request.POST, request.FILES)
        if form.is_valid():
            try:
                saved, message = self.save(form, obj)
            except ValidationError as error:
                return self.failed(form, obj, error)
            messages.success(request, message or _("Saved."))
            return redirect(self.success_url(saved))
        return self.render_form(form, obj)

    def failed(self, form, obj, error: ValidationError):
        add_service_errors(form, error)
        return self.render_form(form, obj)


class PartMixin:
    """Finds the part and its parent inside the request's municipality."""

    model = None
    parent_model = Process  # None: the parent is the municipality itself
    parent_kwarg = "pk"
    parent_field = "process"  # how the part points at its parent
    object_kwarg = "part_id"
    perm = "municipalities.change_process"  # checked on perm_target(parent, obj)
    object_perm = ""  # if set: checked on the object itself when there is one

    def get_parent(self):
        if self.parent_model is None:
            return self.request.municipality
        return get_scoped_or_404(
            self.parent_model.objects.all(),
            self.request.municipality,
            pk=self.kwargs[self.parent_kwarg],
        )

    def get_object(self, parent):
        if self.object_kwarg not in self.kwargs:
            return None
        lookup = {"pk": self.kwargs[self.object_kwarg]}
        if self.parent_model is not None:
            lookup[self.parent_field] = parent
        return get_scoped_or_404(self.model.objects.all(), self.request.municipality, **lookup)

    def perm_target(self, parent, obj):
        return parent

    def success_url(self, parent, obj) -> str:
        process = parent if isinstance(parent, Process) else getattr(parent, "process", None)
        if process is not None:
            return process_staff_url(process)
        return self.request.path

    def load(self):
        parent = self.get_parent()
        obj = self.get_object(parent)
        if obj is not None and self.object_perm:
            require_perm(self.request, self.object_perm, obj)
        else:
            require_perm(self.request, self.perm, self.perm_target(parent, obj))
        return parent, obj


def process_staff_url(process: Process) -> str:
    return reverse(
        "municipalities:staff_process",
        kwargs={"municipality_slug": process.municipality.slug, "pk": process.pk},
    )


class PartFormView(PartMixin, StaffView):
    form_class = None
    template_name = "municipalities/staff/form.html"
    title_add = ""
    title_change = ""
    saved_message = ""

    def save(self, form):
        return services.part_save(form=form)

    def render_form(self, form, parent, obj):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "parent": parent,
                "object": obj,
                "title": self.title_change if obj is not None else self.title_add,
                "cancel_url": self.success_url(parent, obj),
            },
        )

    def make_form(self, parent, obj, data=None):
        return self.form_class(data, instance=obj, parent=parent)

    def get(self, request, **kwargs):
        parent, obj = self.load()
        return self.render_form(self.make_form(parent, obj), parent, obj)

    def post(self, request, **kwargs):
        parent, obj = self.load()
        form = self.make_form(parent, obj, request.POST)
        if form.is_valid():
            try:
                saved = self.save(form)
            except ValidationError as error:
                add_errors(
                    form,
                    error.message_dict if hasattr(error, "error_dict") else {None: error.messages},
                )
            else:
                messages.success(request, self.saved_message or _("Saved."))
                return redirect(self.success_url(parent, saved))
        return self.render_form(form, parent, obj)


class PartDeleteView(PartMixin, StaffView):
    template_name = "municipalities/staff/confirm_delete.html"

    def delete(self, obj):
        services.part_delete(obj=obj)

    def get(self, request, **kwargs):
        parent, obj = self.load()
        return render(
            request,
            self.template_name,
            {
                "object": obj,
                "cancel_url": self.success_url(parent, obj),
            },
        )

    def post(self, request, **kwargs):
        parent, obj = self.load()
        try:
            self.delete(obj)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("“%(name)s” was removed.") % {"name": obj})
        return redirect(self.success_url(parent, None))
