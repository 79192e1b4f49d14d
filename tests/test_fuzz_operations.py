"""Every failure is an AWS error, and a failed call changes nothing: a fuzz test of every operation.

Each implemented operation is called, through real boto3 clients, with requests that hypothesis
generates from botocore's service model (tests/fuzz_requests.py): constraints honoured and
broken, values that hit the state (names, ARNs, version ids, labels, used tokens), on a
validating client and on one with ``parameter_validation=False`` (wrong JSON types, null,
NaN/±Infinity, lone surrogates, deep nesting, huge lists). The state is seeded first: secrets
with several versions, custom labels, tags, a resource policy, one scheduled for deletion, one
rotated by a registered rotation function, one whose rotation failed half-way, one replicated to
another Region and one with a replica in another account. The calls come
just after seeding, a month later, or in December 9999 (``MOMENTS``). One example is up to two
calls of operations that change the state, then one call of the operation under test.

Every call must either return normally, or fail with botocore's ``ClientError`` carrying a 4xx
status (500 only for InternalServiceError) or with ``ParamValidationError``; and a call that
fails must leave the mock's whole state as it was (tests/state_fingerprint.py walks all of it).
A failure names the calls, the client, what went wrong and every state change.

The CI run makes 2,142 examples: 17 for each operation, client and moment, derandomized so
that it is the same on every run. ``SECRETMOCK_FUZZ_EXAMPLES`` sets the total instead, and
makes hypothesis draw fresh random requests on each run: the long run is ::

    SECRETMOCK_FUZZ_EXAMPLES=100000 python -m pytest tests/test_fuzz_operations.py -q \
        -p no:randomly --hypothesis-show-statistics -k "validating and not unvalidated"

and the same with ``-k unvalidated`` in a second process (a core each). An example costs about
15 ms of CPU: 100,000 take about 25 CPU-minutes, 12 minutes on two free cores. The statistics
give the exact count (the "passing, failing and invalid test cases" of each case).
"""

from __future__ import annotations

import json
import logging
import math
import os
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import boto3
import botocore.session
import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import secretmock
from secretmock import FixedClock, SecretsManagerMock
from secretmock._calls import CallList
from secretmock._messages import PREVIOUS_INCOMPLETE
from secretmock._operations import OPERATIONS
from tests import contract
from tests.fuzz_requests import Pool, params_repr, request
from tests.operations.support import START, token
from tests.state_fingerprint import Fingerprint, differences, fingerprint

CLIENT_KINDS = ("validating", "unvalidated")
# When the calls are made: (when the state is seeded, how long after it the calls come).
# Just after seeding; a month later, when the secret scheduled for deletion is gone and the
# scheduled rotations have run; and on 10 December 9999, where a recovery window or a rotation
# schedule reaches past the last year datetime can represent.
MOMENTS = {
    "now": (START, timedelta()),
    "a-month-later": (START, timedelta(days=31)),
    "year-9999": (datetime(9999, 12, 1, tzinfo=timezone.utc), timedelta(days=9)),
}
# What the installed botocore can call: an older one lacks the newest operations.
_MODELLED = set(botocore.session.get_session().get_service_model("secretsmanager").operation_names)
# The operations that change the state (by their names: reads get, list, describe or validate).
WRITES = [
    name
    for name in sorted(OPERATIONS)
    if not name.startswith(("Get", "BatchGet", "List", "Describe", "Validate"))
    and name in _MODELLED
]
_ACCOUNT = "123456789012"  # the mock's (the default)
_OTHER_ACCOUNT = "111122223333"
_KEY_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {
                    "AWS": [
                        f"arn:aws:iam::{account}:root" for account in (_ACCOUNT, _OTHER_ACCOUNT)
                    ]
                },
                "Action": "kms:*",
                "Resource": "*",
            }
        ],
    }
)
_LONG_RUN = os.environ.get("SECRETMOCK_FUZZ_EXAMPLES")
_TOTAL_EXAMPLES = int(_LONG_RUN or 2100)
_PER_TEST = math.ceil(_TOTAL_EXAMPLES / (len(OPERATIONS) * len(CLIENT_KINDS) * len(MOMENTS)))

