"""``myjob matches``, ``myjob explain`` and ``myjob score``: why a job was matched to a user."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from rich.table import Table

from myjob.config import get_settings
from myjob.errors import UserError
from myjob.store import open_store
from myjob.store.matches import LlmUsageRepository, MatchRepository
from myjob.store.runs import RunSummaryRepository

AGENT_ORDER = ("skills", "experience", "location", "compensation", "semantic", "judge")
JOB_ID_SHOWN = 12  # job ids are 64-character fingerprints; a prefix this long is unique in practice


def register(subparsers: argparse._SubParsersAction) -> None:
    matches = subparsers.add_parser("matches", help="a user's stored job matches, best first")
    matches.add_argument("user", help="user id")
    matches.add_argument("--limit", type=int, default=20)
    matches.set_defaults(handler=run_matches)

    explain = subparsers.add_parser("explain", help="every agent's score and reasons for one match")
    explain.add_argument("user", help="user id")
    explain.add_argument("job", help="job id, or its first characters as `myjob matches` shows them")
    explain.set_defaults(handler=run_explain)

    score = subparsers.add_parser(
        "score", help="score a resume file against job description files (stores nothing)"
    )
    score.add_argument("resume", type=Path, help="resume file: PDF, DOCX, Markdown or text")
    score.add_argument("jobs", type=Path, nargs="+", help="job descriptions: text, Markdown or PDF files")
    score.add_argument("--json", action="store_true", help="machine-readable output")
    score.set_defaults(handler=run_score)


def _repository() -> MatchRepository:
    return MatchRepository(open_store(get_settings().resolved_store_url))


def run_matches(args: argparse.Namespace) -> int:
    from myjob.cli import console

    rows = _repository().matches_for_user(args.user, limit=args.limit)
    if not rows:
        raise UserError(
            f"no matches stored for user {args.user!r}", hint="run the job_matching_batch DAG (`make demo`)"
        )
    table = Table(title=f"Matches for {args.user}")
    for column in ("score", "status", "job", "title", "company", "why"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(
            f"{row['score']:.0f}",
            row["status"],
            row["job_id"][:JOB_ID_SHOWN],
            row["title"] or "",
            row["company"] or "",
            row["explanation"],
        )
    console.print(table)
    return 0


def _agent_table(title: str, agent_scores: dict[str, Any]) -> Table:
    table = Table(title=title)
    for column in ("agent", "score", "reasons"):
        table.add_column(column, overflow="fold")
    for agent in AGENT_ORDER:
        found = agent_scores.get(agent)
        if found is None:
            table.add_row(agent, "-", "did not run")
            continue
        score = "unknown" if found["score"] is None else f"{found['score']:.0f}"
        table.add_row(agent, score, "; ".join(found["reasons"]))
    return table


def _resolve_job_id(repository: MatchRepository, user: str, given: str) -> str | None:
    """The full id of the user's matched job that ``given`` names, whole or by a unique prefix."""
    matched = repository.matches_for_user(user, limit=100_000)
    found = {r["job_id"] for r in matched if r["job_id"].startswith(given)}
    if len(found) > 1:
        raise UserError(
            f"{given!r} starts {len(found)} of {user!r}'s matched job ids", hint="give more characters"
        )
    return found.pop() if found else None


def run_explain(args: argparse.Namespace) -> int:
    from myjob.cli import console

    repository = _repository()
    job_id = _resolve_job_id(repository, args.user, args.job)
    row = repository.match(args.user, job_id) if job_id else None
    if row is None:
        raise UserError(
            f"user {args.user!r} has no stored match with job {args.job!r}",
            hint=f"see `myjob matches {args.user}`",
        )
    console.print(
        f"[bold]{row['title'] or row['job_id']}[/] at {row['company'] or '?'}"
        f" ({row['location'] or 'location unknown'})"
    )
    console.print(
        f"score {row['score']:.1f}/100, status {row['status']}, resume version {row['resume_id'][:12]}"
    )
    console.print(row["explanation"])
    console.print(_agent_table("Agents", row["agent_scores"]))
    console.print(f"matched skills: {', '.join(row['matched_skills']) or 'none'}")
    console.print(f"missing skills: {', '.join(row['missing_skills']) or 'none'}")
    notes = row["agent_scores"].get("_notes") or []
    flags = row["agent_scores"].get("_flags") or []
    if flags:
        console.print(f"[yellow]flags:[/] {', '.join(flags)}")
    for note in notes:
        console.print(f"note: {note}")
    return 0


def run_score(args: argparse.Namespace) -> int:
    from myjob.cli import console
    from myjob.matching.adhoc import score_files

    pairs = score_files(args.resume, args.jobs, get_settings())
    if args.json:
        rows = [
            p.as_row() | {"title": p.job.title, "agent_scores": {k: v.as_dict() for k, v in p.agents.items()}}
            for p in pairs
        ]
        print(
            json.dumps(
                {"resume": str(args.resume), "judge": "not used by myjob score", "matches": rows}, indent=2
            )
        )
        return 0
    for pair in pairs:
        console.print(f"[bold]{pair.score:.0f}/100[/] {pair.job.title} ({pair.status.value})")
        console.print(pair.sentence())
        console.print(_agent_table(pair.job.title, {k: v.as_dict() for k, v in pair.agents.items()}))
    return 0


def print_matching_summary() -> int:
    """The last job_matching_batch run: matches written, reviews, LLM use, and each user's best match."""
    from myjob.cli import console
    from myjob.matching.pipeline import DAG_ID

    store = open_store(get_settings().resolved_store_url)
    repo = MatchRepository(store)
    last = RunSummaryRepository(store).last(DAG_ID)
    if last is None:
        raise UserError(
            "no job_matching_batch run has finished yet", hint="run `make demo` or trigger the DAG"
        )
    usage = LlmUsageRepository(store).usage(last["run_key"])
    table = Table(title=f"job_matching_batch run {last['run_key']}", show_header=False)
    for label, value in (
        ("matches written", last["matches_written"]),
        ("sent to review", last["needs_review"]),
        ("failed scoring batches", len(last["failed_batches"])),
        ("complete", "yes" if last["complete"] else "no (failed users retried next run)"),
        (
            "LLM calls (judge)",
            f"{len(usage)}, ${sum(u['cost_usd'] for u in usage):.4f}" if usage else "none (offline)",
        ),
    ):
        table.add_row(label, str(value))
    console.print(table)
    best = Table(title="Best match per user")
    for column in ("user", "score", "job", "why"):
        best.add_column(column, overflow="fold")
    for user_id, row in repo.best_per_user(limit=10):
        best.add_row(user_id, f"{row['score']:.0f}", row["title"] or row["job_id"], row["explanation"])
    console.print(best)
    return 0
