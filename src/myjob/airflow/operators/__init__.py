"""Airflow operators of the MyJob platform."""
