"""Rule names as the command line spells them, and explanations as sentences."""

from __future__ import annotations

from collections.abc import Sequence

from .greedy import greedy
from .mes import equal_shares
from .profile import Outcome, Profile, ProjectExplanation

RULES = (
    "greedy",
    "greedy-threshold",
    "greedy-cost",
    *(f"mes-{u}{c}" for u in ("cost", "unit") for c in ("", "-add1", "-greedy")),
)


def outcome_for_rule(
    profile: Profile,
    rule: str,
    *,
    threshold: float | None = None,
    seed: int | None = None,
) -> Outcome:
    """The outcome of ``rule`` (one of :data:`RULES`). ``greedy-threshold``
    leaves out projects with fewer votes than ``threshold`` (none when None)."""
    if rule == "greedy":
        return greedy(profile, seed=seed)
    if rule == "greedy-threshold":
        return greedy(profile, threshold=threshold, seed=seed)
    if rule == "greedy-cost":
        return greedy(profile, by="cost", seed=seed)
    if rule in RULES and rule.startswith("mes-"):
        parts = rule.split("-")
        completion = parts[2] if len(parts) > 2 else None
        return equal_shares(profile, utility=parts[1], completion=completion, seed=seed)
    raise ValueError(f"unknown rule {rule!r} (expected one of {', '.join(RULES)})")


def _money(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}".replace(",", " ") if abs(value) >= 100 else f"{value:.2f}"


def describe(e: ProjectExplanation, names: Sequence[str]) -> str:
    """One English sentence saying why the project won or lost."""
    if e.selected and e.stage == "mes":
        return (
            f"bought in round {e.round}: {e.payers} of {e.supporters} supporters paid "
            f"{_money(e.payment_min)}-{_money(e.payment_max)} each, "
            f"{_money(e.payment_total)} in all"
        )
    if e.selected and e.stage == "completion":
        return f"added by greedy completion; {_money(e.budget_left)} left after it"
    if e.selected:
        return f"taken as number {e.round} by votes; {_money(e.budget_left)} left after it"
    if e.reason == "no_support":
        return "nobody voted for it"
    if e.reason == "below_threshold":
        return "fewer votes than the minimum required"
    if e.reason == "no_room":
        return f"did not fit the budget left ({_money(e.budget_left)})"
    if e.reason == "short_from_start":
        return (
            f"its {e.supporters} supporters held {_money(e.money_start)} together, "
            f"less than its cost"
        )
    if e.reason == "outspent":
        spent = ", ".join(f"{names[p]} ({_money(a)})" for p, a in e.spent_on)
        text = (
            f"after round {e.round} its supporters had {_money(e.money_left)} of "
            f"{_money(e.money_start)} left, less than its cost"
        )
        if spent:
            text += f"; they had paid for {spent}"
        if e.budget_left is not None:
            text += f"; did not fit the budget left ({_money(e.budget_left)})"
        return text
    return e.reason
