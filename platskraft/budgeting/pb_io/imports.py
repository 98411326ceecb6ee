"""Import of a Pabulib `.pb` file as a new draft round.

Its projects are approved at their costs and its votes become paper ballots, all in one
transaction: a file with any fault leaves nothing behind, and the fault is named with its
section and line.
"""

from __future__ import annotations

import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from platskraft.analysis.pabulib import PabulibError, PbElection, parse_pb
from platskraft.core.privacy import keyed_hash

from ..models import (
    Ballot,
    BallotKind,
    Channel,
    Project,
    ProjectStatus,
    Round,
    Rule,
)
from ..models.round import MAX_BUDGET_SEK, TITLE_MAX
from ..services.rounds import round_create

IMPORT_PURPOSE = "budgeting.pb-import"


# --- import -------------------------------------------------------------------------------


def describe_error(error: PabulibError) -> str:
    """A malformed file's fault with its place, in the reader's language around it."""
    if error.line is not None and error.section is not None:
        return _("Line %(line)s (section %(section)s): %(reason)s") % {
            "line": error.line,
            "section": error.section,
            "reason": error.reason,
        }
    if error.line is not None:
        return _("Line %(line)s: %(reason)s") % {"line": error.line, "reason": error.reason}
    if error.section is not None:
        return _("Section %(section)s: %(reason)s") % {
            "section": error.section,
            "reason": error.reason,
        }
    return error.reason


def _data_lines(text: str) -> dict[str, list[int]]:
    """Line numbers of each section's rows after its header (the file parsed already)."""
    lines: dict[str, list[int]] = {}
    current, header_seen = None, False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        title = line.strip().upper()
        if title in ("META", "PROJECTS", "VOTES") and ";" not in line:
            current, header_seen = title, False
            lines[current] = []
        elif current is not None and not header_seen:
            header_seen = True
        elif current is not None:
            lines[current].append(number)
    return lines


