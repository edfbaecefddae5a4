"""The offline SerpAPI twin and the corpus it replays: paging, shape and ground truth."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from myjob.config import DEFAULT_LOCATIONS, DEFAULT_QUERIES, REPO_ROOT
from myjob.errors import ServiceError
from myjob.services.serpapi import ReplayJobSearch, search_key

CORPUS = REPO_ROOT / "data" / "serpapi_replay"
ITEM_FIELDS = {
    "title",
    "company_name",
    "location",
    "via",
    "share_link",
    "extensions",
    "detected_extensions",
    "description",
    "apply_options",
    "job_id",
}


@pytest.fixture(scope="module")
def pages() -> dict[str, dict[str, Any]]:
    return {str(p.relative_to(CORPUS)): json.loads(p.read_text()) for p in (CORPUS / "pages").rglob("*.json")}


@pytest.fixture(scope="module")
def truth() -> dict[str, Any]:
    return json.loads((CORPUS / "truth.json").read_text())


def test_replay_pages_honour_max_jobs_and_tokens() -> None:
    replay = ReplayJobSearch(CORPUS)
    replay.health()
    full = replay.search("software engineer", "United States", max_jobs=500)
    assert full.pages > 5
    assert len(full.items) > 100
    assert len({i["job_id"] for i in full.items}) == len(full.items)
    some = replay.search("Software  Engineer", "united states", max_jobs=25)
    assert (len(some.items), some.pages) == (25, 3)
    assert some.items == full.items[:25]
    exact = replay.search("software engineer", "United States", max_jobs=20)
    assert exact.pages == 2


def test_every_default_search_is_recorded() -> None:
    recorded = set(ReplayJobSearch(CORPUS).searches())
    wanted = {search_key(q, loc) for q in DEFAULT_QUERIES for loc in DEFAULT_LOCATIONS}
    assert wanted <= recorded


def test_unknown_and_empty_searches_answer_nothing() -> None:
    replay = ReplayJobSearch(CORPUS)
    assert replay.search("basket weaver", "Atlantis", max_jobs=10).items == []
    empty = replay.search("data engineer", "Austin, Texas", max_jobs=10)  # recorded "no results" page
    assert (empty.items, empty.pages) == ([], 1)


def test_missing_folder_is_a_service_error(tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="cannot read"):
        ReplayJobSearch(tmp_path).search("q", "l", 10)


def test_pages_are_google_jobs_pages(pages: dict[str, dict[str, Any]]) -> None:
    index = json.loads((CORPUS / "index.json").read_text())
    listed = {name for search in index["searches"] for name in search["pages"]}
    assert listed == set(pages)
    for search in index["searches"]:
        for number, name in enumerate(search["pages"]):
            page = pages[name]
            assert page["search_metadata"]["status"] == "Success"
            if "error" in page:
                assert page["error"] == "Google hasn't returned any results for this query."
                continue
            results = page["jobs_results"]
            assert 1 <= len(results) <= 10
            last = number == len(search["pages"]) - 1
            assert ("serpapi_pagination" in page) is not last
            if "search_parameters" in page and page["search_parameters"].get("q") != "python developer":
                assert page["search_parameters"]["q"] == search["query"]
            for item in results:
                assert set(item) >= ITEM_FIELDS, set(ITEM_FIELDS) - set(item)
                assert item["apply_options"]
                assert all({"title", "link"} <= set(o) for o in item["apply_options"])
                assert item["detected_extensions"]["posted_at"] in item["extensions"]
                for box in item.get("job_highlights", []):
                    assert box["title"] in {"Qualifications", "Responsibilities"}
                    assert box["items"]


def test_truth_refers_to_items_on_the_pages(pages: dict[str, dict[str, Any]], truth: dict[str, Any]) -> None:
    on_pages = Counter(i["job_id"] for p in pages.values() for i in p.get("jobs_results", []))
    assert set(truth["items"]) == set(on_pages)
    for duplicate in truth["duplicates"]:
        assert duplicate["item"] in on_pages
        assert duplicate["duplicate_of"] in truth["items"]
        assert (
            truth["items"][duplicate["item"]]["entity"] == truth["items"][duplicate["duplicate_of"]]["entity"]
        )
    for trap in truth["traps"]:
        assert trap["item"] in on_pages
        assert trap["resembles"] in on_pages
        assert truth["items"][trap["item"]]["entity"] != truth["items"][trap["resembles"]]["entity"]
    stats = truth["stats"]
    assert stats["items"] == len(on_pages)
    assert stats["occurrences_on_pages"] == sum(on_pages.values())


def test_corpus_has_every_kind_of_duplicate_and_trap(
    pages: dict[str, dict[str, Any]], truth: dict[str, Any]
) -> None:
    kinds = truth["stats"]["duplicates_by_kind"]
    for kind in ("other_board", "edited_repost", "noise", "agency_repost"):
        assert kinds.get(kind, 0) >= 5, kind
    traps = truth["stats"]["traps_by_kind"]
    assert traps["same_text_other_city"] >= 5
    assert traps["same_title_city_other_team"] >= 5
    items = {i["job_id"]: i for p in pages.values() for i in p.get("jobs_results", [])}
    for duplicate in truth["duplicates"]:
        copy, original = items[duplicate["item"]], items[duplicate["duplicate_of"]]
        if duplicate["kind"] == "agency_repost":
            assert copy["company_name"] in {"TEKsystems", "Robert Half"}
            assert original["description"] in copy["description"]
        if duplicate["kind"] == "other_board":
            assert copy["via"] != original["via"]
            assert copy["description"] == original["description"]
    # A board copy shows under "United States" and a city, or under two queries.
    seen_in: dict[str, set[str]] = {}
    for name, page in pages.items():
        for item in page.get("jobs_results", []):
            seen_in.setdefault(item["job_id"], set()).add(name.split("/")[1])
    assert max(len(v) for v in seen_in.values()) >= 4


def test_builder_is_deterministic(tmp_path: Path) -> None:
    shared = REPO_ROOT.parent / "shared" / "data"
    if not (shared / "ms-skills-extractor").exists():
        pytest.skip("shared reference data not beside the checkout")
    import runpy

    builder = runpy.run_path(str(REPO_ROOT / "scripts" / "build_replay_corpus.py"))
    builder["build"](shared, tmp_path / "out")
    for name in ("truth.json", "index.json", "pages/software-engineer__united-states/page-03.json"):
        assert (tmp_path / "out" / name).read_bytes() == (CORPUS / name).read_bytes(), name
