"""Resume commands: ``myjob upload`` hands in a resume, ``myjob parse`` shows what the pipeline reads.

Also the demo's two hooks: ``prepare_demo_uploads()`` (uploads the sample resumes before the
DAG runs) and ``print_resume_summary()`` (the report after it).
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from myjob.config import get_settings
from myjob.errors import UserError
from myjob.resumes.validation import Limits, Rejected
from myjob.store import open_store

DEMO_USERS = {
    "cv-example.md": "demo-alex",
    "resume-example.md": "demo-alex",
    "dual-track-engineer-instructor-cv.md": "demo-sam",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    upload = subparsers.add_parser("upload", help="hand in a resume (PDF, DOCX or Markdown) for a user")
    upload.add_argument("file", type=Path)
    upload.add_argument("--user", required=True, metavar="USER_ID", help="the user the resume belongs to")
    upload.set_defaults(handler=run_upload)

    parse = subparsers.add_parser("parse", help="print what the pipeline reads from a resume, store nothing")
    parse.add_argument("file", type=Path)
    parse.add_argument("--json", action="store_true", help="machine-readable output")
    parse.set_defaults(handler=run_parse)


def run_upload(args: argparse.Namespace) -> int:
    from myjob.cli import console
    from myjob.resumes.intake import upload_resume

    settings = get_settings()
    upload, new = upload_resume(args.file, args.user, settings, open_store(settings.resolved_store_url))
    state = "recorded, pending" if new else f"already uploaded ({upload.status})"
    console.print(f"{args.file.name}: upload {upload.upload_id[:12]} {state}")
    return 0


def run_parse(args: argparse.Namespace) -> int:
    from myjob.cli import console
    from myjob.resumes.reader import read_resume
    from myjob.skills import default_extractor

    settings = get_settings()
    if not args.file.is_file():
        raise UserError(f"no such file: {args.file}", hint="give the path of a PDF, DOCX or Markdown resume")
    extractor = default_extractor()
    try:
        text, result = read_resume(
            args.file.read_bytes(), Limits.from_settings(settings), extractor, settings.data_dir, date.today()
        )
    except Rejected as error:
        raise UserError(
            f"{args.file.name} would be rejected: {error}", hint="see `myjob parse --help`"
        ) from None
    if args.json:
        print(json.dumps({"file_type": text.file_type, **result.to_dict()}, indent=2, ensure_ascii=False))
        return 0
    basics = result.json_resume.get("basics", {})
    console.print(f"[bold]{args.file.name}[/] ({text.file_type}, {text.pages} page(s))")
    contact = (basics.get(key, "-") for key in ("name", "email", "phone"))
    console.print("name: {}   email: {}   phone: {}".format(*contact))
    console.print(
        f"location: {result.location or '-'}   title: {result.recent_title or '-'}   "
        f"seniority: {result.seniority or '-'}   years: {result.years_experience}"
    )
    for job in result.json_resume.get("work", []):
        console.print(
            f"  work: {job.get('position', '?')} @ {job.get('name', '?')} "
            f"({job.get('startDate', '?')} – {job.get('endDate', 'present')})"
        )
    for school in result.json_resume.get("education", []):
        degree = f"{school.get('studyType', '')} {school.get('area', '')}".strip()
        console.print(f"  education: {degree} @ {school.get('institution')}")
    console.print("skills: " + ", ".join(extractor.name_of(s) for s in result.skills))
    console.print("flags: " + (", ".join(result.flags) or "none"))
    return 0


def prepare_demo_uploads() -> None:
    """Upload the sample resumes shipped in data/samples/resumes (the demo step's ``prepare``)."""
    from myjob.cli import console
    from myjob.resumes.intake import upload_resume

    settings = get_settings()
    store = open_store(settings.resolved_store_url)
    for name, user in DEMO_USERS.items():
        path = settings.data_dir / "samples" / "resumes" / name
        upload, new = upload_resume(path, user, settings, store)
        console.print(f"uploaded {name} for {user}: {'pending' if new else upload.status}")


def print_resume_summary() -> None:
    """Uploads by status, rejections with reasons, and each demo user's profile."""
    from rich.table import Table

    from myjob.cli import console
    from myjob.store.resumes import ResumeRepository

    settings = get_settings()
    repo = ResumeRepository(open_store(settings.resolved_store_url))
    counts = repo.status_counts()
    console.print("resume uploads: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    from myjob.models import UploadStatus

    for upload in repo.uploads(UploadStatus.REJECTED):
        console.print(f"  rejected {upload.upload_id[:12]}: {upload.reason}")
    table = Table("user", "resumes", "active resume", "title", "seniority", "years", "skills")
    for user_id in sorted({u.user_id for u in repo.uploads(UploadStatus.PROCESSED)}):
        profile = repo.profile(user_id) or {}
        active = repo.resume(profile.get("active_resume_id") or "")
        facts = active.facts if active else None
        table.add_row(
            user_id,
            str(profile.get("resume_count", 0)),
            (profile.get("active_resume_id") or "-")[:12],
            (facts.recent_title if facts else None) or "-",
            (facts.seniority.value if facts and facts.seniority else "-"),
            str(facts.years_experience if facts else "-"),
            str(len(profile.get("skills", []))),
        )
    console.print(table)
