"""Checks on an upload's bytes before any parser sees them.

The type comes from the bytes (magic numbers), never from the file name. Everything a hostile
file could use to make a parser costly is refused here when it can be seen without parsing
(size, zip layout, DTDs); what needs parsing (encryption, page count, text layer) is checked by
the extractors inside the limited child process.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from enum import StrEnum

from myjob.config import Settings


class FileType(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    MARKDOWN = "markdown"


class Rejected(Exception):
    """An upload that will not be processed; the message is the reason shown to people."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 5 * 1024 * 1024
    max_pages: int = 10
    docx_max_members: int = 300
    docx_max_unzipped_bytes: int = 40 * 1024 * 1024
    docx_max_ratio: float = 100.0
    memory_mb: int = 512
    cpu_s: int = 10

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_bytes=settings.resume_max_bytes,
            max_pages=settings.resume_max_pages,
            docx_max_members=settings.resume_docx_max_members,
            docx_max_unzipped_bytes=settings.resume_docx_max_unzipped_bytes,
            docx_max_ratio=settings.resume_docx_max_ratio,
            memory_mb=settings.resume_parse_memory_mb,
            cpu_s=settings.resume_parse_cpu_s,
        )


_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_XML_SCAN_BYTES = 4096  # a DOCTYPE must come before the root element, so the head is enough
_BINARY = re.compile(rb"[\x00-\x08\x0e-\x1f]")


def detect_type(data: bytes) -> FileType:
    """The file's type from its first bytes; ``Rejected`` when it is none we read."""
    if data.startswith(b"%PDF-"):
        return FileType.PDF
    if data.startswith(b"PK\x03\x04"):
        return FileType.DOCX
    if data.startswith((b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")):
        raise Rejected("an executable or script, not a resume")
    head = data[:8192]
    if _BINARY.search(head):
        raise Rejected("unknown file type (binary data); upload a PDF, DOCX or Markdown file")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # a cut multi-byte character at the end is fine
            raise Rejected("text that is not UTF-8; save it as UTF-8 Markdown") from None
    return FileType.MARKDOWN


def check_docx(data: bytes, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise Rejected("a damaged zip file, not a DOCX document") from None
    with archive:
        members = archive.infolist()
        if len(members) > limits.docx_max_members:
            raise Rejected(f"DOCX holds {len(members)} files inside (limit {limits.docx_max_members})")
        names = {m.filename for m in members}
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            raise Rejected("a zip file that is not a Word document (no word/document.xml)")
        unzipped = sum(m.file_size for m in members)
        if unzipped > limits.docx_max_unzipped_bytes:
            raise Rejected(f"DOCX unpacks to {unzipped:,} bytes (limit {limits.docx_max_unzipped_bytes:,})")
        for member in members:
            if member.compress_size and member.file_size / member.compress_size > limits.docx_max_ratio:
                ratio = member.file_size / member.compress_size
                raise Rejected(
                    f"DOCX member {member.filename} is compressed {ratio:.0f} times"
                    f" (limit {limits.docx_max_ratio:.0f}): a zip bomb"
                )
            if member.filename.endswith((".xml", ".rels")):
                with archive.open(member) as stream:
                    if _DTD.search(stream.read(_XML_SCAN_BYTES)):
                        raise Rejected(f"DOCX member {member.filename} declares a DTD or entities")


def check_markdown(data: bytes) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise Rejected("text that is not UTF-8; save it as UTF-8 Markdown") from None
    if re.search(rb"<\s*script", data, re.IGNORECASE):
        raise Rejected("Markdown contains a <script> tag")


def validate(data: bytes, limits: Limits) -> FileType:
    """The type of an acceptable upload; ``Rejected`` with the reason otherwise."""
    if not data:
        raise Rejected("empty file")
    if len(data) > limits.max_bytes:
        raise Rejected(f"file is {len(data):,} bytes, over the limit of {limits.max_bytes:,}")
    kind = detect_type(data)
    if kind is FileType.DOCX:
        check_docx(data, limits)
    elif kind is FileType.MARKDOWN:
        check_markdown(data)
    return kind
