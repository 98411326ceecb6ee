"""Tenant-scoped lookups and permission checks shared by every app.

Every root model reaches its municipality through `tenant_path` (default
"municipality"). Lookups filter by the tenant first, so an object of another
municipality is simply not found: missing and forbidden look the same (404).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404


class LoginRequired(Exception):
    """Raised by `require_perm` for anonymous visitors; `StaffMixin` turns it into a redirect."""


def tenant_path(model: type[Model]) -> str:
    return getattr(model, "tenant_path", "municipality")


def scoped(queryset: QuerySet, tenant, /) -> QuerySet:
    """The part of `queryset` that belongs to the municipality `tenant`."""
    return queryset.filter(**{tenant_path(queryset.model): tenant})


def get_scoped_or_404(queryset: QuerySet, tenant, /, **lookup):
    return get_object_or_404(scoped(queryset, tenant), **lookup)


def require_perm(request: HttpRequest, perm: str, obj=None) -> None:
    """Let the request through, ask an anonymous visitor to log in, or answer 404."""
    if request.user.has_perm(perm, obj):
        return
    if not request.user.is_authenticated:
        raise LoginRequired
    raise Http404


def login_when_required(view):
    """Send anonymous visitors whom a view needs to know (`LoginRequired`) to log in."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except LoginRequired:
            return login_redirect(request)

    return wrapped


def login_redirect(request: HttpRequest):
    return redirect_to_login(request.get_full_path())


def site_url(request) -> str:
    """The site's address as the request reached it, without a trailing slash, for links
    in e-mails."""
    return request.build_absolute_uri("/")[:-1]
