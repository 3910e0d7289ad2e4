"""What a licence is: its fields, the editions of each deployment kind and their limits (from the
JobFirst pricing: SaaS basic 100 users, professional 500, enterprise unlimited; private standard,
enterprise and custom, sold once, so they may be perpetual)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .armor import armor

PRODUCT = "jobfirst"
FORMAT = 1
UNLIMITED = "unlimited"
NEVER = "never"

KINDS = ("saas", "private", "hybrid")
PRIVATE_EDITIONS = ("standard", "enterprise", "custom")
EDITIONS = {"saas": ("basic", "professional", "enterprise"), "private": PRIVATE_EDITIONS,
            "hybrid": PRIVATE_EDITIONS}  # hybrid is a private deployment that uses JobFirst's AI service
SAAS_USERS = {"basic": 100, "professional": 500, "enterprise": None}
SUPPORT_LEVELS = ("basic", "professional", "dedicated")
FEATURES = ("hybrid-ai", "multi-node")
PERPETUAL_KINDS = ("private",)  # SaaS and the hybrid AI service are subscriptions


@dataclass(frozen=True)
class Licence:
    licence_id: str
    client_id: str
    client_name: str
    kind: str
    edition: str
    users: int | None          # None: unlimited
    issued: date
    valid_from: date
    expires: date | None       # None: perpetual
    support: str
    features: tuple = ()
    domain: str | None = None  # binding: the site's domain (may be *.example.com)
    max_servers: int | None = None
    product: str = PRODUCT
    # The verified envelope, kept so that exactly these bytes can be installed on the servers.
    body: bytes = field(default=b"", repr=False, compare=False)
    signature: bytes = field(default=b"", repr=False, compare=False)
    key_id: str | None = field(default=None, compare=False)

    @property
    def perpetual(self) -> bool:
        return self.expires is None

    def to_json(self) -> dict:
        return {"licence_id": self.licence_id, "product": self.product,
                "client": {"id": self.client_id, "name": self.client_name},
                "kind": self.kind, "edition": self.edition,
                "users": UNLIMITED if self.users is None else self.users,
                "issued": self.issued.isoformat(), "valid_from": self.valid_from.isoformat(),
                "expires": NEVER if self.expires is None else self.expires.isoformat(),
                "support": self.support, "features": list(self.features),
                "bindings": _drop_none({"domain": self.domain, "max_servers": self.max_servers}),
                "format": FORMAT}

    def armored(self) -> str:
        """The licence file's text, rebuilt from the verified bytes (what goes onto the servers)."""
        return armor(self.body, self.signature, self.key_id or "")


def _drop_none(mapping: dict) -> dict:
    return {k: v for k, v in mapping.items() if v is not None}
