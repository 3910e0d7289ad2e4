"""The TLS values an admin gives, named for each front end (i18n.Input): `ssl check` flags, answer-file
keys, the wizard's certificate page fields."""
from __future__ import annotations

from ..i18n import Input

CERT = Input("the Certificate field", "“证书”字段", flag="--cert", key="tls.cert")
KEY = Input("the Private key field", "“私钥”字段", flag="--key", key="tls.key")
CHAIN = Input("the Intermediate certificates field", "“中间证书”字段", flag="--chain", key="tls.chain")
CA = Input("the Private CA field", "“私有 CA”字段", flag="--ca", key="tls.ca")
DOMAIN = Input("the Address users type field", "“用户访问的地址”字段", flag="--domain", key="tls.domain")
PASSWORD = Input("the Key or PFX password field", "“私钥或 PFX 密码”字段", flag="--password-env VAR",
                 key="tls.password: {env: VAR}")
