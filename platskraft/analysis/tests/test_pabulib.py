"""Reading and writing Pabulib .pb files; malformed files name the section and line."""

import numpy as np
import pytest

from platskraft.analysis.pabulib import PabulibError, format_pb, parse_pb, read_pb

GOOD = """META
key;value
description;A test
num_projects;3
num_votes;3
budget;100
vote_type;approval
PROJECTS
project_id;cost;votes;name;selected
1;60;2;Park;1
2;50;2;Bänkar;0
3;30;1;Träd;1
VOTES
voter_id;vote;age
a;1,2;30
b;1;41
c;2,3;
"""


def test_reads_sections_and_ballots():
    e = parse_pb(GOOD)
    assert e.meta["description"] == "A test" and e.budget == 100
    assert e.project_ids == ["1", "2", "3"] and e.costs.tolist() == [60, 50, 30]
    assert e.project_column("name") == ["Park", "Bänkar", "Träd"]
    assert e.selected.tolist() == [True, False, True]
    assert e.voter_ids == ["a", "b", "c"]
    assert e.indptr.tolist() == [0, 2, 3, 5] and e.indices.tolist() == [0, 1, 0, 1, 2]
    assert e.voter_columns == ["age"] and e.voter_extra[1] == ["41"]
    assert e.approvals().sum(axis=0).tolist() == [2, 2, 1]
    assert e.threshold is None


def test_round_trip():
    e = parse_pb(GOOD)
    again = parse_pb(format_pb(e))
    assert again.meta == e.meta and again.project_extra == e.project_extra
    assert np.array_equal(again.indices, e.indices) and again.voter_extra == e.voter_extra


def test_cumulative_points_and_ordinal_ranks():
    text = GOOD.replace("vote_type;approval", "vote_type;cumulative").replace(
        "voter_id;vote;age\na;1,2;30\nb;1;41\nc;2,3;",
        "voter_id;vote;points\na;1,2;2,1\nb;1;3\nc;2,3;1,1",
    )
    e = parse_pb(text)
    assert e.points.tolist() == [2, 1, 3, 1, 1]
    assert parse_pb(format_pb(e)).points.tolist() == [2, 1, 3, 1, 1]
    ordinal = parse_pb(GOOD.replace("vote_type;approval", "vote_type;ordinal"))
    assert ordinal.points.tolist() == [1, 2, 1, 1, 2]


@pytest.mark.parametrize(
    ("old", "new", "section", "line", "message"),
    [
        ("a;1,2;30", "a;1,9;30", "VOTES", 15, "unknown project '9'"),
        ("2;50;2;Bänkar;0", "2;fifty;2;Bänkar;0", "PROJECTS", 11, "is not a number"),
        ("2;50;2;Bänkar;0", "2;0;2;Bänkar;0", "PROJECTS", 11, "must be positive"),
        ("3;30;1;Träd;1", "3;-30;1;Träd;1", "PROJECTS", 12, "must be positive"),
        ("3;30;1;Träd;1", "3;30;1;Träd", "PROJECTS", 12, "4 columns where the header has 5"),
        ("b;1;41", "b;1;41;extra", "VOTES", 16, "4 columns where the header has 3"),
        ("b;1;41", "a;1;41", "VOTES", 16, "voter 'a' appears twice"),
        ("3;30;1;Träd;1", "1;30;1;Träd;1", "PROJECTS", 12, "project '1' appears twice"),
        ("budget;100", "budget;lots", "META", 6, "is not a number"),
        ("vote_type;approval", "vote_type;ranked", "META", 7, "unknown vote_type"),
        ("project_id;cost;votes", "id;cost;votes", "PROJECTS", 9, "header must start with"),
    ],
)
def test_malformed_files_name_section_and_line(old, new, section, line, message):
    assert old in GOOD
    with pytest.raises(PabulibError, match=message) as caught:
        parse_pb(GOOD.replace(old, new))
    assert (caught.value.section, caught.value.line) == (section, line)
    assert str(caught.value).startswith(f"line {line}, section {section}: ")


def test_missing_section_or_budget():
    with pytest.raises(PabulibError, match="missing section VOTES"):
        parse_pb(GOOD.split("VOTES")[0])
    with pytest.raises(PabulibError, match="no budget"):
        parse_pb(GOOD.replace("budget;100\n", ""))
    with pytest.raises(PabulibError, match="points column"):
        parse_pb(GOOD.replace("vote_type;approval", "vote_type;cumulative"))


@pytest.mark.parametrize(
    ("name", "voters", "projects", "vote_type"),
    [
        ("Poland_Warszawa_2023_Mokotow", 11067, 81, "approval"),
        ("Poland_Warszawa_2017_Las", 135, 5, "approval"),
        ("Poland_Wieliczka_2023_Green_Budget", 6586, 64, "approval"),
        ("France_Toulouse_2019", 1494, 30, "cumulative"),
    ],
)
def test_real_files(shared_data, name, voters, projects, vote_type):
    path = shared_data / "pb" / f"{name}.pb"
    e = read_pb(path)
    assert (e.n_voters, e.n_projects, e.vote_type) == (voters, projects, vote_type)
    assert int(e.meta["num_votes"]) == voters
    # The votes column counts the ballots that list the project.
    assert e.approvals().sum(axis=0).tolist() == [int(v) for v in e.project_column("votes")]
    if vote_type == "cumulative":  # and the score column the points
        totals = np.bincount(e.indices, weights=e.points, minlength=projects)
        assert totals.tolist() == [float(v) for v in e.project_column("score")]
    again = parse_pb(format_pb(e))
    assert again.project_ids == e.project_ids and np.array_equal(again.points, e.points)
    assert np.array_equal(again.indptr, e.indptr) and again.meta == e.meta
