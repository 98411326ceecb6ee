"""Read and write the Pabulib ``.pb`` format of participatory-budgeting elections.

A ``.pb`` file has three sections, each a title line (``META``, ``PROJECTS``,
``VOTES``) followed by a ``;``-separated header line and rows:

- META: ``key;value`` rows; ``budget``, ``vote_type`` (approval, cumulative,
  scoring, ordinal) and ``num_votes`` are the ones rules need.
- PROJECTS: ``project_id;cost;...``; an optional ``selected`` column holds the
  official outcome (1/0).
- VOTES: ``voter_id;vote;...``; ``vote`` lists project ids separated by commas
  (in preference order for ordinal ballots); cumulative and scoring ballots
  carry a ``points`` column with one number per listed project.

The election becomes a :class:`PbElection`: metadata and the other columns as
strings, costs as a float array, ballots as CSR-like arrays (``indptr``,
``indices``, ``points``) over voters. For ordinal ballots ``points`` holds the
rank (1 = first choice). A malformed file raises :class:`PabulibError` naming
the section and the line number.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

VOTE_TYPES = ("approval", "cumulative", "scoring", "ordinal")
SECTIONS = ("META", "PROJECTS", "VOTES")


class PabulibError(ValueError):
    """A malformed ``.pb`` file: ``section`` and ``line`` (1-based) say where."""

    def __init__(self, message: str, *, section: str | None = None, line: int | None = None):
        self.section = section
        self.line = line
        self.reason = message
        where = []
        if line is not None:
            where.append(f"line {line}")
        if section is not None:
            where.append(f"section {section}")
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


@dataclass
class PbElection:
    """One participatory-budgeting election as read from a ``.pb`` file."""

    meta: dict[str, str]
    project_ids: list[str]
    costs: np.ndarray  # float64, one per project, > 0
    voter_ids: list[str]
    indptr: np.ndarray  # int64, n_voters + 1: voter i's entries are indptr[i]:indptr[i+1]
    indices: np.ndarray  # int64 project index per entry, in the order the ballot lists them
    points: (
        np.ndarray
    )  # float64 per entry: 1 (approval), points (cumulative/scoring), rank (ordinal)
    project_columns: list[str] = field(default_factory=list)  # columns after project_id;cost
    project_extra: list[list[str]] = field(default_factory=list)
    voter_columns: list[str] = field(default_factory=list)  # columns after voter_id;vote(;points)
    voter_extra: list[list[str]] = field(default_factory=list)

    @property
    def n_voters(self) -> int:
        return len(self.voter_ids)

    @property
    def n_projects(self) -> int:
        return len(self.project_ids)

    @property
    def vote_type(self) -> str:
        return self.meta.get("vote_type", "approval")

    @property
    def budget(self) -> float:
        return float(self.meta["budget"])

    @property
    def threshold(self) -> float | None:
        """``min_project_score_threshold`` from META, when present."""
        value = self.meta.get("min_project_score_threshold")
        return float(value) if value not in (None, "") else None

    def project_column(self, name: str) -> list[str] | None:
        if name not in self.project_columns:
            return None
        k = self.project_columns.index(name)
        return [row[k] for row in self.project_extra]

    @property
    def selected(self) -> np.ndarray | None:
        """The official outcome (the ``selected`` column) as booleans, or None."""
        column = self.project_column("selected")
        if column is None:
            return None
        return np.array([value.strip() not in ("", "0") for value in column], dtype=bool)

    def approvals(self) -> np.ndarray:
        """Voters × projects boolean matrix: the voter lists the project (any points)."""
        matrix = np.zeros((self.n_voters, self.n_projects), dtype=bool)
        rows = np.repeat(np.arange(self.n_voters), np.diff(self.indptr))
        matrix[rows, self.indices] = True
        return matrix


def _rows(text: str):
    """(line number, fields) for each non-blank line."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == "":
            continue
        yield number, next(csv.reader([line], delimiter=";"))


def _number(raw: str, what: str, section: str, line: int) -> float:
    try:
        value = float(raw.strip().replace(",", "."))
    except ValueError:
        raise PabulibError(f"{what} {raw!r} is not a number", section=section, line=line) from None
    if not math.isfinite(value):
        raise PabulibError(f"{what} {raw!r} is not a finite number", section=section, line=line)
    return value


