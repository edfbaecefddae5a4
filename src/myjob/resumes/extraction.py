"""Text out of PDF, DOCX and Markdown bytes, one line per visual line, with what looked suspicious.

These functions run inside the limited child process (``sandbox.run_limited``). Each returns
``Extracted``: the lines in reading order, the lines that are section headings when the format
says so (Markdown), and flags such as ``hidden_text``. Choices: pypdfium2 for PDF (3-5x faster
than pypdf with the same text and column order, see benchmarks/resumes.py), python-docx for DOCX,
markdown-it-py for Markdown with every HTML token dropped.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from myjob.resumes.validation import FileType, Limits, Rejected

_MIN_TEXT_CHARS = 40  # less than this on every page: a scan or a picture, not a text resume


@dataclass
class Extracted:
    lines: list[str]
    headings: set[int] = field(default_factory=set)
    flags: set[str] = field(default_factory=set)
    pages: int = 1


# --- PDF ------------------------------------------------------------------------------------------


def _hidden_text_objects(page: object) -> bool:
    """Whether the page draws text that nobody sees: invisible render mode, white fill, or a tiny font."""
    from ctypes import c_float, c_uint

    import pypdfium2.raw as pdfium_c

    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=2):  # type: ignore[attr-defined]
        if pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE:
            return True
        size = c_float()
        if pdfium_c.FPDFTextObj_GetFontSize(obj.raw, size) and 0 < size.value < 2:
            return True
        r, g, b, a = c_uint(), c_uint(), c_uint(), c_uint()
        if pdfium_c.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a) and min(r.value, g.value, b.value) >= 250:
            return True
    return False


def extract_pdf(data: bytes, limits: Limits) -> Extracted:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise Rejected("encrypted PDF (password protected)") from None
        raise Rejected(f"damaged PDF ({error})") from None
    try:
        if len(document) > limits.max_pages:
            raise Rejected(f"PDF has {len(document)} pages (limit {limits.max_pages})")
        lines: list[str] = []
        flags: set[str] = set()
        for index in range(len(document)):
            page = document[index]
            text = page.get_textpage().get_text_bounded()
            lines.extend(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
            if _hidden_text_objects(page):
                flags.add("hidden_text")
        if sum(len(line.strip()) for line in lines) < _MIN_TEXT_CHARS:
            raise Rejected("scanned document, no text layer")
        return Extracted(lines, flags=flags, pages=len(document))
    finally:
        document.close()


# --- DOCX -----------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _in_text_box(node: Any, paragraph: Any) -> bool:
    for ancestor in node.iterancestors():
        if ancestor is paragraph:
            return False
        if ancestor.tag == f"{_W}txbxContent":
            return True
    return False


def _paragraph_text(element: Any) -> str:
    """Text of one w:p, without the text boxes anchored in it (those are read on their own)."""
    parts = []
    for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
        if _in_text_box(node, element):
            continue
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        else:
            parts.append("\t" if node.tag == f"{_W}tab" else "\n")
    return "".join(parts)


def _block_lines(container: object) -> list[str]:
    """Lines of paragraphs and tables in document order (tables row by row, cells joined by " | ")."""
    lines: list[str] = []
    for child in container.iterchildren():  # type: ignore[attr-defined]
        if child.tag == f"{_W}p":
            lines.extend(_paragraph_text(child).split("\n"))
        elif child.tag == f"{_W}tbl":
            for row in child.iterchildren(f"{_W}tr"):
                cells = [" ".join(_block_lines(cell)).strip() for cell in row.iterchildren(f"{_W}tc")]
                lines.append(" | ".join(c for c in cells if c))
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                lines.extend(_block_lines(content))
    return lines


def extract_docx(data: bytes, limits: Limits) -> Extracted:
    import docx

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    seen_parts: set[int] = set()

    def stories(kinds: tuple[str, ...]) -> None:
        for section in document.sections:
            for kind in kinds:
                part: Any = getattr(section, kind)
                if not part.is_linked_to_previous and id(part.part) not in seen_parts:
                    seen_parts.add(id(part.part))
                    lines.extend(_block_lines(part._element))

    stories(("header", "first_page_header"))  # first: where names and contacts often live
    body = document.element.body
    lines.extend(_block_lines(body))
    for box in body.iter(f"{_W}txbxContent"):
        if any(a.tag.endswith("}Fallback") for a in box.iterancestors()):
            continue  # the same box again, in the legacy VML form
        lines.extend(_block_lines(box))
    stories(("footer", "first_page_footer"))
    flags = {"hidden_text"} if body.xpath(".//w:rPr/w:vanish") else set()
    return Extracted(lines, flags=flags)


# --- Markdown -------------------------------------------------------------------------------------

_MD_MARKUP = re.compile(r"(\*\*|__|`)")


def extract_markdown(data: bytes, limits: Limits) -> Extracted:
    from markdown_it import MarkdownIt

    text = data.decode("utf-8")
    # html=True so that HTML is recognized as HTML tokens and dropped, never passed on as text
    tokens = MarkdownIt("commonmark", {"html": True}).parse(text)
    lines: list[str] = []
    headings: set[int] = set()
    flags: set[str] = set()
    in_heading = False
    prefix = ""
    for token in tokens:
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "list_item_open":
            prefix = "• "
        elif token.type in ("html_block", "html_inline"):
            flags.add("html_removed")
        elif token.type in ("inline", "fence", "code_block"):
            children = token.children or []
            if token.type != "inline":
                content = token.content
            else:
                content = "".join(
                    "\n" if child.type in ("softbreak", "hardbreak") else child.content
                    for child in children
                    if child.type not in ("html_inline",)
                )
                if any(child.type == "html_inline" for child in children):
                    flags.add("html_removed")
            for number, line in enumerate(content.split("\n")):
                if in_heading:
                    headings.add(len(lines))
                lines.append((prefix if number == 0 else "") + _MD_MARKUP.sub("", line))
            prefix = ""
    return Extracted(lines, headings=headings, flags=flags)


def extract(kind: FileType, data: bytes, limits: Limits) -> Extracted:
    reader = {FileType.PDF: extract_pdf, FileType.DOCX: extract_docx, FileType.MARKDOWN: extract_markdown}[
        kind
    ]
    return reader(data, limits)
