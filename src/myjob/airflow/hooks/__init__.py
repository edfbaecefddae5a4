"""Airflow hooks of the MyJob platform."""
