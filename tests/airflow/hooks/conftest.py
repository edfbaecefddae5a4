"""The fake API of tests/services serves the hook and operator tests too."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "services"))

from fake_api import fake_api

__all__ = ["fake_api"]
