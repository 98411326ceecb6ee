"""The results as people read them: per district, the winners, every project with why it
won or lost in a translated sentence, and greedy and the Method of Equal Shares side by
side.

`outcome_results` reads what `services.outcome` stored (numbers only) and builds the
sentences in the reader's language, so a published result reads the same in Swedish
and in English and its figures never change after publication.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from platskraft.core.templatetags.money import sek as _sek

from . import charts
from .models import BallotKind, Outcome, Rule


def sek(value) -> str:
    """An amount in whole kronor, rounded (not cut) to the nearest krona."""
    return _sek(None if value is None else round(value))


def count(value) -> str:
    return number_format(int(value), 0, use_l10n=True, force_grouping=True)


def rule_label(rule: str) -> str:
    try:
        return str(Rule(rule).label)
    except ValueError:
        return rule


@dataclass
class ProjectLine:
    pk: int
    number: int
    title: str
    cost: int
    votes: int
    supporters: int
    selected: bool
    share_of_budget: float
    explanation: list[str]
    facts: str = ""

    @property
    def anchor(self) -> str:
        return f"project-{self.pk}"

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def percent_of_budget(self) -> float:
        return 100 * self.share_of_budget


@dataclass
class Side:
    """One rule's outcome in the comparison."""

    key: str  # "greedy" or "mes"
    rule: str
    label: str
    projects: int
    cost: int
    voters_reached: int
    share_reached: float | None
    is_used: bool  # the round's own rule
    only_here: list[ProjectLine] = field(default_factory=list)

    @property
    def percent_reached(self) -> float | None:
        return None if self.share_reached is None else 100 * self.share_reached


@dataclass
class DistrictResult:
    pk: int | None
    name: str
    budget: int
    voters: int
    total_cost: int
    endowment: float | None
    increments: int
    winners: list[ProjectLine]
    projects: list[ProjectLine]
    comparison: list[Side]
    votes_chart: dict | None = None
    cost_chart: dict | None = None

    @property
    def anchor(self) -> str:
        return f"district-{self.pk}" if self.pk else "all"

    @property
    def percent_spent(self) -> float:
        return 100 * self.total_cost / self.budget if self.budget else 0.0

    @property
    def first_share(self) -> float | None:
        """Each voter's equal share before any Add1 increments."""
        return self.budget / self.voters if self.voters else None


@dataclass
class Results:
    outcome: Outcome
    rule: str
    rule_label: str
    seed: int
    threshold: int | None
    points: bool  # cumulative ballots: votes are points
    districts: list[DistrictResult]
    comparison_chart: dict | None = None

    @property
    def is_mes(self) -> bool:
        return self.rule.startswith("mes")

    @property
    def completion(self) -> str:
        return self.rule.rsplit("-", 1)[-1] if self.is_mes else ""


def _votes(n: int, points: bool) -> str:
    if points:
        return ngettext("%(n)s point", "%(n)s points", n) % {"n": count(n)}
    return ngettext("%(n)s vote", "%(n)s votes", n) % {"n": count(n)}


def _mes_winner(p: dict) -> str:
    values = {
        "round": p["round"],
        "supporters": count(p["supporters"]),
        "payers": count(p["payers"]),
        "each": sek(p["payment_min"]),
        "min": sek(p["payment_min"]),
        "max": sek(p["payment_max"]),
        "total": sek(p["payment_total"]),
    }
    same = sek(p["payment_min"]) == sek(p["payment_max"])
    if p["payers"] < p["supporters"]:
        if same:
            text = _(
                "Funded in round %(round)s: %(payers)s of its %(supporters)s supporters paid "
                "%(each)s each, %(total)s in all (the others had spent their share already)."
            )
        else:
            text = _(
                "Funded in round %(round)s: %(payers)s of its %(supporters)s supporters paid "
                "between %(min)s and %(max)s each, %(total)s in all (the others had spent "
                "their share already)."
            )
    elif same:
        text = ngettext(
            "Funded in round %(round)s: its %(supporters)s supporter paid %(each)s, "
            "%(total)s in all.",
            "Funded in round %(round)s: its %(supporters)s supporters paid %(each)s each, "
            "%(total)s in all.",
            p["supporters"],
        )
    else:
        text = ngettext(
            "Funded in round %(round)s: its %(supporters)s supporter paid between %(min)s "
            "and %(max)s, %(total)s in all.",
            "Funded in round %(round)s: its %(supporters)s supporters paid between %(min)s "
            "and %(max)s each, %(total)s in all.",
            p["supporters"],
        )
    return text % values


def _ranked(p: dict, points: bool) -> dict:
    return {
        "rank": count(p["rank"]),
        "votes": _votes(p["votes"], points),
        "cost": sek(p["cost"]),
        "left": sek(p["budget_left"]),
    }


