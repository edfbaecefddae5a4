"""The skill extractor: punctuation-bearing names, canonical ids, and the precision rules."""

from __future__ import annotations

import pytest

from myjob.skills import SkillExtractor, default_extractor
from myjob.skills.taxonomy import SkillEntry


@pytest.fixture(scope="module")
def extractor() -> SkillExtractor:
    return default_extractor()


@pytest.mark.parametrize(
    ("text", "skill_id"),
    [
        ("Wrote services in C++ and C#.", "cpp"),
        ("Wrote services in C++ and C#.", "csharp"),
        ("Migrated the app to .NET 8", ".net"),
        ("APIs in Node.js", "node.js"),
        ("ASP.NET MVC sites", "asp.net"),
        ("Owned the CI/CD pipelines", "continuous-integration"),
        ("Amazon Web Services (AWS)", "aws"),
        ("deployed on k8s", "kubernetes"),
        ("Postgres and Redis", "postgresql"),
        ("scikit learn models", "scikit-learn"),
        ("Skills: Python, Go, R", "go"),
        ("Skills: Python, Go, R", "r"),
        ("Java/Spring/Hibernate", "spring"),
        ("Go programming", "go"),
        ("Advanced Excel skills", "microsoft-excel"),
    ],
)
def test_finds_skill(extractor: SkillExtractor, text: str, skill_id: str) -> None:
    assert skill_id in extractor.canonical_ids(text)


@pytest.mark.parametrize(
    ("text", "skill_id"),
    [
        ("Go to market strategy for a new product line", "go"),
        ("Teaching assistant, Spring 2020", "spring"),
        ("I excel at building teams", "microsoft-excel"),
        ("Excel at negotiation and sales", "microsoft-excel"),
        ("Led the R&D department", "r"),
        ("C++ only", "c"),
        ("swift delivery of features", "swift"),
        ("They react quickly to incidents", "react"),
        ("Worked on the design of the library", "design"),
    ],
)
def test_ignores_ordinary_words(extractor: SkillExtractor, text: str, skill_id: str) -> None:
    assert skill_id not in extractor.canonical_ids(text)


def test_aliases_share_one_canonical_id(extractor: SkillExtractor) -> None:
    assert extractor.canonical_ids("Golang") == extractor.canonical_ids("Skills: Go") == ["go"]
    assert extractor.canonical_ids("machine learning, ML") == ["machine-learning"]
    assert extractor.canonical_ids("Microsoft Excel; Excel") == ["microsoft-excel"]


def test_hits_point_into_the_text(extractor: SkillExtractor) -> None:
    text = "Built tools in Python and TypeScript."
    hits = extractor.extract(text)
    assert [(text[h.start : h.end], h.skill_id) for h in hits] == [
        ("Python", "python"),
        ("TypeScript", "typescript"),
    ]
    assert all(h.matched_text == text[h.start : h.end] for h in hits)
    assert extractor.name_of("cpp") == "C++"
    assert extractor.name_of("no-such-skill") == "no-such-skill"


def test_longest_alias_wins() -> None:
    extractor = SkillExtractor(
        [
            SkillEntry("spring", "Spring", ("Spring",)),
            SkillEntry("spring-boot", "Spring Boot", ("Spring Boot",)),
        ]
    )
    assert [h.skill_id for h in extractor.extract("Spring Boot services")] == ["spring-boot"]


def test_default_extractor_is_loaded_once() -> None:
    assert default_extractor() is default_extractor()


# A labelled sample: each line with the skills a person reading it would list. Precision and recall
# of the extractor over it must stay high; lines mix lists, prose, and ordinary words that are skill names.
LABELLED = [
    ("Languages: Python, Go, SQL, TypeScript", {"python", "go", "sql", "typescript"}),
    ("Built data pipelines with Apache Airflow and dbt on Snowflake", {"airflow", "dbt", "snowflake"}),
    (
        "Deployed microservices on Kubernetes with Helm and Terraform",
        {"microservices", "kubernetes", "helm", "terraform"},
    ),
    ("Go-to person for on-call incidents; mentored four engineers", set()),
    (
        "Frameworks: React, Node.js, Express, Django, Flask",
        {"react", "node.js", "expressjs", "django", "flask"},
    ),
    (
        "Analysed sales in Excel and Tableau, reported in PowerPoint",
        {"microsoft-excel", "tableau", "microsoft-powerpoint"},
    ),
    ("I excel at stakeholder communication and spring into action", set()),
    (
        "Machine learning with PyTorch, TensorFlow and scikit-learn; NLP with spaCy",
        {"machine-learning", "pytorch", "tensorflow", "scikit-learn", "natural-language-processing", "spacy"},
    ),
    ("Stored events in PostgreSQL, Redis and Kafka on AWS", {"postgresql", "redis", "kafka", "aws"}),
    ("Statistics in R and SAS; dashboards in Power BI", {"r", "sas", "microsoft-power-bi"}),
    (
        "Mobile apps in Swift and Kotlin; CI with Jenkins and GitHub Actions",
        {"swift", "kotlin", "jenkins", "github-actions"},
    ),
    ("Version control: Git; issue tracking: Jira", {"git", "jira", "issue-tracking"}),
]


def test_precision_and_recall_on_labelled_lines(extractor: SkillExtractor) -> None:
    found = expected = correct = 0
    for text, truth in LABELLED:
        got = set(extractor.canonical_ids(text))
        found += len(got)
        expected += len(truth)
        correct += len(got & truth)
    precision, recall = correct / found, correct / expected
    assert precision >= 0.9, precision
    assert recall >= 0.85, recall
