"""``platskraft budget-outcome`` as a user runs it: a subprocess, no database, no settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(sys.executable).with_name("platskraft")


def run(*args, cwd=None):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    return subprocess.run(
        [str(SCRIPT), "budget-outcome", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def official(path):
    from platskraft.analysis.pabulib import read_pb

    e = read_pb(path)
    return [pid for pid, chosen in zip(e.project_ids, e.selected, strict=True) if chosen]


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("Poland_Warszawa_2023_Mokotow", "greedy"),
        ("Poland_Warszawa_2017_Las", "greedy"),
        ("Poland_Warszawa_2023_Mokotow", "greedy-threshold"),  # the file sets no threshold
        ("Poland_Wieliczka_2023_Green_Budget", "mes-cost-add1"),
    ],
)
def test_prints_the_official_outcome_in_file_order(shared_data, tmp_path, name, rule):
    path = shared_data / "pb" / f"{name}.pb"
    result = run(path, "--rule", rule, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == official(path)
    assert result.stderr == ""


def test_explain_prints_a_row_per_project(shared_data, tmp_path):
    path = shared_data / "pb" / "Poland_Wieliczka_2023_Green_Budget.pb"
    result = run(path, "--rule", "mes-cost-add1", "--explain", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "project_id\tselected\tvotes\tcost\texplanation"
    rows = {line.split("\t")[0]: line.split("\t") for line in lines[1:] if not line.startswith("#")}
    assert len(rows) == 64
    # The equalshares.net FAQ: project 21's supporters paid about 40 000 zł towards
    # project 6, and had about 93 900 zł left for its 100 000 zł.
    assert rows["21"][1] == "0" and "93 873 of" in rows["21"][4] and "6 (40 048)" in rows["21"][4]
    assert rows["24"][4].startswith("bought in round 1: 720 of 720 supporters paid")
    assert "# endowment per voter: 315.84" in lines
    assert "# total cost: 995079 of 1000000" in lines


def test_every_rule_runs_on_cumulative_ballots(shared_data, tmp_path):
    path = shared_data / "pb" / "France_Toulouse_2019.pb"
    for rule in ("greedy", "greedy-cost", "mes-unit-greedy"):
        result = run(path, "--rule", rule, cwd=tmp_path)
        assert result.returncode == 0 and result.stdout.strip(), (rule, result.stderr)


def test_errors_go_to_stderr_with_exit_code_2(tmp_path):
    bad = tmp_path / "bad.pb"
    bad.write_text(
        "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;0\nVOTES\nvoter_id;vote\n"
    )
    result = run(bad, "--rule", "greedy", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert "line 6, section PROJECTS: cost of project 1 must be positive" in result.stderr
    missing = run(tmp_path / "none.pb", "--rule", "greedy", cwd=tmp_path)
    assert (missing.returncode, missing.stdout) == (2, "")
    assert "cannot read" in missing.stderr
    unknown = run(bad, "--rule", "pav", cwd=tmp_path)
    assert unknown.returncode == 2 and "invalid choice" in unknown.stderr
