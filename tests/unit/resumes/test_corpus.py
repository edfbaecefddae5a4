"""Field-by-field reading of the generated corpus (PDF one/two columns, DOCX, Markdown CVs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fixtures.resumes import corpus

from myjob.config import REPO_ROOT
from myjob.resumes.reader import read_resume
from myjob.resumes.validation import Limits
from myjob.skills import default_extractor

DATA = REPO_ROOT / "data"


def read(path: Path) -> tuple[Any, Any]:
    return read_resume(path.read_bytes(), Limits(), default_extractor(), DATA, corpus.TODAY)


@pytest.mark.parametrize("name", ["one_column.pdf", "two_column.pdf", "resume.docx"])
def test_documents_from_the_json_resume_sample(valid_files: dict[str, Path], name: str) -> None:
    source = corpus.sample_resume(long=True)
    text, result = read(valid_files[name])
    basics = result.json_resume["basics"]
    assert basics["name"] == source["basics"]["name"]
    assert basics["email"] == source["basics"]["email"]
    assert basics["phone"] == source["basics"]["phone"]
    assert basics["location"] == {"city": "San Francisco", "region": "California"}
    work = result.json_resume["work"]
    assert [w["name"] for w in work] == [w["name"] for w in source["work"]]
    assert [w["position"] for w in work] == [w["position"] for w in source["work"]]
    assert [w["startDate"] for w in work] == [w["startDate"][:7] for w in source["work"]]
    assert [w["endDate"] for w in work] == [w["endDate"][:7] for w in source["work"]]
    assert [w["location"] for w in work] == [w["location"] for w in source["work"]]
    assert work[0]["highlights"] == source["work"][0]["highlights"]
    school, expected = result.json_resume["education"][0], source["education"][0]
    assert school["institution"] == expected["institution"]
    assert school["studyType"] == expected["studyType"]
    assert school["area"] == expected["area"]
    assert (school["startDate"], school["endDate"]) == (expected["startDate"][:7], expected["endDate"][:7])
    assert result.recent_title == "CEO/President"
    assert result.seniority == "executive"
    assert result.years_experience == pytest.approx(5.3, abs=0.1)
    assert text.pages == (1 if name.endswith(".docx") else 2)
    truth, found = corpus.source_skills(source), set(result.skills)
    recall = len(truth & found) / len(truth)
    assert recall >= 0.9, sorted(truth - found)


def test_markdown_cv_fields(valid_files: dict[str, Path]) -> None:
    _text, result = read(valid_files["cv-example.md"])
    document = result.json_resume
    assert document["basics"]["name"] == "Alex Chen"
    assert document["basics"]["email"] == "alex@example.com"
    assert document["basics"]["location"] == {"city": "Austin", "region": "TX"}
    assert {p["network"] for p in document["basics"]["profiles"]} == {"LinkedIn", "GitHub"}
    assert [(w["name"], w["position"], w["startDate"], w["endDate"]) for w in document["work"]] == [
        ("TechFin Corp", "Senior ML Engineer / ML Platform Lead", "2020", "2024"),
        ("DataStartup Inc", "ML Engineer", "2018", "2020"),
    ]
    assert [(e["studyType"], e["area"], e["institution"], e["endDate"]) for e in document["education"]] == [
        ("MS", "Computer Science", "UT Austin", "2018"),
        ("BS", "Computer Science", "UC Berkeley", "2016"),
    ]
    assert result.years_experience == 6.0
    assert result.seniority == "lead"


def test_markdown_cv_with_parallel_roles(valid_files: dict[str, Path]) -> None:
    _text, result = read(valid_files["dual-track-engineer-instructor-cv.md"])
    work = result.json_resume["work"]
    assert [w["name"] for w in work] == [
        "Knowledge-Graph SaaS GmbH",
        "Applied AI Bootcamp",
        "Mid-stage AI Consultancy",
        "Mobile Games Studio",
    ]
    assert work[1]["position"] == "Lead Instructor, AI Engineering Track"
    assert result.years_experience == 9.0  # 2017-2026, the two parallel roles counted once
    assert result.json_resume["education"][0]["institution"] == "TU Example"


# Skills the CV's own skill section names, as canonical ids: the extractor must find them (recall) and
# what it finds in the whole CV must mostly be real skills (precision, judged against this list plus
# skills the CV names in its prose).
CV_EXAMPLE_SKILLS = {
    "pytorch",
    "tensorflow",
    "scikit-learn",
    "langchain",
    "mlflow",
    "kubeflow",
    "airflow",
    "kubernetes",
    "kafka",
    "redis",
    "postgresql",
    "aws",
    "python",
    "go",
    "typescript",
    "sql",
}
CV_EXAMPLE_PROSE = {
    "machine-learning",
    "mlops",
    "continuous-integration",
    "github-actions",
    "grafana",
    "natural-language-processing",
    "llm",
    "artificial-intelligence",
    "amazon-web-services-aws-sagemaker",
    "computer-science",
    "document-classification",
    "github",
}


def test_skills_precision_and_recall_on_a_markdown_cv(valid_files: dict[str, Path]) -> None:
    _text, result = read(valid_files["cv-example.md"])
    found = set(result.skills)
    recall = len(found & CV_EXAMPLE_SKILLS) / len(CV_EXAMPLE_SKILLS)
    precision = len(found & (CV_EXAMPLE_SKILLS | CV_EXAMPLE_PROSE)) / len(found)
    assert recall == 1.0, sorted(CV_EXAMPLE_SKILLS - found)
    assert precision >= 0.9, sorted(found - CV_EXAMPLE_SKILLS - CV_EXAMPLE_PROSE)


def test_invisible_pdf_text_is_flagged(tmp_path: Path) -> None:
    path = tmp_path / "stuffed.pdf"
    path.write_bytes(corpus.pdf_resume(corpus.sample_resume(), hidden="Kubernetes Terraform Rust Scala"))
    _text, result = read(path)
    assert "hidden_text" in result.flags


def test_zero_width_characters_are_removed_and_flagged(tmp_path: Path) -> None:
    path = tmp_path / "zw.md"
    path.write_text("# Ada Lovelace\n\n## Skills\n\n- Pyth\u200bon, Kuber\u200dnetes\n", encoding="utf-8")
    _text, result = read(path)
    assert "zero_width_characters" in result.flags
    assert {"python", "kubernetes"} <= set(result.skills)


def test_output_validates_against_json_resume(valid_files: dict[str, Path]) -> None:
    from myjob.resumes.schema import schema_errors

    for path in valid_files.values():
        _text, result = read(path)
        assert schema_errors(result.json_resume, DATA) == []
        assert result.json_resume["meta"]["myjob"]["skills"]
