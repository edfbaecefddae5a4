"""MyJob data platform: the plain-Python core behind the Airflow pipelines in ``dags/``."""

__version__ = "0.1.0"