settings.register_profile(
    "secretmock-fuzz",
    max_examples=_PER_TEST,
    deadline=None,
    # The CI run is the same on every run; a long run explores, and keeps nothing on disk.
    derandomize=_LONG_RUN is None,
    database=None,
    # A failure's explanation phase costs more than the whole run; the report says enough.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[
        # conftest's autouse fixture only clears AWS variables: the same for every example.
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)

_SECRETMOCK_SOURCE = str(Path(secretmock.__file__).parent)
_REATTEMPTED = (PREVIOUS_INCOMPLETE.code, PREVIOUS_INCOMPLETE.text)
_POLICY = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":'
    '"arn:aws:iam::123456789012:root"},"Action":"secretsmanager:DeleteSecret","Resource":"*"}]}'
)
_PUBLIC_POLICY = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",'
    '"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}'
)


class RotationStepFailed(Exception):
    """What the broken rotation function raises."""


def single_user_rotation(client: Any) -> Callable[[dict[str, Any], Any], None]:
    """A rotation function in the shape of AWS's template, on one client (a new one is slow)."""

    def rotate(event: dict[str, Any], context: Any) -> None:
        arn, version, step = event["SecretId"], event["ClientRequestToken"], event["Step"]
        if step == "createSecret":
            try:
                client.get_secret_value(SecretId=arn, VersionId=version, VersionStage="AWSPENDING")
            except client.exceptions.ResourceNotFoundException:
                client.put_secret_value(
                    SecretId=arn,
                    ClientRequestToken=version,
                    SecretString='{"username": "app", "password": "rotated"}',
                    VersionStages=["AWSPENDING"],
                )
        elif step == "finishSecret":
            stages = client.describe_secret(SecretId=arn)["VersionIdsToStages"]
            current = next(vid for vid, labels in stages.items() if "AWSCURRENT" in labels)
            if current != version:
                client.update_secret_version_stage(
                    SecretId=arn,
                    VersionStage="AWSCURRENT",
                    MoveToVersionId=version,
                    RemoveFromVersionId=current,
                )

    return rotate


def broken_rotation(event: dict[str, Any], context: Any) -> None:
    if event["Step"] == "setSecret":
        raise RotationStepFailed("setSecret failed on purpose")


