"""How fast secretmock answers, next to botocore's floor, botocore's Stubber and moto, in one run.

Run it with ``python benchmarks/bench.py`` (``--quick`` for a short run, ``--help`` for the
rest). A report, not a test: the figures depend on the machine; the targets are checked and
printed, never asserted.

Every contender answers the same calls, made through the same boto3 client setup (one
``boto3.session.Session().client("secretsmanager", region_name="us-east-1")``, default config):

floor
    a ``before-call`` hook on the client that answers with the exact JSON bytes AWS sends for the
    call, parsed by botocore's own JSON parser with the operation's output shape. The least any
    mock that hands back AWS's wire form through botocore can cost.
Stubber
    ``botocore.stub.Stubber`` answering with the parsed form of that same wire answer. Queueing
    it (``add_response``, which validates the response against the model) happens between the
    timed calls and is reported on its own, so the Stubber figure is the call alone.
moto
    ``moto.mock_aws``; it signs and sends the request into its own server-side code, so its
    client needs credentials: fake ones are put in the environment for moto's run only.
secretmock
    ``secretmock.mock_secrets``; the client has no credentials at all.

The canned wire answer is made from secretmock's own reply to the same call (turned back into
AWS's JSON), and botocore's parse of it is checked equal to that reply, so floor, Stubber and
secretmock hand back the same members. Each contender runs in rounds that take turns, so a
machine that slows down mid-run slows all of them; each call is timed on its own with
``time.perf_counter_ns`` after a warm-up, with garbage collected before each timed batch; the
collector runs during the calls (``--pause-gc`` pauses it, as ``timeit`` does). The load average
is printed at the start and at the end: on a shared machine, the figures are only as good as
the quiet they were measured in.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import copy
import gc
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import formatdate
from importlib import metadata
from typing import Any

import boto3
import botocore
import botocore.parsers
from botocore.awsrequest import AWSResponse, HeadersDict
from botocore.client import BaseClient
from botocore.exceptions import ClientError
from botocore.model import OperationModel, Shape, StructureShape
from botocore.stub import Stubber

import secretmock
from secretmock._operations import OPERATIONS

REGION = "us-east-1"
VALUE = json.dumps({"username": "app", "password": "pw-" + "x" * 29, "host": "db.internal"})
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
}
CONTENDERS = ("floor", "Stubber", "moto", "secretmock")
NS_PER_US = 1000


# -- statistics --------------------------------------------------------------------------------


@dataclass
class Samples:
    """Per-call times of one contender on one workload, in nanoseconds."""

    values: list[int] = field(default_factory=list)
    error: str | None = None

    @property
    def median_us(self) -> float:
        return statistics.median(self.values) / NS_PER_US

    @property
    def p90_us(self) -> float:
        if len(self.values) < 2:
            return self.median_us
        return statistics.quantiles(self.values, n=10, method="inclusive")[8] / NS_PER_US

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.values)


# Whether the collector is paused while timing. By default it is not: collecting garbage is part
# of what a call costs, and medians are not moved by the odd full collection. Garbage left by
# setup is collected before each timed batch either way.
PAUSE_GC = False


@contextlib.contextmanager
def gc_handled(collect: bool) -> Iterator[None]:
    if collect:
        gc.collect()
    was_enabled = gc.isenabled()
    if PAUSE_GC:
        gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def time_calls(
    call: Callable[..., Any],
    kwargs_list: Sequence[Mapping[str, Any]],
    between: Callable[[], None] | None = None,
    collect: bool = True,
) -> list[int]:
    """Time each call on its own; ``between`` runs untimed before each one."""
    samples: list[int] = []
    clock = time.perf_counter_ns
    with gc_handled(collect):
        for kwargs in kwargs_list:
            if between is not None:
                between()
            start = clock()
            call(**kwargs)
            samples.append(clock() - start)
    return samples


_STARTED = time.monotonic()


def progress(message: str) -> None:
    print(f"  [{time.monotonic() - _STARTED:6.1f} s] {message}", flush=True)


# -- workloads ---------------------------------------------------------------------------------


@dataclass
class Workload:
    """One kind of call: the state it needs (made through the client) and its arguments.

    Call numbers start at 0 in every contender's first round and go on from round to round;
    every round makes an even number of calls, so a workload that alternates between two calls
    (UpdateSecretVersionStage) starts each round, from a fresh setup, with the first of them.
    """

    operation: str  # the API name
    method: str  # the client method
    setup: Callable[[Any], None]
    arguments: Callable[[int], dict[str, Any]]  # call number -> keyword arguments
    note: str = ""
    most_per_round: int = sys.maxsize  # calls one round may make without exceeding AWS limits
    fails: bool = False  # every call gets an AWS error (the client raises ClientError)

    @property
    def name(self) -> str:
        return f"{self.operation} (error)" if self.fails else self.operation

    def kwargs(self, first: int, count: int) -> list[dict[str, Any]]:
        return [self.arguments(number) for number in range(first, first + count)]

    def caller(self, client: Any) -> Callable[..., Any]:
        """The client method; for a failing workload, one that expects and swallows the error."""
        method = getattr(client, self.method)
        if not self.fails:
            return method  # type: ignore[no-any-return]

        def expecting_error(**kwargs: Any) -> None:
            try:
                method(**kwargs)
            except ClientError:
                return
            raise AssertionError(f"{self.operation} did not fail")

        return expecting_error


def _create(client: Any, name: str, **extra: Any) -> None:
    client.create_secret(Name=name, SecretString=VALUE, **extra)


def _pooled_value_writes(n: int, member: str) -> dict[str, Any]:
    return {member: PUT_POOL[n % len(PUT_POOL)], "SecretString": VALUE}


def _setup_nothing(client: Any) -> None:
    pass


def _setup_get(client: Any) -> None:
    _create(client, "bench/get")


# AWS refuses a 101st version of a secret within 24 hours (LimitExceededException), so the puts
# take turns over a pool of secrets.
PUT_POOL = [f"bench/put/{number:02d}" for number in range(50)]
PUTS_PER_ROUND = len(PUT_POOL) * 95


def _setup_put(client: Any) -> None:
    for name in PUT_POOL:
        _create(client, name)


def _setup_describe(client: Any) -> None:
    _create(
        client,
        "bench/describe",
        Description="the database password of the benchmark app",
        Tags=[{"Key": "team", "Value": "payments"}, {"Key": "env", "Value": "test"}],
    )
    client.get_secret_value(SecretId="bench/describe")  # so LastAccessedDate is there too


def _setup_tag(client: Any) -> None:
    _create(client, "bench/tag", Tags=[{"Key": "team", "Value": "payments"}])


# Two versions; the label "bench" goes back and forth between them, starting on STAGE_FIRST.
STAGE_FIRST = "11111111-2222-4333-8444-555555555555"
STAGE_SECOND = "66666666-7777-4888-9999-aaaaaaaaaaaa"


def _setup_stage(client: Any) -> None:
    _create(client, "bench/stage", ClientRequestToken=STAGE_FIRST)
    client.put_secret_value(
        SecretId="bench/stage",
        SecretString=VALUE,
        ClientRequestToken=STAGE_SECOND,
        VersionStages=["other"],
    )
    client.update_secret_version_stage(
        SecretId="bench/stage", VersionStage="bench", MoveToVersionId=STAGE_FIRST
    )


def _stage_move(n: int) -> dict[str, Any]:
    there, back = (STAGE_FIRST, STAGE_SECOND) if n % 2 else (STAGE_SECOND, STAGE_FIRST)
    return {
        "SecretId": "bench/stage",
        "VersionStage": "bench",
        "MoveToVersionId": there,
        "RemoveFromVersionId": back,
    }


def _setup_versions(client: Any) -> None:
    _create(client, "bench/versions")
    for number in range(49):
        client.put_secret_value(SecretId="bench/versions", SecretString=f"{VALUE}-{number}")
    client.get_secret_value(SecretId="bench/versions")


BATCH_IDS = [f"bench/batch/{number:02d}" for number in range(20)]


def _setup_batch(client: Any) -> None:
    for name in BATCH_IDS:
        _create(client, name)


def workloads() -> list[Workload]:
    return [
        Workload(
            "GetSecretValue", "get_secret_value", _setup_get, lambda _: {"SecretId": "bench/get"}
        ),
        Workload(
            "CreateSecret",
            "create_secret",
            _setup_nothing,
            lambda n: {"Name": f"bench/create/{n}", "SecretString": VALUE},
            "a new name each call",
        ),
        Workload(
            "PutSecretValue",
            "put_secret_value",
            _setup_put,
            lambda n: _pooled_value_writes(n, "SecretId"),
            f"a new version each call, over {len(PUT_POOL)} secrets",
            PUTS_PER_ROUND,
        ),
        Workload(
            "UpdateSecret",
            "update_secret",
            _setup_put,
            lambda n: _pooled_value_writes(n, "SecretId"),
            f"a new value each call, over {len(PUT_POOL)} secrets",
            PUTS_PER_ROUND,
        ),
        Workload(
            "DescribeSecret",
            "describe_secret",
            _setup_describe,
            lambda _: {"SecretId": "bench/describe"},
            "description, 2 tags, 3 timestamps",
        ),
        Workload(
            "ListSecretVersionIds",
            "list_secret_version_ids",
            _setup_versions,
            lambda _: {"SecretId": "bench/versions", "IncludeDeprecated": True},
            "50 versions",
        ),
        Workload(
            "BatchGetSecretValue",
            "batch_get_secret_value",
            _setup_batch,
            lambda _: {"SecretIdList": BATCH_IDS},
            "20 ids",
        ),
        Workload(
            "TagResource",
            "tag_resource",
            _setup_tag,
            lambda _: {"SecretId": "bench/tag", "Tags": [{"Key": "env", "Value": "test"}]},
            "the same tag again each call",
        ),
        Workload(
            "UpdateSecretVersionStage",
            "update_secret_version_stage",
            _setup_stage,
            _stage_move,
            "a label moved between two versions",
        ),
        Workload(
            "GetRandomPassword",
            "get_random_password",
            _setup_nothing,
            lambda _: {},
            "32 characters, the default",
        ),
        Workload(
            "GetSecretValue",
            "get_secret_value",
            _setup_nothing,
            lambda _: {"SecretId": "bench/missing"},
            "ResourceNotFoundException",
            fails=True,
        ),
    ]


# -- the canned wire answer ----------------------------------------------------------------------


def to_wire(value: Any, shape: Shape) -> Any:
    """The JSON value AWS sends for the parsed ``value`` of ``shape``."""
    if shape.type_name == "structure":
        assert isinstance(shape, StructureShape)
        return {
            shape.members[name].serialization.get("name", name): to_wire(item, shape.members[name])
            for name, item in value.items()
            if name != "ResponseMetadata"
        }
    if shape.type_name == "list":
        return [to_wire(item, shape.member) for item in value]  # type: ignore[attr-defined]
    if shape.type_name == "map":
        return {key: to_wire(item, shape.value) for key, item in value.items()}  # type: ignore[attr-defined]
    if shape.type_name == "timestamp":
        return value.timestamp()
    if shape.type_name == "blob":
        return base64.b64encode(value).decode()
    return value


@dataclass
class Canned:
    """AWS's answer to one call: status, wire bytes and headers, and botocore's parse of them.

    For an error, ``error_shape`` is the error's modeled shape, whose members botocore's endpoint
    parses a second time into the top level of the reply.
    """

    model: OperationModel
    output_shape: StructureShape | None  # None for an operation that answers no members
    status: int
    body: bytes
    headers: dict[str, str]
    parsed: dict[str, Any]
    error_shape: Shape | None = None

    def parse(self, parser: Any, headers: HeadersDict) -> dict[str, Any]:
        """What botocore makes of the wire answer, as its endpoint does."""
        response = {"status_code": self.status, "headers": headers, "body": self.body}
        parsed: dict[str, Any] = parser.parse(response, self.output_shape)
        if self.error_shape is not None:
            parsed.update(parser.parse(response, self.error_shape))
        parsed["ResponseMetadata"]["RetryAttempts"] = 0
        return parsed


def canned_answer(client: BaseClient, workload: Workload, reply: dict[str, Any]) -> Canned:
    model = client.meta.service_model.operation_model(workload.operation)
    error_shape: Shape | None = None
    if workload.fails:
        code = reply["Error"]["Code"]
        status = reply["ResponseMetadata"]["HTTPStatusCode"]
        wire = {"__type": code, "Message": reply["Error"]["Message"]}
        error_shape = client.meta.service_model.shape_for_error_code(code)
    else:
        status = 200
        wire = {} if model.output_shape is None else to_wire(reply, model.output_shape)
    body = json.dumps(wire, separators=(",", ":")).encode()
    headers = {
        "x-amzn-requestid": "6c3f2a51-5f1e-4c4b-9a43-3f0d2f1c9b7e",
        "content-type": "application/x-amz-json-1.1",
        "content-length": str(len(body)),
        "date": formatdate(time.time(), usegmt=True),
    }
    canned = Canned(model, model.output_shape, status, body, headers, {}, error_shape)
    canned.parsed = canned.parse(botocore.parsers.create_parser("json"), HeadersDict(headers))
    # The same members as secretmock's reply, or the comparison would not be fair.
    mine = {key: item for key, item in reply.items() if key != "ResponseMetadata"}
    theirs = {key: item for key, item in canned.parsed.items() if key != "ResponseMetadata"}
    if mine != theirs:
        raise AssertionError(f"{workload.name}: parse of the wire form differs: {theirs}")
    return canned


# -- contenders ----------------------------------------------------------------------------------


@dataclass
class Settings:
    rounds: int
    warmup: int  # untimed calls at the start of every round
    max_calls: int  # per contender and workload, over all rounds
    budget: float  # seconds per contender and workload, over all rounds
    min_calls: int = 10  # per round


def floor_handler(canned: Canned) -> Callable[..., tuple[AWSResponse, dict[str, Any]]]:
    parser = botocore.parsers.create_parser("json")  # a client also makes its parser once
    headers = canned.headers
    status = canned.status

    def answer(**_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        response_headers = HeadersDict(headers)
        parsed = canned.parse(parser, response_headers)
        return AWSResponse(None, status, response_headers, None), parsed  # type: ignore[arg-type]

    return answer


@contextlib.contextmanager
def fake_credentials() -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in FAKE_CREDENTIALS}
    os.environ.update(FAKE_CREDENTIALS)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


@contextlib.contextmanager
def stand_ins(replacements: Sequence[tuple[object, str, object]]) -> Iterator[None]:
    """Each ``(owner, attribute, stand_in)`` in place for the block, the originals back after it.

    For the scripts that measure what a part of secretmock costs by taking it out. An attribute
    the owner only had from its class (a method of an instance) is deleted again, not set.
    """
    originals = [
        (owner, attribute, vars(owner).get(attribute, _FROM_CLASS))
        for owner, attribute, _ in replacements
    ]
    for owner, attribute, stand_in in replacements:
        setattr(owner, attribute, stand_in)
    try:
        yield
    finally:
        for owner, attribute, original in reversed(originals):
            if original is _FROM_CLASS:
                delattr(owner, attribute)
            else:
                setattr(owner, attribute, original)


_FROM_CLASS = object()


def make_client() -> Any:
    """The one client setup every contender uses."""
    return boto3.session.Session().client("secretsmanager", region_name=REGION)


Between = Callable[[], None] | None


class Contender:
    """One way of answering; ``active`` puts it in place for one round of one workload."""

    name = ""

    def __init__(self) -> None:
        self.queue_ns: dict[str, list[int]] = {}  # untimed per-call preparation, reported apart

    def active(
        self, workload: Workload, canned: Canned
    ) -> contextlib.AbstractContextManager[tuple[Any, Between]]:
        raise NotImplementedError


class Floor(Contender):
    name = "floor"

    def __init__(self, client: Any) -> None:
        super().__init__()
        self.client = client

    @contextlib.contextmanager
    def active(self, workload: Workload, canned: Canned) -> Iterator[tuple[Any, Between]]:
        event = f"before-call.secrets-manager.{canned.model.name}"
        events = self.client.meta.events
        events.register(event, floor_handler(canned), unique_id="bench-floor")
        try:
            yield self.client, None
        finally:
            events.unregister(event, unique_id="bench-floor")


class StubberContender(Contender):
    name = "Stubber"

    def __init__(self, client: Any) -> None:
        super().__init__()
        self.client = client

    @contextlib.contextmanager
    def active(self, workload: Workload, canned: Canned) -> Iterator[tuple[Any, Between]]:
        stubber = Stubber(self.client)
        queue_ns = self.queue_ns.setdefault(workload.name, [])
        error = canned.parsed.get("Error")

        def queue_one() -> None:
            # A fresh copy each time, as a test queues a new dict per expected call.
            answer = copy.deepcopy(canned.parsed)
            start = time.perf_counter_ns()
            if error is None:
                stubber.add_response(workload.method, answer)
            else:
                stubber.add_client_error(
                    workload.method,
                    service_error_code=error["Code"],
                    service_message=error["Message"],
                    http_status_code=canned.status,
                    modeled_fields={"Message": error["Message"]},
                )
            queue_ns.append(time.perf_counter_ns() - start)

        with stubber:
            yield self.client, queue_one


class Moto(Contender):
    name = "moto"

    def __init__(self, mock_aws: Any) -> None:
        super().__init__()
        self.mock_aws = mock_aws
        with fake_credentials():
            self.client = make_client()

    @contextlib.contextmanager
    def active(self, workload: Workload, canned: Canned) -> Iterator[tuple[Any, Between]]:
        with fake_credentials(), self.mock_aws():
            workload.setup(self.client)
            yield self.client, None


class SecretMock(Contender):
    name = "secretmock"

    def __init__(self, client: Any) -> None:
        super().__init__()
        self.client = client

    @contextlib.contextmanager
    def active(self, workload: Workload, canned: Canned) -> Iterator[tuple[Any, Between]]:
        with secretmock.mock_secrets():
            workload.setup(self.client)
            yield self.client, None


class Cell:
    """The samples of one contender on one workload, gathered round by round."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.samples = Samples()
        self.calls_made = 0  # numbers the calls, so CreateSecret names never repeat

    def run_round(self, client: Any, workload: Workload, between: Between) -> None:
        """Warm up, then time as many calls as this round's share of the budget allows."""
        settings = self.settings
        call = workload.caller(client)
        warmup_count = _even(settings.warmup)
        warmup = time_calls(call, self._next(warmup_count, workload), between, collect=False)
        estimate = max(statistics.median(warmup), 1) / 1e9
        count = int(settings.budget / settings.rounds / estimate)
        count = max(settings.min_calls, min(count, settings.max_calls // settings.rounds))
        count = min(count, workload.most_per_round - warmup_count)
        count -= count % 2  # even, rounded down (see Workload)
        self.samples.values += time_calls(call, self._next(count, workload), between)

    def _next(self, count: int, workload: Workload) -> list[dict[str, Any]]:
        first = self.calls_made
        self.calls_made += count
        return workload.kwargs(first, count)


def _even(count: int) -> int:
    """``count`` rounded up to an even number (see :class:`Workload`)."""
    return count + count % 2


# -- the run -------------------------------------------------------------------------------------


@dataclass
class Row:
    workload: Workload
    cells: dict[str, Samples] = field(default_factory=dict)
    queue_us: float | None = None  # Stubber.add_response, per call
    skipped: str | None = None


def implemented(operation: str) -> bool:
    return operation in OPERATIONS


def run_workload(
    workload: Workload, contenders: list[Contender], client: Any, settings: Settings
) -> Row:
    row = Row(workload)
    if not implemented(workload.operation):
        row.skipped = "not implemented yet"
        progress(f"{workload.name}: not implemented yet in secretmock")
        return row
    progress(workload.name)
    with secretmock.mock_secrets():
        workload.setup(client)
        try:
            reply = getattr(client, workload.method)(**workload.arguments(0))
        except ClientError as error:
            if not workload.fails:
                raise
            reply = error.response
    canned = canned_answer(client, workload, reply)
    cells = {contender.name: Cell(settings) for contender in contenders}
    for number in range(settings.rounds):
        # The contenders take turns, each round in another order, so a machine that speeds up
        # or slows down during the run treats them alike.
        shift = number % len(contenders)
        for contender in contenders[shift:] + contenders[:shift]:
            cell = cells[contender.name]
            if cell.samples.error is not None:
                continue
            try:
                with contender.active(workload, canned) as (used_client, between):
                    cell.run_round(used_client, workload, between)
            except Exception as error:  # e.g. moto lacking an operation: a result, not a crash
                if contender.name == "secretmock":
                    raise
                cell.samples.error = f"{type(error).__name__}"
                progress(f"  {contender.name} failed: {type(error).__name__}: {error}")
    row.cells = {name: cell.samples for name, cell in cells.items()}
    for contender in contenders:
        if contender.queue_ns.get(workload.name):
            row.queue_us = statistics.median(contender.queue_ns[workload.name]) / NS_PER_US
    return row


def time_enter_leave(
    settings: Settings, mock_aws: Any, moto_missing: str
) -> tuple[Samples, Samples]:
    """``with mock_secrets(): pass`` and ``with mock_aws(): pass``, construction included."""

    def secretmock_once() -> None:
        with secretmock.mock_secrets():
            pass

    def moto_once() -> None:
        with mock_aws():
            pass

    ours = Samples()
    theirs = Samples(error=None if mock_aws is not None else moto_missing)
    count = max(100, settings.max_calls // settings.rounds)
    moto_count = max(3, int(settings.budget / settings.rounds / 0.006))
    for _ in range(settings.rounds):
        time_calls(secretmock_once, [{}] * settings.warmup, collect=False)
        ours.values += time_calls(secretmock_once, [{}] * count)
        if mock_aws is not None:
            time_calls(moto_once, [{}] * 2, collect=False)
            theirs.values += time_calls(moto_once, [{}] * moto_count)
    return ours, theirs


@dataclass
class ScaleResult:
    operation: str
    small: Samples = field(default_factory=Samples)
    big: Samples = field(default_factory=Samples)


def time_scale(client: Any, settings: Settings, big: int) -> list[ScaleResult]:
    """GetSecretValue and DescribeSecret with 10 secrets stored, then with ``big``.

    Each round starts a fresh mock and creates 10 secrets through the client; the other secrets
    are made through the client once, in a mock of their own, and each round adds those same
    objects to its store and takes them out again (SecretStore.add and remove): milliseconds
    instead of seconds a round. Rounds alternate which size goes first.
    """
    with secretmock.mock_secrets() as maker:
        for number in range(10, big):
            _create(client, f"bench/scale/{number:05d}")
        others = maker.store().secrets()
    target = "bench/scale/00005"
    results = [ScaleResult("GetSecretValue"), ScaleResult("DescribeSecret")]
    methods = {"GetSecretValue": "get_secret_value", "DescribeSecret": "describe_secret"}
    for number in range(settings.rounds):
        with secretmock.mock_secrets() as mock:
            store = mock.store()
            for small in range(10):
                _create(client, f"bench/scale/{small:05d}")
            client.get_secret_value(SecretId=target)
            phases = ("small", "big") if number % 2 == 0 else ("big", "small")
            for phase in phases:
                for secret in others:
                    if phase == "big":
                        store.add(secret)
                    else:
                        store.remove(secret)
                assert len(store) == (big if phase == "big" else 10)
                for result in results:
                    workload = Workload(
                        result.operation,
                        methods[result.operation],
                        _setup_nothing,
                        lambda _: {"SecretId": target},
                    )
                    cell = Cell(settings)
                    cell.run_round(client, workload, None)
                    getattr(result, phase).values += cell.samples.values
    return results


# -- report --------------------------------------------------------------------------------------


def machine_lines() -> list[str]:
    cpu = platform.processor() or "unknown CPU"
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = []
    for package in ("boto3", "botocore", "moto", "secretmock"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} not installed")
    return [
        f"machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        f"python:  {platform.python_implementation()} {platform.python_version()}",
        f"versions: {', '.join(versions)}",
        f"load average at the end: {_load_average()}",
        f"date: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
    ]


def _load_average() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def cell_text(samples: Samples | None) -> str:
    if samples is None:
        return "-"
    if not samples.ok:
        return "n/a"
    return f"{samples.median_us:,.0f} / {samples.p90_us:,.0f}"


def ratio(numerator: Samples | None, denominator: Samples | None) -> float | None:
    if numerator is None or denominator is None or not numerator.ok or not denominator.ok:
        return None
    return numerator.median_us / denominator.median_us


def ratio_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


# The calls most tests make; every other one is held to a looser ratio to Stubber.
CORE = ("GetSecretValue", "DescribeSecret", "PutSecretValue", "CreateSecret", "UpdateSecret")
CORE_OVER_STUBBER = 1.3
OTHER_OVER_STUBBER = 1.5
ENTER_LEAVE_US = 20


@dataclass
class Verdict:
    target: str
    measured: str
    passed: bool | None  # None: could not be measured


def _at_most(target: str, value: float | None, limit: float) -> Verdict:
    return Verdict(target, ratio_text(value), None if value is None else value <= limit)


def verdicts_for(row: Row) -> list[Verdict]:
    name = row.workload.name
    limit = CORE_OVER_STUBBER if name in CORE else OTHER_OVER_STUBBER
    stubber_target = f"{name} <= {limit}x Stubber"
    if row.skipped:
        return [Verdict(stubber_target, row.skipped, None)]
    ours = row.cells["secretmock"]
    found = [_at_most(stubber_target, ratio(ours, row.cells["Stubber"]), limit)]
    if name in CORE:
        found.append(_at_most(f"{name} <= 1.3x floor", ratio(ours, row.cells["floor"]), 1.3))
        moto_over = ratio(row.cells["moto"], ours)
        found.append(
            Verdict(
                f"{name} >= 5x faster than moto",
                ratio_text(moto_over),
                None if moto_over is None else moto_over >= 5,
            )
        )
    return found


def print_report(
    rows: list[Row],
    enter_leave: tuple[Samples, Samples],
    scale: list[ScaleResult],
    big: int,
) -> bool:
    print()
    for line in machine_lines():
        print(line)
    print()
    print("Per call, microseconds: median / p90. Contenders, all on the same client:")
    print("  floor      a before-call hook answering AWS's wire bytes through botocore's parser")
    print("  Stubber    botocore.stub.Stubber with the parsed answer (queueing it is not timed)")
    print("  moto       moto.mock_aws (signs and sends the request into moto's server code)")
    print("  secretmock secretmock.mock_secrets")
    print("Ratios are of medians: sm/floor and sm/Stub below 1 mean secretmock is faster.")
    print()
    header = (
        f"{'operation':<26}{'floor':>15}{'Stubber':>15}{'moto':>17}{'secretmock':>15}"
        f"{'sm/floor':>10}{'sm/Stub':>9}{'moto/sm':>9}"
    )
    print(header)
    print("-" * len(header))
    verdicts: list[Verdict] = []
    for row in rows:
        verdicts += verdicts_for(row)
        name = row.workload.name
        if row.skipped:
            print(f"{name:<26}{row.skipped}")
            continue
        cells = row.cells
        print(
            f"{name:<26}{cell_text(cells['floor']):>15}{cell_text(cells['Stubber']):>15}"
            f"{cell_text(cells['moto']):>17}{cell_text(cells['secretmock']):>15}"
            f"{ratio_text(ratio(cells['secretmock'], cells['floor'])):>10}"
            f"{ratio_text(ratio(cells['secretmock'], cells['Stubber'])):>9}"
            f"{ratio_text(ratio(cells['moto'], cells['secretmock'])):>9}"
        )
        counts = ", ".join(
            f"{key} {len(value.values) if value.error is None else value.error}"
            for key, value in cells.items()
        )
        detail = f"  ({row.workload.note}; " if row.workload.note else "  ("
        queue = f"; Stubber.add_response {row.queue_us:,.0f} us untimed" if row.queue_us else ""
        print(f"{'':<26}{detail}n: {counts}{queue})")
    print()
    ours, moto = enter_leave
    print(
        f"{'enter+leave':<26}{'secretmock':>12} {cell_text(ours):>13}   "
        f"{'moto':>6} {cell_text(moto):>15}   moto/sm {ratio_text(ratio(moto, ours))}"
    )
    if moto.error:
        print(f"{'':<26}(moto: {moto.error})")
    verdicts.append(
        Verdict(
            f"enter+leave <= {ENTER_LEAVE_US} us",
            f"{ours.median_us:,.1f} us" if ours.ok else "n/a",
            ours.median_us <= ENTER_LEAVE_US if ours.ok else None,
        )
    )
    print()
    print(f"secretmock with {big:,} secrets stored vs 10, median / p90 (us):")
    for result in scale:
        grown = ratio(result.big, result.small)
        print(
            f"  {result.operation:<20}{'10:':>5} {cell_text(result.small):>11}"
            f"{f'{big:,}:':>9} {cell_text(result.big):>11}   {ratio_text(grown)}"
        )
        verdicts.append(
            Verdict(
                f"{result.operation}, {big:,} secrets within 1.2x of 10",
                ratio_text(grown),
                None if grown is None else grown <= 1.2,
            )
        )
    print()
    print("Targets:")
    for verdict in verdicts:
        mark = {True: "PASS", False: "FAIL", None: "n/a "}[verdict.passed]
        print(f"  {mark}  {verdict.target:<54}{verdict.measured}")
    return all(verdict.passed is not False for verdict in verdicts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a short run (about half a minute)")
    parser.add_argument("--ops", type=int, help="most timed calls per contender and operation")
    parser.add_argument("--budget", type=float, help="seconds per contender and operation")
    parser.add_argument("--rounds", type=int, help="rounds the contenders take turns in")
    parser.add_argument("--warmup", type=int, help="untimed calls before each round")
    parser.add_argument("--big", type=int, default=10_000, help="secrets stored for the scale test")
    parser.add_argument(
        "--only", nargs="+", metavar="ROW", help='only these rows ("GetSecretValue (error)" too)'
    )
    parser.add_argument(
        "--pause-gc", action="store_true", help="pause the garbage collector while timing"
    )
    parser.add_argument("--no-moto", action="store_true", help="leave moto out")
    options = parser.parse_args(argv)
    settings = Settings(
        rounds=options.rounds or (6 if options.quick else 20),
        warmup=options.warmup or 10,
        max_calls=options.ops or (600 if options.quick else 4000),
        budget=options.budget or (0.3 if options.quick else 2.0),
    )
    global PAUSE_GC
    PAUSE_GC = options.pause_gc

    mock_aws: Any = None
    moto_missing = "left out" if options.no_moto else "not installed"
    if not options.no_moto:
        try:
            # moto adds its before-send handler to botocore's built-in list on import; import it
            # before the client is made so every contender's client carries the same handlers.
            import moto

            mock_aws = moto.mock_aws
        except ImportError:
            print("moto is not installed: pip install 'moto[secretsmanager]==5.2.5'")
    client = make_client()
    contenders: list[Contender] = [Floor(client), StubberContender(client)]
    if mock_aws is not None:
        contenders.append(Moto(mock_aws))
    contenders.append(SecretMock(client))

    # Keep what the imports made out of the collector's sight, so collecting before each timed
    # batch takes a millisecond rather than tens of them.
    gc.collect()
    gc.freeze()

    chosen = [w for w in workloads() if not options.only or w.name in options.only]
    unknown = set(options.only or ()) - {w.name for w in workloads()}
    if unknown:
        parser.error(f"no such workload: {', '.join(sorted(unknown))}")
    print(
        f"secretmock benchmark: {settings.rounds} rounds, <= {settings.max_calls} timed calls "
        f"and ~{settings.budget:g} s per contender and operation, {settings.warmup} warm-up "
        "calls per round",
        flush=True,
    )
    print(f"load average at the start: {_load_average()}", flush=True)
    rows = [run_workload(workload, contenders, client, settings) for workload in chosen]
    for row in rows:
        if mock_aws is None and not row.skipped:
            row.cells["moto"] = Samples(error=moto_missing)
    progress("enter+leave")
    enter_leave = time_enter_leave(settings, mock_aws, moto_missing)
    progress(f"{options.big:,} secrets vs 10")
    scale = time_scale(client, settings, options.big)
    all_passed = print_report(rows, enter_leave, scale, options.big)
    print()
    print("All targets met." if all_passed else "Some targets missed (see FAIL above).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
