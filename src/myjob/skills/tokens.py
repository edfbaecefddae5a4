"""The one tokenizer that both skill aliases and resume text go through.

Matching compares token sequences, so an alias and a text agree exactly when they tokenize alike.
Tokens keep the punctuation that belongs to technology names ("C++", "C#", ".NET", "Node.js",
"CI/CD", "R&D") and turn list punctuation and line ends into separator tokens, which the context
rules of ambiguous aliases ("Go", "R", "Spring") look at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word: an optional leading dot (".NET"), letters/digits joined by inner dots ("Node.js"),
# optionally ending in "++", "+" or "#" ("C++", "C#"). Then the punctuation we keep as tokens.
_TOKEN = re.compile(
    r"(?P<url>(?:https?://|www\.)\S+)"
    r"|(?P<word>(?<![^\W_])(?<!\.)\.?[^\W_]+(?:\.[^\W_]+)*(?:\+\+|\+|#)?)"
    r"|(?P<joiner>[/&])"
    r"|(?P<sep>[,;:|()\[\]{}•·●▪■◦\u2022\n])"
    r"|(?P<stop>[.!?])"
)

WORD, JOINER, SEPARATOR, STOP, URL = "word", "joiner", "sep", "stop", "url"


@dataclass(frozen=True, slots=True)
class Token:
    norm: str
    kind: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text``; ``norm`` is lower-case so that matching is case-insensitive by default."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or SEPARATOR
        tokens.append(Token(match.group().lower(), kind, match.start(), match.end()))
    return tokens


def phrase_key(text: str) -> tuple[str, ...]:
    """The token sequence an alias is matched by; empty when the alias has no word in it."""
    tokens = tokenize(text)
    if not any(t.kind == WORD for t in tokens):
        return ()
    return tuple(t.norm for t in tokens if t.kind in (WORD, JOINER))


def surface(text: str, tokens: list[Token] | None = None) -> str:
    """The original spelling of a token run (all of ``text`` by default), for case-sensitive comparison.

    Words are single-spaced and joiners attached ("CI/CD"), so layout differences do not count.
    """
    parts: list[str] = []
    for token in tokenize(text) if tokens is None else tokens:
        if token.kind not in (WORD, JOINER):
            continue
        glue = "" if not parts or token.kind == JOINER or parts[-1] in ("/", "&") else " "
        parts.append(glue + text[token.start : token.end])
    return "".join(parts)
