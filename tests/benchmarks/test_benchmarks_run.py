"""`make bench` keeps working: every benchmark runs at its --quick size and prints its figures.

Only that it runs and reports is checked here; the figures themselves are read from `make bench`.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_every_benchmark_runs_at_quick_size() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-4000:]
    for heading in ("== dedup ==", "== resumes ==", "== matching =="):
        assert heading in output, f"{heading} missing from:\n{output[-4000:]}"
    for figure in ("wall time ours / baseline", "throughput:", "pairs/s"):
        assert figure in output, f"{figure!r} missing from:\n{output[-4000:]}"