def read_pb(path: str | Path) -> PbElection:
    """Read a ``.pb`` file (UTF-8)."""
    return parse_pb(Path(path).read_text(encoding="utf-8-sig"))


def parse_pb(text: str) -> PbElection:
    """Parse the text of a ``.pb`` file; raise :class:`PabulibError` on malformed input."""
    sections: dict[str, list[tuple[int, list[str]]]] = {}
    current = None
    for number, fields in _rows(text):
        title = fields[0].strip().upper() if len(fields) == 1 else ""
        if title in SECTIONS:
            if title in sections:
                raise PabulibError(f"section {title} appears twice", section=title, line=number)
            current = title
            sections[current] = []
            continue
        if current is None:
            raise PabulibError("text before the META section", line=number)
        sections[current].append((number, fields))
    for name in SECTIONS:
        if name not in sections:
            raise PabulibError(f"missing section {name}", section=name)
        if not sections[name]:
            raise PabulibError(f"section {name} has no header line", section=name)

    meta = _parse_meta(sections["META"])
    vote_type = meta.get("vote_type", "approval")
    if vote_type not in VOTE_TYPES:
        raise PabulibError(
            f"unknown vote_type {vote_type!r} (expected one of {', '.join(VOTE_TYPES)})",
            section="META",
            line=next((n for n, f in sections["META"] if f[0].strip() == "vote_type"), None),
        )
    if "budget" not in meta:
        raise PabulibError("no budget", section="META", line=sections["META"][0][0])
    budget_line = next(n for n, f in sections["META"] if f[0].strip() == "budget")
    budget = _number(meta["budget"], "budget", "META", budget_line)
    if budget < 0:
        raise PabulibError(
            f"budget {meta['budget']!r} is negative", section="META", line=budget_line
        )

    ids, costs, pcols, pextra = _parse_projects(sections["PROJECTS"])
    position = {pid: k for k, pid in enumerate(ids)}
    voters, indptr, indices, points, vcols, vextra = _parse_votes(
        sections["VOTES"], position, vote_type
    )
    return PbElection(
        meta=meta,
        project_ids=ids,
        costs=costs,
        voter_ids=voters,
        indptr=indptr,
        indices=indices,
        points=points,
        project_columns=pcols,
        project_extra=pextra,
        voter_columns=vcols,
        voter_extra=vextra,
    )


def _header(rows, section: str, required: tuple[str, ...]) -> list[str]:
    line, header = rows[0]
    header = [h.strip() for h in header]
    for k, name in enumerate(required):
        if k >= len(header) or header[k] != name:
            raise PabulibError(
                f"header must start with {';'.join(required)}, found {';'.join(header)!r}",
                section=section,
                line=line,
            )
    return header


def _check_width(fields: list[str], header: list[str], section: str, line: int) -> None:
    if len(fields) != len(header):
        raise PabulibError(
            f"{len(fields)} columns where the header has {len(header)}", section=section, line=line
        )


def _parse_meta(rows) -> dict[str, str]:
    header = _header(rows, "META", ("key", "value"))
    meta: dict[str, str] = {}
    for line, fields in rows[1:]:
        if len(fields) < 2:
            _check_width(fields, header, "META", line)
        key = fields[0].strip()
        if key in meta:
            raise PabulibError(f"key {key!r} appears twice", section="META", line=line)
        meta[key] = ";".join(fields[1:]).strip()  # a value may itself contain ';'
    return meta


def _parse_projects(rows):
    header = _header(rows, "PROJECTS", ("project_id", "cost"))
    ids: list[str] = []
    costs: list[float] = []
    extra: list[list[str]] = []
    seen: set[str] = set()
    for line, fields in rows[1:]:
        _check_width(fields, header, "PROJECTS", line)
        pid = fields[0].strip()
        if pid == "":
            raise PabulibError("empty project_id", section="PROJECTS", line=line)
        if pid in seen:
            raise PabulibError(f"project {pid!r} appears twice", section="PROJECTS", line=line)
        cost = _number(fields[1], f"cost of project {pid}", "PROJECTS", line)
        if cost <= 0:
            raise PabulibError(
                f"cost of project {pid} must be positive, got {fields[1].strip()}",
                section="PROJECTS",
                line=line,
            )
        seen.add(pid)
        ids.append(pid)
        costs.append(cost)
        extra.append(fields[2:])
    if not ids:
        raise PabulibError("no projects", section="PROJECTS", line=rows[0][0])
    return ids, np.asarray(costs, dtype=np.float64), header[2:], extra


