"""Matching users to jobs: candidate retrieval, scoring agents, their aggregate, digests.

Plain Python with no Airflow import; ``dags/job_matching_batch.py`` wires these steps together and
``myjob score`` runs the same agents on files.
"""
