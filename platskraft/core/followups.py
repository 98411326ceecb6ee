"""What became of an input: "You said → we did", collected from the apps that act on input.

An app that turns residents' input into action (action plans, and later others) registers a
provider: a function of (obj, user) that returns what it did with `obj` — a proposal, a
survey question, a meeting outcome — as far as the user may see it. The input's page asks
`followups_for(obj, user)` (or the `{% followups_for %}` tag) and lists them, so the app of
the input needs to know nothing of the apps that act on it. Providers are registered in the
app's `AppConfig.ready()`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

FollowUpProvider = Callable[[object, object], Iterable["FollowUp"]]
# The same for many inputs of one model at once: {input pk: follow-ups}.
ManyFollowUpProvider = Callable[[list, object], dict[int, list["FollowUp"]]]


@dataclass(frozen=True)
class FollowUp:
    kind: str  # a translated label, e.g. "Action plan"
    title: str  # what was done, e.g. the sub-project's title
    url: str
    context: str = ""  # where it belongs, e.g. the plan and its priority area
    status: str = ""  # a machine value for styling, e.g. "done"
    status_label: str = ""  # the same, translated
    progress: int | None = None  # per cent
    note: str = ""  # how the input shaped it
    updated: date | None = None


_providers: list[tuple[FollowUpProvider, ManyFollowUpProvider | None]] = []


def register(
    provider: FollowUpProvider, many: ManyFollowUpProvider | None = None
) -> FollowUpProvider:
    """`many`, if given, answers for a list of inputs in a few queries (a page of them)."""
    if all(known is not provider for known, _many in _providers):
        _providers.append((provider, many))
    return provider


def followups_for(obj, user) -> list[FollowUp]:
    """Everything the registered apps did with `obj` that `user` may see."""
    return [found for provider, _many in _providers for found in provider(obj, user)]


def followups_for_many(objs: list, user) -> dict[int, list[FollowUp]]:
    """The same for several inputs of one model, by pk."""
    found: dict[int, list[FollowUp]] = {obj.pk: [] for obj in objs}
    for provider, many in _providers:
        if many is not None:
            for pk, items in many(objs, user).items():
                found[pk].extend(items)
        else:
            for obj in objs:
                found[obj.pk].extend(provider(obj, user))
    return found
