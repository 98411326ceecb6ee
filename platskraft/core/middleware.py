"""The language of a page: what the person chose, else Swedish.

Django's LocaleMiddleware would follow the browser's Accept-Language header; a
Swedish municipality's pages start in Swedish for everyone and change language only
when the person asks (the language switch, or the preferred language of their account).
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class LanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in SUPPORTED:
            user = getattr(request, "user", None)
            chosen = getattr(user, "preferred_language", None) if user else None
        if chosen not in SUPPORTED:
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()
