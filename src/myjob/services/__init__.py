"""Clients of outside services, each beside its offline twin behind one small interface.

Which one runs is decided in ``myjob.airflow.runtime``: the real client when its Airflow
connection exists, the twin otherwise.
"""
