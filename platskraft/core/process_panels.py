"""Panels on a development process's page, contributed by the apps that plug into it.

An app registers a provider: a function of (process, user) that returns panels — a
template name and its context — or nothing. The process page renders them, in the order
the providers were registered, with `{% process_panels process %}`, so the
municipalities app needs to know nothing of the apps. Providers are registered in the
app's `AppConfig.ready()` (like `core.activities`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

PanelProvider = Callable[[object, object], Iterable["Panel"]]


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict = field(default_factory=dict)


_providers: list[PanelProvider] = []


def register(provider: PanelProvider) -> PanelProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def panels_for(process, user) -> list[Panel]:
    return [panel for provider in _providers for panel in provider(process, user)]