def _parse_votes(rows, position: dict[str, int], vote_type: str):
    header = _header(rows, "VOTES", ("voter_id", "vote"))
    with_points = vote_type in ("cumulative", "scoring")
    if with_points and "points" not in header:
        raise PabulibError(
            f"{vote_type} ballots need a points column", section="VOTES", line=rows[0][0]
        )
    k_points = header.index("points") if with_points else None
    skip = {0, 1} | ({k_points} if k_points is not None else set())
    rest = [k for k in range(len(header)) if k not in skip]
    voters: list[str] = []
    lengths: list[int] = []
    indices: list[int] = []
    points: list[float] = []
    extra: list[list[str]] = []
    seen: set[str] = set()
    for line, fields in rows[1:]:
        _check_width(fields, header, "VOTES", line)
        vid = fields[0].strip()
        if vid in seen:
            raise PabulibError(f"voter {vid!r} appears twice", section="VOTES", line=line)
        seen.add(vid)
        listed = [p.strip() for p in fields[1].split(",") if p.strip() != ""]
        if len(set(listed)) != len(listed):
            raise PabulibError(f"voter {vid} lists a project twice", section="VOTES", line=line)
        for pid in listed:
            if pid not in position:
                raise PabulibError(
                    f"voter {vid} votes for unknown project {pid!r}", section="VOTES", line=line
                )
            indices.append(position[pid])
        if with_points:
            raw = [p for p in fields[k_points].split(",") if p.strip() != ""]
            if len(raw) != len(listed):
                raise PabulibError(
                    f"voter {vid} lists {len(listed)} projects but {len(raw)} points",
                    section="VOTES",
                    line=line,
                )
            values = [_number(p, f"points of voter {vid}", "VOTES", line) for p in raw]
            if any(v < 0 for v in values):
                raise PabulibError(f"voter {vid} gives negative points", section="VOTES", line=line)
            points.extend(values)
        elif vote_type == "ordinal":
            points.extend(range(1, len(listed) + 1))
        else:
            points.extend([1.0] * len(listed))
        voters.append(vid)
        lengths.append(len(listed))
        extra.append([fields[k] for k in rest])
    indptr = np.zeros(len(voters) + 1, dtype=np.int64)
    np.cumsum(lengths, out=indptr[1:])
    return (
        voters,
        indptr,
        np.asarray(indices, dtype=np.int64),
        np.asarray(points, dtype=np.float64),
        [header[k] for k in rest],
        extra,
    )


def _format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def format_pb(election: PbElection) -> str:
    """The election as ``.pb`` text; ``parse_pb(format_pb(e))`` gives ``e`` back."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    out.write("META\n")
    writer.writerow(["key", "value"])
    for key, value in election.meta.items():
        writer.writerow([key, value])
    out.write("PROJECTS\n")
    writer.writerow(["project_id", "cost", *election.project_columns])
    for pid, cost, extra in zip(
        election.project_ids, election.costs, election.project_extra, strict=True
    ):
        writer.writerow([pid, _format_number(cost), *extra])
    out.write("VOTES\n")
    with_points = election.vote_type in ("cumulative", "scoring")
    writer.writerow(
        ["voter_id", "vote", *(["points"] if with_points else []), *election.voter_columns]
    )
    for i, vid in enumerate(election.voter_ids):
        lo, hi = election.indptr[i], election.indptr[i + 1]
        vote = ",".join(election.project_ids[k] for k in election.indices[lo:hi])
        row = [vid, vote]
        if with_points:
            row.append(",".join(_format_number(p) for p in election.points[lo:hi]))
        extra = election.voter_extra[i] if election.voter_extra else []
        writer.writerow([*row, *extra])
    return out.getvalue()


def write_pb(election: PbElection, path: str | Path) -> None:
    Path(path).write_text(format_pb(election), encoding="utf-8")
