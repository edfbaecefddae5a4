"""job_matching_batch: match active users to live jobs with five cheap agents and an LLM judge.

Runs every 4 hours and as soon as the scraping or the resume pipeline updates its asset. Each
run is incremental (new jobs against every user, changed resumes against every live job) and
never scores a (user, resume version, job) twice. ``ai_score_matches`` is mapped over batches of
whole users, at most 10 at once, in the AI pool; the judge runs only when the ``openrouter``
connection exists. ``generate_matching_pairs`` stages each batch's candidates in the store under
the run's key and returns only batch descriptors (number, users, pairs); each scorer reads its
batch's candidates, stages its scored pairs and returns only counts; ``store_matches`` moves the
staged rows into ``matches`` and drops other runs' staging older than a bound, so XCom carries
ids and counts, never the rows. ``aggregate_match_scores`` runs even when some scorers failed: their
users are left for the next run, which starts from the last complete run's watermark.
"""

from __future__ import annotations

from typing import Any

import pendulum
from airflow.sdk import AssetOrTimeSchedule, CronTriggerTimetable, TriggerRule, dag, get_current_context, task

from myjob.airflow import runtime
from myjob.airflow.assets import JOBS, MATCHES, RESUMES
from myjob.airflow.defaults import TIMEZONE, default_args
from myjob.config import Pools


def _matching() -> Any:
    from myjob.matching.pipeline import Matching

    settings = runtime.load_settings()
    return Matching(settings, runtime.store(settings))


@dag(
    dag_id="job_matching_batch",
    description="Batch job matching: retrieval, multi-agent scoring, digests",
    schedule=AssetOrTimeSchedule(
        timetable=CronTriggerTimetable("0 */4 * * *", timezone=TIMEZONE),
        assets=(JOBS | RESUMES),
    ),
    start_date=pendulum.datetime(2024, 1, 1, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    default_args=default_args(),
    tags=["production", "ai", "matching"],
    doc_md=__doc__,
)
def job_matching_batch() -> None:
    @task
    def get_active_users() -> dict[str, Any]:
        return _matching().active_users()

    @task
    def get_new_jobs() -> dict[str, Any]:
        return _matching().new_jobs_window()

    @task
    def generate_matching_pairs(users: dict[str, Any], window: dict[str, Any]) -> list[dict[str, Any]]:
        return _matching().generate_pairs(users, window, runtime.run_key(get_current_context()))

    # retries=0: the LLM client owns retries (bounded backoff, Retry-After); a batch that still fails
    # keeps its users for the next run, whose watermark has not moved, so Airflow need not retry too.
    @task(
        pool=Pools.AI_PROCESSING,
        max_active_tis_per_dag=10,
        retries=0,
        map_index_template="batch {{ batch['batch'] }}",
    )
    def ai_score_matches(batch: dict[str, Any]) -> dict[str, Any]:
        from myjob.airflow.hooks.openrouter import chat_client
        from myjob.matching.judge import Judge
        from myjob.services.llm import Budget, MeteredChat
        from myjob.store.matches import LlmUsageRepository

        matching = _matching()
        settings = matching.settings
        client = chat_client(settings)
        judge = None
        if client is not None:
            budget = Budget(
                settings.llm_budget_per_run_usd,
                settings.llm_budget_per_user_day_usd,
                settings.llm_price_per_mtok,
            )
            chat = MeteredChat(client, LlmUsageRepository(matching.store), budget)
            judge = Judge(chat, model=settings.llm_model, max_tokens=settings.llm_max_output_tokens)
        return matching.score_batch(batch, judge, runtime.run_key(get_current_context()))

    @task(trigger_rule=TriggerRule.ALL_DONE)
    def aggregate_match_scores(batches: list[dict[str, Any]], scored: Any) -> dict[str, Any]:
        from myjob.matching.pipeline import Matching

        return Matching.aggregate(batches, list(scored))

    @task(outlets=[MATCHES])
    def store_matches(aggregated: dict[str, Any], window: dict[str, Any]) -> dict[str, Any]:
        return _matching().save(aggregated, window, runtime.run_key(get_current_context()))

    @task
    def prepare_user_notifications() -> dict[str, int]:
        from myjob.airflow.notifiers.platform import deliver

        context = get_current_context()
        return _matching().send_digests(runtime.run_key(context), lambda message: deliver(message, context))

    users = get_active_users()
    window = get_new_jobs()
    batches = generate_matching_pairs(users, window)
    scored = ai_score_matches.expand(batch=batches)
    aggregated = aggregate_match_scores(batches, scored)
    stored = store_matches(aggregated, window)
    stored >> prepare_user_notifications()


job_matching_batch()
