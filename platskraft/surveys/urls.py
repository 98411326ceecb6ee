"""Survey addresses: residents' pages under /<municipality>/surveys/, staff pages under
/<municipality>/staff/surveys/. Each part of the app keeps its own list."""

from .views.answer import urlpatterns as answer_urls
from .views.builder import urlpatterns as builder_urls
from .views.results import urlpatterns as results_urls

app_name = "surveys"
urlpatterns = [*builder_urls, *answer_urls, *results_urls]
