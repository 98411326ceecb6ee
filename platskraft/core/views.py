from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def about(request):
    return render(request, "core/about.html")


@require_GET
def accessibility(request):
    return render(request, "core/accessibility.html")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)
