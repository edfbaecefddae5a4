"""Reading resumes: validation, sandboxed extraction, normalization, structure and facts.

Plain Python, no Airflow: ``dags/resume_processing.py`` wires these steps, ``myjob parse`` and the
benchmarks call ``reader.read_resume`` directly.
"""
