from __future__ import annotations

import hashlib

import pytest

from myjob.privacy import pseudonym


def test_pseudonym_is_stable_keyed_and_full_length() -> None:
    first = pseudonym("ada@example.com", "key-one")
    assert first == pseudonym("ada@example.com", "key-one")
    assert first != pseudonym("ada@example.com", "key-two")
    assert first != pseudonym("bob@example.com", "key-one")
    assert len(first) == 64
    assert int(first, 16) >= 0


def test_pseudonym_is_not_a_plain_hash() -> None:
    value = "ada@example.com"
    assert pseudonym(value, "k") != hashlib.sha256(value.encode()).hexdigest()
    assert value not in pseudonym(value, "k")


def test_pseudonym_refuses_an_empty_key() -> None:
    with pytest.raises(ValueError, match="key"):
        pseudonym("x", "")
