"""Wait until the job search service answers, before spending a run's searches on it."""

from __future__ import annotations

from typing import Any

from airflow.sdk import BaseSensorOperator
from airflow.sdk.exceptions import AirflowFailException

from myjob.airflow import runtime
from myjob.errors import ServiceError, TransientServiceError


class JobSearchHealthSensor(BaseSensorOperator):
    """Pokes the configured job search (SerpAPI or its replay) until it is usable.

    A passing fault (429, 5xx, timeout) means "not yet"; a fault that waiting will not fix (bad key,
    exhausted plan) fails at once, without retries, with the service's own message.
    """

    def poke(self, context: Any) -> bool:
        search = runtime.job_search(runtime.load_settings())
        try:
            search.health()
        except TransientServiceError as error:
            self.log.warning("job search not ready yet: %s", error)
            return False
        except ServiceError as error:
            raise AirflowFailException(f"job search is not usable: {error}") from error
        return True