def _meta_line(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.split(";", 1)[0].strip() == key:
            return number
    return None


def _fault(message: str, section: str, line: int | None) -> ValidationError:
    return ValidationError(describe_error(PabulibError(message, section=section, line=line)))


def _whole(value: float) -> bool:
    return math.isfinite(value) and float(value).is_integer()


def _ballot_settings(election: PbElection, text: str) -> dict:
    meta = election.meta
    kind_line = _meta_line(text, "vote_type")
    if election.vote_type not in ("approval", "cumulative"):
        raise _fault(
            _("ballots of the kind “%(kind)s” cannot be imported; only approval and cumulative")
            % {"kind": election.vote_type},
            "META",
            kind_line,
        )

    def whole_meta(key: str) -> int | None:
        raw = meta.get(key, "").strip()
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not _whole(value) or value < 0:
            raise _fault(
                _("%(key)s must be a whole number, not “%(value)s”") % {"key": key, "value": raw},
                "META",
                _meta_line(text, key),
            )
        return int(value)

    settings = {"min_projects": whole_meta("min_length") or 0, "points": None}
    longest = whole_meta("max_length")
    settings["max_projects"] = max(longest, settings["min_projects"]) if longest else None
    if election.vote_type == "cumulative":
        settings["ballot_kind"] = BallotKind.CUMULATIVE
        most = int(
            max(
                (
                    float(election.points[election.indptr[i] : election.indptr[i + 1]].sum())
                    for i in range(election.n_voters)
                ),
                default=1,
            )
        )
        settings["points"] = min(max(whole_meta("max_sum_points") or most, 1), 1000)
    elif settings["max_projects"] and "max_sum_cost" not in meta:
        settings["ballot_kind"] = BallotKind.K_APPROVAL
    else:
        settings["ballot_kind"] = BallotKind.KNAPSACK
    threshold = election.threshold
    rule_name = meta.get("platskraft_rule", "").strip()
    pb_rule = meta.get("rule", "").strip().lower()
    if rule_name in Rule.values:
        settings["rule"] = rule_name
    elif threshold:
        settings["rule"] = Rule.GREEDY_THRESHOLD
    elif pb_rule.startswith("greedy"):
        settings["rule"] = Rule.GREEDY
    elif "greedy" in pb_rule and pb_rule.startswith("equalshares"):
        settings["rule"] = Rule.MES_COST_GREEDY
    else:
        settings["rule"] = Rule.MES_COST_ADD1
    settings["min_support"] = math.ceil(threshold) if threshold else None
    settings["tie_seed"] = whole_meta("tie_seed") or 0
    return settings


@transaction.atomic
def import_pb(*, text: str, municipality, process, by, title: str = "") -> Round:
    """A new draft round from the text of a `.pb` file; ValidationError naming the fault."""
    try:
        election = parse_pb(text)
    except PabulibError as error:
        raise ValidationError(describe_error(error)) from None
    lines = _data_lines(text)
    budget = election.budget
    if not _whole(budget) or not 1 <= budget <= MAX_BUDGET_SEK:
        raise _fault(
            _("the budget must be a whole amount between 1 and %(max)s") % {"max": MAX_BUDGET_SEK},
            "META",
            _meta_line(text, "budget"),
        )
    for k, cost in enumerate(election.costs):
        if not _whole(cost) or cost > MAX_BUDGET_SEK:
            raise _fault(
                _("the cost of project %(project)s must be a whole amount, at most %(max)s")
                % {"project": election.project_ids[k], "max": MAX_BUDGET_SEK},
                "PROJECTS",
                lines["PROJECTS"][k],
            )
    if election.vote_type == "cumulative" and not all(_whole(p) for p in election.points):
        bad = next(
            i
            for i in range(election.n_voters)
            if not all(
                _whole(p) for p in election.points[election.indptr[i] : election.indptr[i + 1]]
            )
        )
        raise _fault(_("points must be whole numbers"), "VOTES", lines["VOTES"][bad])
    settings = _ballot_settings(election, text)

    meta = election.meta
    name = (title or meta.get("description") or meta.get("unit") or _("Imported round")).strip()
    description = _("Imported from a Pabulib file (%(unit)s, %(instance)s).") % {
        "unit": meta.get("unit", "?"),
        "instance": meta.get("instance", "?"),
    }
    round_ = round_create(
        municipality=municipality,
        process=process,
        by=by,
        title=name[:TITLE_MAX],
        description=description,
        budget_sek=int(budget),
        **settings,
    )

    names = election.project_column("name") or [""] * election.n_projects
    lats = election.project_column("latitude")
    lons = election.project_column("longitude")
    numeric = all(pid.isdigit() and int(pid) > 0 for pid in election.project_ids)
    projects = []
    for k, pid in enumerate(election.project_ids):
        point = _point(lats[k] if lats else "", lons[k] if lons else "")
        label = names[k].strip() or _("Project %(id)s") % {"id": pid}
        projects.append(
            Project(
                round=round_,
                number=int(pid) if numeric else k + 1,
                title=label if len(label) <= TITLE_MAX else label[: TITLE_MAX - 1] + "…",
                cost_sek=int(election.costs[k]),
                status=ProjectStatus.APPROVED,
                latitude=point[0],
                longitude=point[1],
            )
        )
    Project.objects.bulk_create(projects)
    by_number = dict(Project.objects.filter(round=round_).values_list("number", "pk"))
    pks = [by_number[p.number] for p in projects]
    ballots = []
    for i, voter in enumerate(election.voter_ids):
        lo, hi = election.indptr[i], election.indptr[i + 1]
        choices = {
            str(pks[k]): int(p)
            for k, p in zip(election.indices[lo:hi], election.points[lo:hi], strict=True)
            if p
        }
        ballots.append(
            Ballot(
                round=round_,
                voter_key=keyed_hash(f"{round_.pk}:{voter}", IMPORT_PURPOSE),
                channel=Channel.PAPER,
                choices=choices,
            )
        )
    Ballot.objects.bulk_create(ballots, batch_size=2000)
    return round_


def _point(lat: str, lon: str) -> tuple[float | None, float | None]:
    try:
        latitude, longitude = float(lat), float(lon)
    except ValueError:
        return None, None
    if -90 <= latitude <= 90 and -180 <= longitude <= 180:
        return latitude, longitude
    return None, None
