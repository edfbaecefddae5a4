"""Airflow sensors of the MyJob platform."""
