"""Licences for the licence tests, signed with the TEST vendor key (tests/keys/TEST-ONLY_*), which
the installer trusts only through JOBFIRST_DEV_TRUST in a development build. A plain module rather
than conftest, so that test files can import its helpers (as tests.unit.licence.licence_testkit)."""
from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from installer import trust
from installer.licence.armor import armor
from installer.licence.canonical import canonical_json
from installer.licence.description import with_defaults
from installer.licence.rules import read_licence_fields
from installer.licence.signing import load_private_key, sign

KEYS = Path(__file__).resolve().parents[2] / "keys"
TEST_PRIVATE = KEYS / "TEST-ONLY_vendor_signing_key.pem"
TEST_PUBLIC = KEYS / "TEST-ONLY_vendor_public_key.pem"
ISSUED = date(2026, 1, 1)

DESCRIPTION = {"licence_id": "JF-TEST-0001", "client": {"id": "client001", "name": "北京示例科技有限公司"},
               "kind": "private", "edition": "enterprise", "users": 500, "issued": "2026-01-01",
               "expires": "2027-12-31", "support": "professional", "features": ["multi-node"],
               "bindings": {"domain": "jobs.client.example.com", "max_servers": 3}}


def description(**changes) -> dict:
    """The standard test description with top-level keys replaced (None removes a key)."""
    data = copy.deepcopy(DESCRIPTION)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def vendor_licence(**changes):
    """A Licence exactly as the vendor tool would make it from the description (it must be valid)."""
    data = description(**changes)
    with_defaults(data, ISSUED)
    licence, problems = read_licence_fields(data)
    assert licence is not None, [str(p) for p in problems]
    return licence


def signed_text(key: Ed25519PrivateKey | None = None, **changes) -> str:
    return sign(vendor_licence(**changes), key or load_private_key(str(TEST_PRIVATE)))


def signed_body(body: dict | bytes, key: Ed25519PrivateKey | None = None) -> str:
    """Any body at all (a mapping, or raw bytes), signed as-is: for licences the vendor tool would refuse."""
    key = key or load_private_key(str(TEST_PRIVATE))
    raw = body if isinstance(body, bytes) else canonical_json(body)
    return armor(raw, key.sign(raw), trust.key_id(key.public_key()))