class World:
    """One started mock with a seeded state, and the two clients that call it.

    The state is seeded again (after a reset) before an example whenever the previous call
    succeeded, since a successful call may change it; a failed call must not have.
    """

    def __init__(self, session: boto3.Session, start: datetime, later: timedelta) -> None:
        self.start = start
        self.later = later
        # One attempt per call: what botocore would retry (an InternalServiceError) is answered
        # once either way (tests/operations/test_retries.py covers the retries).
        once = Config(retries={"mode": "standard", "total_max_attempts": 1})
        self.clients = {
            "validating": session.client("secretsmanager", config=once),
            "unvalidated": session.client(
                "secretsmanager", config=once.merge(Config(parameter_validation=False))
            ),
        }
        # The seeding calls, and the rotation function's, are ordinary ones, the same each
        # time: the rest of the suite checks their replies against the contract
        # (tests/contract.py); here that would only cost.
        self.seeder = session.client("secretsmanager", config=once)
        self.seeder.meta.events.unregister("after-call.secrets-manager", contract.check_reply)
        # A client of another account (its access key id is that account's 12 digits), which
        # seeds a cross-account replica (Any: the type stubs predate CrossAccountPrimaryARN).
        self.other_account: Any = session.client(
            "secretsmanager",
            config=once,
            aws_access_key_id=_OTHER_ACCOUNT,
            aws_secret_access_key="x",
        )
        self.other_account.meta.events.unregister(
            "after-call.secrets-manager", contract.check_reply
        )
        self.clock = FixedClock(start)
        self.mock = SecretsManagerMock(account_id=_ACCOUNT, seed=8, clock=self.clock)
        self.rotator = self.mock.register_rotation_function(
            "fuzz-rotator", single_user_rotation(self.seeder)
        )
        self.broken_rotator = self.mock.register_rotation_function(
            "fuzz-broken-rotator", broken_rotation
        )
        self.pool = Pool()
        self.baseline: Fingerprint = {}
        self.stale = True
        self._requests: dict[tuple[str, str, bool], st.SearchStrategy[dict[str, Any]]] = {}

    def ready(self) -> None:
        if self.stale:
            self.clock.set(self.start)
            self.mock.reset()
            pool = self._seed()
            if self.pool.by_shape:
                self.pool.refill(pool)
            else:
                self.pool = pool
            if self.later:
                self.clock.advance(self.later)
                # Scheduled rotations and deletions that fell due take effect now: calls run
                # them first, and a call that fails need not undo them.
                self.mock.run_due_rotations()
                self.seeder.list_secrets()
            self.baseline = self.state()
            self.stale = False

    def changed(self) -> str | None:
        """After a call that may have changed the state: what is wrong with the new state.

        Whatever a call stored, every secret must still be searchable: a search by every
        filter key reads every field of every secret (name, description, tags, ...). The new
        state is then the one the next call starts from.
        """
        self.stale = True
        try:
            self.clients["validating"].list_secrets(
                IncludePlannedDeletion=True, Filters=[{"Key": "all", "Values": ["fuzz"]}]
            )
        except Exception as error:  # the request is valid: any error is the state's fault
            return f"succeeded, but then searching every secret fails: {_describe(error)}"
        self.baseline = self.state()
        return None

    def requests(
        self, operation: str, kind: str, plausible_only: bool = False
    ) -> st.SearchStrategy[dict[str, Any]]:
        """The requests to try on ``operation`` (built once: building them costs)."""
        key = (operation, kind, plausible_only)
        if key not in self._requests:
            shape = self.clients[kind].meta.service_model.operation_model(operation).input_shape
            unvalidated = kind == "unvalidated"
            self._requests[key] = request(shape, self.pool, unvalidated, plausible_only)
        return self._requests[key]

    def state(self) -> Fingerprint:
        # The recorded calls are left out: a failed call is recorded too, by design.
        return fingerprint(self.mock, "mock", skip=(CallList,))

    def _seed(self) -> Pool:
        client = self.seeder
        # A KmsKeyId must name a key that exists.
        # Its policy also lets the other account use it: that account's replica is under it.
        key_arn = self.mock.kms.create_key(alias="fuzz-key", policy=_KEY_POLICY).arn
        app = client.create_secret(
            Name="fuzz/app",
            ClientRequestToken=token(1),
            SecretString='{"username": "app", "password": "p1"}',
            Description="the app's database",
            Tags=[{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": ""}],
        )["ARN"]
        client.put_secret_value(SecretId=app, ClientRequestToken=token(2), SecretString="p2")
        client.put_secret_value(
            SecretId=app, ClientRequestToken=token(3), SecretString="p3", VersionStages=["blue"]
        )
        client.update_secret_version_stage(
            SecretId=app, VersionStage="green", MoveToVersionId=token(1)
        )
        client.put_resource_policy(SecretId=app, ResourcePolicy=_POLICY)
        binary = client.create_secret(
            Name="fuzz-binary",
            ClientRequestToken=token(4),
            SecretBinary=b"\x00\xff",
            KmsKeyId="alias/fuzz-key",
        )["ARN"]
        # A name whose end looks like an ARN's random suffix.
        suffixed = client.create_secret(
            Name="fuzz/legacy-AbCdEf", ClientRequestToken=token(5), SecretString="x"
        )["ARN"]
        empty = client.create_secret(Name="fuzz/empty")["ARN"]  # no value, no version
        doomed = client.create_secret(
            Name="fuzz/doomed", ClientRequestToken=token(6), SecretString="bye"
        )["ARN"]
        client.delete_secret(SecretId=doomed, RecoveryWindowInDays=7)
        rotating = client.create_secret(
            Name="fuzz/rotating", ClientRequestToken=token(7), SecretString="{}"
        )["ARN"]
        client.rotate_secret(
            SecretId=rotating,
            ClientRequestToken=token(8),
            RotationLambdaARN=self.rotator.arn,
            RotationRules={"ScheduleExpression": "rate(10 days)", "Duration": "3h"},
        )
        stuck = client.create_secret(
            Name="fuzz/stuck", ClientRequestToken=token(9), SecretString="{}"
        )["ARN"]
        client.rotate_secret(
            SecretId=stuck,
            ClientRequestToken=token(10),
            RotationLambdaARN=self.broken_rotator.arn,
            RotationRules={"AutomaticallyAfterDays": 30},
        )
        # A primary with a replica in eu-west-1, and one with a replica in another account.
        replicated = client.create_secret(
            Name="fuzz/replicated",
            ClientRequestToken=token(11),
            SecretString="r",
            AddReplicaRegions=[{"Region": "eu-west-1"}],
        )["ARN"]
        shared = client.create_secret(
            Name="fuzz/shared", ClientRequestToken=token(12), SecretString="s"
        )["ARN"]
        replicas = [replicated.replace("us-east-1", "eu-west-1")]
        if "AssociateCrossAccountReplica" in _MODELLED:
            replicas.append(
                self.other_account.create_secret(
                    Name="fuzz/shared", KmsKeyId=key_arn, CrossAccountPrimaryARN=shared
                )["ARN"]
            )
        next_tokens = [
            client.list_secrets(MaxResults=1)["NextToken"],
            client.list_secret_version_ids(SecretId=app, MaxResults=1)["NextToken"],
            client.batch_get_secret_value(
                Filters=[{"Key": "name", "Values": ["fuzz"]}], MaxResults=1
            )["NextToken"],
        ]
        client.get_secret_value(SecretId=app)  # a LastAccessedDate

        arns = [app, binary, suffixed, empty, doomed, rotating, stuck, replicated, shared]
        names = [arn.split(":secret:", 1)[1][:-7] for arn in arns]
        pool = Pool()
        pool.add("SecretIdType", *names, *arns, *replicas)
        pool.add("SecretIdType", *(arn[:-7] for arn in arns))  # partial ARNs
        pool.add("SecretIdType", app.replace("us-east-1", "eu-west-1"), app[:-6] + "Zzzzzz")
        pool.add("SecretARNType", *arns, *replicas)
        pool.add("RegionType", "eu-west-1", "us-east-1", "us-west-2", "xx-nowhere-1")
        new_names = ["fuzz/new", "fuzz/app/new", "Fuzz/App", "new", "n-AbCdEf"]
        pool.add("NameType", *names, *new_names)
        pool.add("SecretIdType", *new_names)  # secrets an earlier call of the example may create
        versions = [token(n) for n in range(1, 11)] + [token(99)]
        pool.add("SecretVersionIdType", *versions)
        pool.add("ClientRequestTokenType", *versions)
        pool.add(
            "RotationTokenType", *(rotation.rotation_token for rotation in self.mock.rotations)
        )
        labels = ["AWSCURRENT", "AWSPREVIOUS", "AWSPENDING", "blue", "green", "new-label"]
        pool.add("SecretVersionStageType", *labels)
        pool.add("TagKeyType", "env", "team", "aws:reserved", "new-key")
        pool.add("TagValueType", "prod", "", "new-value")
        pool.add(
            "RotationLambdaARNType",
            self.rotator.arn,
            self.broken_rotator.arn,
            self.rotator.arn.replace("fuzz-rotator", "unregistered"),
            "fuzz-rotator",
        )
        pool.add("KmsKeyIdType", "alias/fuzz-key", "alias/aws/secretsmanager", "")
        pool.add("NextTokenType", *next_tokens)
        pool.add("FilterValueStringType", "fuzz", "!fuzz", "env", "prod", "app", "!prod")
        pool.add("NonEmptyResourcePolicyType", _POLICY, _PUBLIC_POLICY, "{}", '{"Statement": []}')
        pool.add("SecretStringType", '{"username": "app", "password": "p9"}', "p2")
        pool.add("SecretBinaryType", b"\x00\xff")
        pool.add(
            "ScheduleExpressionType",
            "rate(4 hours)",
            "rate(10 days)",
            "cron(0 16 1,15 * ? *)",
            "cron(0 8 ? * MON-FRI *)",
            "cron(0 0 L * ? *)",
        )
        pool.add("DurationType", "2h", "3h", "24h", "0h")
        pool.add("ResourcePolicyNameType", "default", "other")
        pool.add("RegionType", "us-west-2", "us-east-1")
        pool.add("ExcludeCharactersType", "abcdefghijklmnopqrstuvwxyz", "/@\"'\\")
        return pool


@pytest.fixture(scope="module", params=list(MOMENTS))
def world(request: pytest.FixtureRequest, boto3_session: boto3.Session) -> Any:
    world = World(boto3_session, *MOMENTS[request.param])
    # The warning each failed rotation logs would drown a failure's report.
    rotation_logger = logging.getLogger("secretmock.rotation")
    rotation_logger.disabled = True
    try:
        with world.mock:
            yield world
    finally:
        rotation_logger.disabled = False


def exercise(world: World, operation: str, kind: str, data: st.DataObject) -> str | None:
    """One example: up to two calls that change the state, then one of ``operation``.

    The calls before the last one build states the seeding does not (a secret created with odd
    tags, a label moved), so that a rule that breaks on what an earlier call stored shows.
    Every call is checked the same way.
    """
    world.ready()
    before = data.draw(st.lists(st.sampled_from(WRITES), max_size=2), label="first")
    done: list[str] = []
    for index, step in enumerate([*before, operation]):
        # The first calls only build a state: plausible requests, which mostly succeed.
        plausible_only = index < len(before)
        params = data.draw(world.requests(step, kind, plausible_only), label=step)
        problem = outcome_of(world, step, kind, params)
        if problem is not None:
            after = f" (after {'; '.join(done)})" if done else ""
            return f"{step} on the {kind} client with {params_repr(params)}{after}: {problem}"
        done.append(f"{step} {params_repr(params)}")
    return None


def outcome_of(world: World, operation: str, kind: str, params: dict[str, Any]) -> str | None:
    """Make one call on the world as it is; what is wrong with its outcome, or None."""
    call = getattr(world.clients[kind], xform_name(operation))
    problem = None
    try:
        call(**params)
    except ClientError as error:
        status = error.response["ResponseMetadata"]["HTTPStatusCode"]
        code = error.response["Error"]["Code"]
        if not (400 <= status < 500 or (status == 500 and code == "InternalServiceError")):
            problem = f"{code} answered with HTTP {status}"
        elif (code, error.response["Error"]["Message"]) == _REATTEMPTED:
            # The one failure that changes something, by AWS's design: RotateSecret during an
            # unfinished rotation refuses, and Secrets Manager runs that rotation again [DOC].
            return world.changed()
    except ParamValidationError:
        pass  # refused by botocore before any request: the mock never saw it
    except RecursionError as error:
        # Nesting deeper than botocore's encoder follows is refused before any request (as is
        # the suite's reply check's second sending of the call, from a deeper stack); through
        # secretmock, it is the mock's failure.
        if _secretmock_frames(error):
            problem = f"non-AWS exception {_describe(error)}"
    except Exception as error:
        problem = f"non-AWS exception {_describe(error)}"
    else:
        return world.changed()
    changes = differences(world.baseline, world.state())
    if changes:
        problem = (problem + "; and " if problem else "") + "a failed call changed the state:"
        problem += "".join(f"\n    {line}" for line in changes)
    if problem is not None:
        world.stale = True
    return problem


def _secretmock_frames(error: Exception) -> list[traceback.FrameSummary]:
    return [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename.startswith(_SECRETMOCK_SOURCE)
    ]


def _describe(error: Exception) -> str:
    """The exception and the innermost frame of secretmock it came through."""
    frames = _secretmock_frames(error)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"{type(error).__name__}({str(error)[:200]!r}){where}"


@pytest.mark.parametrize("kind", CLIENT_KINDS)
@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(
            name,
            marks=pytest.mark.skipif(
                name not in _MODELLED, reason=f"the installed botocore has no {name}"
            ),
        )
        for name in sorted(OPERATIONS)
    ],
)
@settings(settings.get_profile("secretmock-fuzz"))
@given(data=st.data())
def test_a_failed_call_is_an_aws_error_and_changes_nothing(
    world: World, operation: str, kind: str, data: st.DataObject
) -> None:
    problem = exercise(world, operation, kind, data)
    assert problem is None, problem
