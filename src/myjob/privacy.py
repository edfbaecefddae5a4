"""Pseudonyms for personal identifiers that must leave the store (logs, analytics, the LLM).

A keyed HMAC-SHA256, not a plain hash: without the key (``Settings.pseudonym_key``) nobody can
confirm a guessed e-mail address by hashing it, and the full digest keeps collisions out of reach.
"""

from __future__ import annotations

import hashlib
import hmac


def pseudonym(value: str, key: str) -> str:
    """Hex HMAC-SHA256 of ``value`` under ``key``; the same pair always gives the same pseudonym."""
    if not key:
        raise ValueError("a pseudonym needs a non-empty key (Settings.pseudonym_key)")
    return hmac.new(key.encode("utf-8"), value.encode("utf-8"), hashlib.sha256).hexdigest()
