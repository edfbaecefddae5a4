from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # tests/, for fixtures.resumes

from fixtures.resumes import corpus


@pytest.fixture(scope="session")
def valid_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return corpus.valid_corpus(tmp_path_factory.mktemp("resumes"))


@pytest.fixture(scope="session")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    return corpus.hostile_corpus(tmp_path_factory.mktemp("hostile"), max_bytes=5 * 1024 * 1024)
