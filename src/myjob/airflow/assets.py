"""The Assets the pipelines produce and consume; a DAG scheduled on one runs when another updates it."""

from __future__ import annotations

from airflow.sdk import Asset

from myjob.config import AssetUris

JOBS = Asset(AssetUris.JOBS, group="myjob")
RESUMES = Asset(AssetUris.RESUMES, group="myjob")
MATCHES = Asset(AssetUris.MATCHES, group="myjob")
