"""Who makes a call: the caller that a client's access key id stands for.

One rule decides it for every entry point (the in-process hook, and later the server mode's
SigV4 header):

- credentials minted by :meth:`Identities.mint` act as the principal they were minted for;
- an access key id of exactly 12 digits acts as that account's root user, LocalStack's
  convention, so tests written for it work unchanged;
- any other key (the placeholder keys, a test's fake keys) or none acts as the mock's account
  root, except inside a rotation function, where it acts as the function's execution role
  (:meth:`Identities.acting_as`), as a Lambda function's default credentials do.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from secretmock._ids import partition_of
from secretmock._policy.context import Caller
from secretmock.errors import SecretMockError

_ACCOUNT_KEY = re.compile(r"\d{12}")
_ROLE = re.compile(
    r"arn:(?P<partition>[\w-]+):iam::(?P<account>\d{12}):role/(?:.*/)?(?P<name>[^/]+)"
)
# AWS access key ids and unique ids are uppercase base32 after a four-letter prefix [DOC IAM
# "Unique identifiers": AKIA long-term keys, ASIA temporary ones, AIDA users, AROA roles].
_ID_LENGTH = 16
_UNIQUE_ID_LENGTH = 17
DEFAULT_SESSION_NAME = "secretmock"


@dataclass(frozen=True)
class Credentials(Mapping[str, str]):
    """Keys that act as one principal while a mock is active.

    A mapping of boto3's keyword arguments, so ``boto3.client("secretsmanager", **creds)`` and
    aiobotocore's ``session.create_client("secretsmanager", **creds)`` both take it; or
    :meth:`client` makes a boto3 client in the mock's Region.
    """

    arn: str  # who the caller is, as AccessDeniedException names it (a session for a role)
    access_key_id: str
    secret_access_key: str
    session_token: str | None
    region: str

    def _arguments(self) -> dict[str, str]:
        arguments = {
            "aws_access_key_id": self.access_key_id,
            "aws_secret_access_key": self.secret_access_key,
        }
        if self.session_token is not None:
            arguments["aws_session_token"] = self.session_token
        return arguments

    def __getitem__(self, key: str) -> str:
        return self._arguments()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._arguments())

    def __len__(self) -> int:
        return len(self._arguments())

    def client(self, service_name: str = "secretsmanager", **kwargs: Any) -> Any:
        """A boto3 client with these keys (``region_name`` defaults to the mock's Region)."""
        import boto3

        kwargs.setdefault("region_name", self.region)
        make_client: Any = boto3.client  # its stubs overload on literal service names
        return make_client(service_name, **self._arguments(), **kwargs)

    def __repr__(self) -> str:
        return f"<Credentials {self.arn} access_key_id={self.access_key_id!r}>"


class Identities:
    """The caller of each access key id, for one mock."""

    def __init__(self, account_id: str) -> None:
        self.account_id = account_id
        self._callers: dict[tuple[str | None, str], Caller] = {}
        # Minted keys outlive reset(), as registered rotation functions do: a test mints them
        # once and uses them for the mock's whole life.
        self._minted: dict[str, Caller] = {}
        self._secret_keys: dict[str, str] = {}  # of minted keys, for server mode's SigV4 checks
        self._acting = 0  # how many acting_as blocks are open, on any thread
        self._acting_lock = threading.Lock()
        self._local = threading.local()

    def caller(self, access_key_id: str | None, region: str) -> Caller:
        """The caller that ``access_key_id`` stands for in a client of ``region`` (whose
        partition an account root's ARN is in); cached, so a call pays a dict lookup."""
        if self._acting:
            acting: Caller | None = getattr(self._local, "caller", None)
            if acting is not None and self._is_default(access_key_id):
                return acting
        key = (access_key_id, region)
        found = self._callers.get(key)
        if found is None:
            found = self._callers[key] = self._find(access_key_id, partition_of(region))
        return found

    def _find(self, access_key_id: str | None, partition: str) -> Caller:
        if access_key_id is None:
            return root_of(self.account_id, partition)
        minted = self._minted.get(access_key_id)
        if minted is not None:
            return minted
        if _ACCOUNT_KEY.fullmatch(access_key_id):
            return root_of(access_key_id, partition)
        return root_of(self.account_id, partition)

    def _is_default(self, access_key_id: str | None) -> bool:
        return access_key_id is None or (
            access_key_id not in self._minted and not _ACCOUNT_KEY.fullmatch(access_key_id)
        )

    @contextmanager
    def acting_as(self, caller: Caller) -> Iterator[None]:
        """Default credentials act as ``caller`` on this thread while the block runs."""
        previous = getattr(self._local, "caller", None)
        self._local.caller = caller
        with self._acting_lock:
            self._acting += 1
        try:
            yield
        finally:
            with self._acting_lock:
                self._acting -= 1
            self._local.caller = previous

    def mint(self, principal: str, region: str, session_name: str | None = None) -> Credentials:
        """Credentials that act as ``principal``: an account id or root ARN, an IAM user ARN, a
        role ARN (acting as a session of the role), or an assumed-role or federated-user ARN.

        The same principal always gets the same keys.
        """
        caller, temporary = _principal(principal, session_name, partition_of(region))
        digest = hashlib.sha256(f"secretmock:{caller.arn}".encode()).digest()
        key = ("ASIA" if temporary else "AKIA") + _base32(digest[:10], _ID_LENGTH)
        secret = base64.b64encode(hashlib.sha256(digest + b"secret").digest())[:40].decode()
        token = (
            base64.b64encode(hashlib.sha512(digest + b"token").digest()).decode()
            if temporary
            else None
        )
        self._minted[key] = caller
        self._secret_keys[key] = secret
        self.forget(key)
        return Credentials(caller.arn, key, secret, token, region)

    def forget(self, access_key_id: str) -> None:
        """Drop what the cache says ``access_key_id`` stands for, in every Region."""
        for cached in [cached for cached in self._callers if cached[0] == access_key_id]:
            del self._callers[cached]

    def secret_key(self, access_key_id: str) -> str | None:
        """The secret access key of a minted access key id; None for any other key."""
        return self._secret_keys.get(access_key_id)

    def reset(self) -> None:
        self._callers.clear()


def root_of(account_id: str, partition: str) -> Caller:
    """The account's root user, as aws:PrincipalArn and AccessDeniedException name it."""
    return Caller.from_arn(f"arn:{partition}:iam::{account_id}:root")


def execution_role(partition: str, account_id: str, function_name: str) -> Caller:
    """The session a rotation function's default credentials stand for.

    Lambda runs a function with its execution role [DOC Lambda "execution role"], in a session
    named after the function [INF]; the role's name is the test's to choose in AWS, the mock
    names it ``<function>-role`` [INF].
    """
    role = f"arn:{partition}:iam::{account_id}:role/{function_name}-role"
    return _role_session(role, partition, account_id, f"{function_name}-role", function_name)


def _principal(principal: str, session_name: str | None, partition: str) -> tuple[Caller, bool]:
    """The caller ``principal`` names (an account id: its root in ``partition``), and whether
    its credentials are temporary."""
    if _ACCOUNT_KEY.fullmatch(principal):
        return root_of(principal, partition), False
    if role := _ROLE.fullmatch(principal):
        session = session_name or DEFAULT_SESSION_NAME
        caller = _role_session(principal, role["partition"], role["account"], role["name"], session)
        return caller, True
    try:
        caller = Caller.from_arn(principal)
    except ValueError:
        raise SecretMockError(
            f"cannot mint credentials for {principal!r}: give an account id, or the ARN of an "
            "account root, IAM user, IAM role, assumed-role session or federated user"
        ) from None
    if caller.type == "User":
        caller = dataclasses.replace(caller, userid=_unique_id("AIDA", caller.arn))
    elif caller.type == "AssumedRole":
        session = caller.arn.rsplit("/", 1)[1]
        role_arn = caller.principal_arn or caller.arn
        caller = dataclasses.replace(caller, userid=f"{_unique_id('AROA', role_arn)}:{session}")
    elif caller.type == "FederatedUser":
        name = caller.arn.rsplit("/", 1)[1]
        caller = dataclasses.replace(caller, userid=f"{caller.account}:{name}")
    return caller, caller.type != "Account" and caller.type != "User"


def _role_session(role_arn: str, partition: str, account: str, name: str, session: str) -> Caller:
    session_arn = f"arn:{partition}:sts::{account}:assumed-role/{name}/{session}"
    caller = Caller.from_arn(session_arn, role_arn=role_arn)
    # aws:userid of a role session is "role-id:session-name" [DOC IAM global condition keys].
    return dataclasses.replace(caller, userid=f"{_unique_id('AROA', role_arn)}:{session}")


def _unique_id(prefix: str, arn: str) -> str:
    return prefix + _base32(hashlib.sha256(arn.encode()).digest()[:11], _UNIQUE_ID_LENGTH)


def _base32(data: bytes, length: int) -> str:
    return base64.b32encode(data).decode()[:length]
