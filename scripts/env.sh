# Source this from the checkout to use `airflow` and `myjob` by hand on the local set-up:
#   source scripts/env.sh
# It points Airflow at the checkout's own home (.airflow) and DAG folder, and MyJob at .myjob.
_myjob_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
export AIRFLOW_HOME="$_myjob_root/.airflow"
export AIRFLOW__CORE__DAGS_FOLDER="$_myjob_root/dags"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION=True
export MYJOB_HOME="${MYJOB_HOME:-$_myjob_root/.myjob}"
export PATH="$_myjob_root/.venv/bin:$PATH"
unset _myjob_root