def explain(p: dict, names: dict[str, str], *, points: bool, threshold: int | None) -> list[str]:
    """Sentences saying why the project (its stored fields) won or lost."""
    reason, stage = p["reason"], p["stage"]
    if p["selected"] and stage == "mes":
        return [_mes_winner(p)]
    if p["selected"] and stage == "completion":
        return [
            _(
                "Funded after the equal shares, to use the budget that was left: taken by "
                "votes (%(votes)s); %(left)s was left after it."
            )
            % _ranked(p, points)
        ]
    if p["selected"]:
        return [
            _(
                "Funded: ranked number %(rank)s with %(votes)s; it cost %(cost)s and "
                "%(left)s of the budget was left after it."
            )
            % _ranked(p, points)
        ]
    if reason == "no_support":
        return [_("Not funded: nobody voted for it.")]
    if reason == "below_threshold":
        return [
            _("Not funded: it got %(votes)s, fewer than the %(threshold)s required.")
            % {"votes": _votes(p["votes"], points), "threshold": count(threshold or 0)}
        ]
    if reason == "no_room":
        return [
            _(
                "Not funded: ranked number %(rank)s with %(votes)s; %(left)s was left when "
                "its turn came, and it cost %(cost)s."
            )
            % _ranked(p, points)
        ]
    values = {
        "supporters": count(p["supporters"]),
        "round": p["round"],
        "start": sek(p["money_start"]),
        "left": sek(p["money_left"]),
        "cost": sek(p["cost"]),
    }
    if reason == "short_from_start":
        sentences = [
            ngettext(
                "Not funded: its %(supporters)s supporter had %(start)s to spend (one equal "
                "share), less than its cost of %(cost)s.",
                "Not funded: its %(supporters)s supporters had %(start)s to spend together "
                "(an equal share each), less than its cost of %(cost)s.",
                p["supporters"],
            )
            % values
        ]
    elif reason == "outspent":
        sentences = [
            ngettext(
                "Not funded: after round %(round)s its %(supporters)s supporter had %(left)s "
                "left of %(start)s; it needed %(cost)s.",
                "Not funded: after round %(round)s its %(supporters)s supporters had %(left)s "
                "left of %(start)s; it needed %(cost)s.",
                p["supporters"],
            )
            % values
        ]
        paid = [
            _("%(project)s (%(amount)s)") % {"project": names.get(str(q), "?"), "amount": sek(a)}
            for q, a in p["spent_on"]
        ]
        if paid:
            sentences.append(
                _("Its supporters had paid towards %(projects)s.") % {"projects": ", ".join(paid)}
            )
    else:
        sentences = [_("Not funded.")]
    if p["budget_left"] is not None:
        sentences.append(
            _("Nor did it fit in the remaining budget of %(left)s.")
            % {"left": sek(p["budget_left"])}
        )
    return sentences


def _facts(p: dict, points: bool) -> str:
    parts = [_("Cost %(cost)s") % {"cost": sek(p["cost"])}, _votes(p["votes"], points)]
    if points:
        parts.append(
            ngettext("%(n)s supporter", "%(n)s supporters", p["supporters"])
            % {"n": count(p["supporters"])}
        )
    return " · ".join(parts)


def _line(pk: str, p: dict, budget: int, names, *, points, threshold) -> ProjectLine:
    return ProjectLine(
        pk=int(pk),
        number=p["number"],
        title=p["title"],
        cost=p["cost"],
        votes=p["votes"],
        supporters=p["supporters"],
        selected=p["selected"],
        share_of_budget=p["cost"] / budget if budget else 0.0,
        explanation=explain(p, names, points=points, threshold=threshold),
        facts=_facts(p, points),
    )


def _district(d: dict, *, rule: str, points: bool, threshold) -> DistrictResult:
    names = {pk: f"{p['number']}. {p['title']}" for pk, p in d["projects"].items()}
    lines = {
        pk: _line(pk, p, d["budget"], names, points=points, threshold=threshold)
        for pk, p in d["projects"].items()
    }
    projects = sorted(lines.values(), key=lambda line: line.number)
    comparison = []
    for key, label in (("greedy", _("Greedy by votes")), ("mes", _("Method of Equal Shares"))):
        side = d["comparison"][key]
        comparison.append(
            Side(
                key=key,
                rule=side["rule"],
                label=label,
                projects=side["projects"],
                cost=side["cost"],
                voters_reached=side["voters_reached"],
                share_reached=side["share_reached"],
                is_used=side["rule"] == rule,
            )
        )
    greedy, mes = (set(d["comparison"][k]["selected"]) for k in ("greedy", "mes"))
    for side, only in zip(comparison, (greedy - mes, mes - greedy), strict=True):
        side.only_here = [line for line in projects if line.pk in only]
    result = DistrictResult(
        pk=d["district"],
        name=d["name"],
        budget=d["budget"],
        voters=d["voters"],
        total_cost=d["total_cost"],
        endowment=d["endowment"],
        increments=d["increments"],
        winners=[lines[str(pk)] for pk in d["selected"]],
        projects=projects,
        comparison=comparison,
    )
    result.votes_chart = charts.votes_bars(result, points=points)
    result.cost_chart = charts.cost_bars(result)
    return result


def outcome_results(outcome: Outcome) -> Results:
    data = outcome.data
    points = data.get("ballot_kind") == BallotKind.CUMULATIVE
    threshold = data.get("threshold")
    districts = [
        _district(d, rule=data["rule"], points=points, threshold=threshold)
        for d in data["districts"]
    ]
    results = Results(
        outcome=outcome,
        rule=data["rule"],
        rule_label=rule_label(data["rule"]),
        seed=data["seed"],
        threshold=threshold,
        points=points,
        districts=districts,
    )
    results.comparison_chart = charts.comparison_bars(districts)
    return results
