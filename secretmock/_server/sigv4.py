"""Who signed a request: the access key id and Region of its SigV4 Authorization header, and,
when asked, whether the signature is right.

botocore, the AWS CLI and every AWS SDK sign with ``AWS4-HMAC-SHA256 Credential=KEY/DATE/
REGION/SERVICE/aws4_request, SignedHeaders=..., Signature=...`` [DOC: Signature Version 4].
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable, Mapping
from typing import NamedTuple
from urllib.parse import parse_qsl, quote

_AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256\s+Credential=(?P<key>[^/,\s]+)/(?P<date>\d{8})/(?P<region>[^/]+)/"
    r"(?P<service>[^/]+)/aws4_request,\s*SignedHeaders=(?P<headers>[^,\s]+),\s*"
    r"Signature=(?P<signature>[0-9a-f]{64})"
)
_SPACES = re.compile(r"\s+")

#: A secret access key for an access key id, or None when the server knows none.
SecretKeys = Callable[[str], "str | None"]


class Signature(NamedTuple):
    """The parts of one SigV4 Authorization header (a tuple: made for every request)."""

    access_key_id: str
    date: str
    region: str
    service: str
    signed_headers: tuple[str, ...]
    signature: str

    @property
    def scope(self) -> str:
        return f"{self.date}/{self.region}/{self.service}/aws4_request"


def read_authorization(header: str | None) -> Signature | None:
    """The signature of an Authorization header; None when there is none or it is no SigV4."""
    found = _AUTHORIZATION.match(header or "")
    if found is None:
        return None
    key, date, region, service, headers, signature = found.groups()
    return Signature(key, date, region, service, tuple(headers.split(";")), signature)


def is_valid(
    signature: Signature,
    secret_key: str,
    method: str,
    path: str,
    query: str,
    headers: Mapping[str, str],
    body: bytes,
) -> bool:
    """Whether ``signature`` is the one ``secret_key`` makes of this request.

    ``headers`` are looked up by lower-case name. The request time (``X-Amz-Date``) is not
    compared with the clock: a test server has no reason to refuse a skewed client.
    """
    canonical_headers = "".join(
        f"{name}:{_SPACES.sub(' ', headers.get(name, '').strip())}\n"
        for name in signature.signed_headers
    )
    payload_hash = headers.get("x-amz-content-sha256") or hashlib.sha256(body).hexdigest()
    canonical_request = "\n".join(
        [
            method,
            quote(path or "/", safe="/~"),
            _canonical_query(query),
            canonical_headers,
            ";".join(signature.signed_headers),
            payload_hash,
        ]
    )
    string_to_sign = "\n".join(
        [
            "AWS4-HMAC-SHA256",
            headers.get("x-amz-date", ""),
            signature.scope,
            hashlib.sha256(canonical_request.encode()).hexdigest(),
        ]
    )
    key = f"AWS4{secret_key}".encode()
    for part in (signature.date, signature.region, signature.service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    expected = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature.signature)


def _canonical_query(query: str) -> str:
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    return "&".join(
        f"{quote(name, safe='-_.~')}={quote(value, safe='-_.~')}" for name, value in pairs
    )
