"""Airflow triggers of the MyJob platform."""
