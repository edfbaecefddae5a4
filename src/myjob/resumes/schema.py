"""Validation of structured resumes against the JSON Resume schema shipped in data/jsonresume."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator


@functools.cache
def _validator(schema_path: Path) -> Draft7Validator:
    return Draft7Validator(json.loads(schema_path.read_text(encoding="utf-8")))


def schema_errors(document: dict[str, Any], data_dir: Path) -> list[str]:
    """Readable schema violations of ``document`` (empty when it is a valid JSON Resume)."""
    validator = _validator(data_dir / "jsonresume" / "schema.json")
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator.iter_errors(document)
    ]
