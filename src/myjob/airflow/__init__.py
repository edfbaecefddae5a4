"""Airflow integration, laid out like a provider: hooks, operators, notifiers, triggers.

Only this package and ``dags/`` import Airflow; the domain packages stay plain Python.
"""
