"""Airflow notifiers of the MyJob platform."""
