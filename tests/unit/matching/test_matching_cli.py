"""The matching commands: score files without storing, list and explain stored matches."""

from __future__ import annotations

import json

import pytest

from myjob.cli import main
from myjob.config import get_settings
from myjob.matching.pipeline import Matching
from myjob.store import open_store
from myjob.store.tables import matches
from tests.unit.matching.conftest import add_jobs, add_user, make_job

CV = "data/samples/resumes/cv-example.md"


@pytest.fixture
def job_files(tmp_path):
    ml = tmp_path / "ml.md"
    ml.write_text(
        "# Senior Machine Learning Engineer\nLocation: Austin, TX\nPython, PyTorch, Kubernetes. 5+ years.\n"
    )
    office = tmp_path / "office.txt"
    office.write_text("Office Manager\nLocation: Austin, TX\nSchedules and supplies. Excel preferred.\n")
    return [ml, office]


def test_score_ranks_job_files_and_stores_nothing(job_files, capsys):
    assert main(["score", CV, *map(str, job_files), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    titles = [m["title"] for m in result["matches"]]
    assert titles == ["Senior Machine Learning Engineer", "Office Manager"]
    assert result["matches"][0]["score"] > result["matches"][1]["score"] + 30
    assert set(result["matches"][0]["agent_scores"]) == {
        "skills",
        "experience",
        "location",
        "compensation",
        "semantic",
    }
    store = open_store(get_settings().resolved_store_url)
    with store.begin() as connection:
        assert connection.execute(matches.select()).first() is None


def test_score_names_a_missing_file(job_files, capsys):
    assert main(["score", "no-such-resume.pdf", str(job_files[0])]) == 2
    assert "resume file not found" in capsys.readouterr().err


def test_matches_and_explain_show_stored_matches(extractor, capsys):
    settings = get_settings()
    store = open_store(settings.resolved_store_url)
    add_user(
        store,
        "ana",
        "Senior Python engineer: Python, SQL, Kubernetes.",
        skills=["python", "sql", "kubernetes"],
    )
    add_jobs(store, make_job("py1"))
    matching = Matching(settings, store)
    matching.__dict__["extractor"] = extractor
    window = matching.new_jobs_window()
    batches = matching.generate_pairs(matching.active_users(), window, "r1")
    matching.save(
        Matching.aggregate(batches, [matching.score_batch(b, None, "r1") for b in batches]), window, "r1"
    )

    assert main(["matches", "ana"]) == 0
    assert "py1" in capsys.readouterr().out
    assert main(["explain", "ana", "py1"]) == 0
    out = capsys.readouterr().out
    for agent in ("skills", "experience", "location", "compensation", "semantic", "judge"):
        assert agent in out
    assert main(["explain", "ana", "nope"]) == 2
    assert main(["explain", "ana", "py"]) == 0, "a unique prefix of the job id names the job"


def test_the_demo_summary_reports_the_last_run(extractor, capsys):
    from myjob.cli.matching import print_matching_summary

    test_matches_and_explain_show_stored_matches(extractor, capsys)
    capsys.readouterr()
    assert print_matching_summary() == 0
    out = capsys.readouterr().out
    assert "matches written" in out
    assert "none (offline)" in out
    assert "ana" in out
