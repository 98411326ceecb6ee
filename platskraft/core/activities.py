"""What a development process contains, collected from the apps that plug into it.

An app registers a provider: a function of (process, user) that returns the
activities (meetings, surveys, calls for proposals, ...) the user may see.
The process page lists them in date order. Providers are registered in the
app's `AppConfig.ready()`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

ActivityProvider = Callable[[object, object], Iterable["Activity"]]


@dataclass(frozen=True)
class Activity:
    kind: str  # a translated label, e.g. "Survey"
    title: str
    url: str
    start: date | None = None
    end: date | None = None
    phase_id: int | None = None


_providers: list[ActivityProvider] = []


def register(provider: ActivityProvider) -> ActivityProvider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def activities_for(process, user) -> list[Activity]:
    found = [activity for provider in _providers for activity in provider(process, user)]
    return sorted(found, key=lambda a: (a.start or date.max, a.title))
