"""One notifier for every MyJob message: outbox file always, Slack and e-mail when configured.

Whether Slack or SMTP is configured is decided when a message is sent (its connection exists),
never when a DAG file is parsed, so DAG files stay free of I/O.
"""

from __future__ import annotations

import logging
from typing import Any

from airflow.sdk import BaseHook, BaseNotifier
from airflow.sdk.exceptions import AirflowNotFoundException

from myjob.config import ConnectionIds, get_settings
from myjob.services.outbox import Message, Outbox

log = logging.getLogger(__name__)


def connection_exists(conn_id: str) -> bool:
    try:
        BaseHook.get_connection(conn_id)
    except AirflowNotFoundException:
        return False
    return True


def deliver(message: Message, context: Any = None) -> list[str]:
    """Send ``message`` on every configured channel; the names of the channels used."""
    settings = get_settings()
    notify_context: Any = context or {}
    channels = ["outbox"]
    path = Outbox(settings.outbox_dir).send(message)
    log.info(
        "%s: %s (outbox file %s)", message.subject, message.body.splitlines()[0] if message.body else "", path
    )
    if connection_exists(ConnectionIds.SLACK):
        from airflow.providers.slack.notifications.slack import SlackNotifier

        SlackNotifier(
            slack_conn_id=ConnectionIds.SLACK,
            text=f"*{message.subject}*\n{message.body}",
            channel=settings.summary_channel,
        ).notify(notify_context)
        channels.append("slack")
    if settings.summary_email and connection_exists(ConnectionIds.SMTP):
        from airflow.providers.smtp.notifications.smtp import SmtpNotifier

        SmtpNotifier(
            to=settings.summary_email,
            subject=message.subject,
            html_content=f"<pre>{message.body}</pre>",
            smtp_conn_id=ConnectionIds.SMTP,
        ).notify(notify_context)
        channels.append("email")
    return channels


class PlatformNotifier(BaseNotifier):
    """Failure callback of every MyJob task: says which task of which run failed, and why."""

    def __init__(self, event: str) -> None:
        super().__init__()
        self.event = event

    def notify(self, context: Any) -> None:
        ti = context.get("ti") or context.get("task_instance")
        dag_id = getattr(ti, "dag_id", "?")
        task_id = getattr(ti, "task_id", "?")
        run_id = getattr(ti, "run_id", "?")
        error = context.get("exception")
        cause = f"{type(error).__name__}: {error}" if error else "failed"
        body = f"{dag_id}.{task_id} in run {run_id}: {cause}"
        deliver(Message(subject=f"{self.event}: {dag_id}.{task_id}", body=body, kind="alert"), context)
