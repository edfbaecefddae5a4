"""resume_processing: uploaded resumes in, structured resumes and user profiles out.

Runs on upload events (see myjob.airflow.resume_events for the sources: local inbox, Redis or
Cloud Pub/Sub). Each run takes every pending upload: validates it from its bytes, reads it in a
limited child process, tags canonical skills, builds a JSON Resume, stores it keyed by user and
content hash, and refreshes the users' profiles. A bad file is rejected with its reason and
quarantined; the others go on. Storing updates the RESUMES asset, which starts matching.
XCom carries upload ids only; resume text moves between tasks in work files under MYJOB_HOME, so
no personal data reaches Airflow's logs or metadata database.
"""

from __future__ import annotations

from typing import Any

import pendulum
from airflow.sdk import TriggerRule, dag, task

from myjob.airflow import runtime
from myjob.airflow.assets import RESUMES
from myjob.airflow.defaults import TIMEZONE, default_args
from myjob.airflow.resume_events import resume_uploads_asset
from myjob.config import Pools

BRANCHES = {"pdf": "process_pdf", "docx": "process_docx", "markdown": "process_markdown"}


@dag(
    dag_id="resume_processing",
    description="Resume file processing pipeline",
    schedule=[resume_uploads_asset()],
    start_date=pendulum.datetime(2024, 1, 1, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    default_args=default_args(),
    tags=["production", "resume"],
    doc_md=__doc__,
)
def resume_processing() -> None:
    @task.branch(pool=Pools.STORE)
    def validate_and_route(ti: Any = None) -> list[str]:
        from myjob.resumes.steps import route_pending

        settings = runtime.load_settings()
        routes = route_pending(settings, runtime.store(settings))
        ti.xcom_push(key="routes", value=routes)
        return [BRANCHES[kind] for kind, ids in routes.items() if ids]

    def process(kind: str) -> Any:
        @task(task_id=BRANCHES[kind], retries=0)
        def process_files(ti: Any = None) -> list[str]:
            # retries=0: a file that breaks the reader breaks it again; it is rejected, not retried
            from myjob.resumes.steps import process_type
            from myjob.resumes.validation import FileType

            settings = runtime.load_settings()
            routes = ti.xcom_pull(task_ids="validate_and_route", key="routes") or {}
            return process_type(settings, runtime.store(settings), FileType(kind), routes.get(kind, []))

        return process_files()

    @task(trigger_rule=TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS)
    def extract_skills(ti: Any = None) -> list[str]:
        from myjob.resumes.steps import tag_skills

        # pulled by task id: the branches that were skipped simply have no value
        return tag_skills(runtime.load_settings(), ti.xcom_pull(task_ids=list(BRANCHES.values())) or [])

    @task
    def structure_resume_data(upload_ids: list[str]) -> list[str]:
        from myjob.resumes.steps import structure_items

        settings = runtime.load_settings()
        return structure_items(settings, runtime.store(settings), upload_ids)

    @task(pool=Pools.STORE, outlets=[RESUMES])
    def store_to_firestore(upload_ids: list[str]) -> list[str]:
        from myjob.resumes.steps import store_items

        settings = runtime.load_settings()
        return store_items(settings, runtime.store(settings), upload_ids)

    @task(pool=Pools.STORE)
    def update_user_profile(user_ids: list[str]) -> int:
        from myjob.resumes.steps import refresh_profiles

        settings = runtime.load_settings()
        return refresh_profiles(runtime.store(settings), user_ids)

    route = validate_and_route()
    texts = {kind: process(kind) for kind in BRANCHES}
    route >> list(texts.values())
    skills = extract_skills()
    list(texts.values()) >> skills
    stored = store_to_firestore(structure_resume_data(skills))
    update_user_profile(stored)


resume_processing()
