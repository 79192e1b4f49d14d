"""A stateful property test of paging: ListSecrets and BatchGetSecretValue walks, several at
once, interleaved with creates, deletes, restores, tags, value writes, reads and time passing.

When a walk ends, it must have listed each secret that was listable for the whole walk exactly
once, no secret twice, no secret deleted before the walk began, and the secrets it began with
in the order they had when it began (docs/searching.md, "Pages")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import boto3
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from secretmock import SecretsManagerMock
from tests.botocore_model import has
from tests.operations.support import START

NAMES = ("s0", "s1", "s2", "s3", "s4")
# The sorts by a changing date twice as often as the others: they are where walks go wrong.
# Before botocore's model had SortBy (1.34.0 has not), ListSecrets sorts by creation only.
SORTS = (
    ("last-changed-date", "last-accessed-date") * 2 + ("created-date", "name")
    if has("ListSecrets", "SortBy")
    else ("created-date",)
)
NAME_FILTER = [{"Key": "name", "Values": ["s"]}]  # every secret: BatchGetSecretValue needs one
RECOVERY_DAYS = 30
# Time passes by at most this much in all, so no scheduled deletion ever takes effect.
MOST_DAYS = 20
DAY = 86_400.0

names = st.sampled_from(NAMES)


@dataclass
class Walk:
    """One walk in progress: how it pages, and what it has seen."""

    method: str  # list_secrets or batch_get_secret_value
    params: dict[str, Any]
    began_with: list[str]  # the ARNs listable when it began, in the walk's order
    deleted_before: set[str]  # the ARNs deleted for good before it began
    steady: set[str]  # of began_with, those still listable all along
    token: str | None = None
    listed: list[str] = field(default_factory=list)


class Paging(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.mock = SecretsManagerMock(clock=START, seed=0).start()
        self.client: Any = SESSION.client("secretsmanager")
        self.arns: dict[str, str] = {}  # name -> ARN of every secret in the store
        self.scheduled: set[str] = set()  # names scheduled for deletion
        self.deleted: set[str] = set()  # ARNs deleted for good
        self.walks: list[Walk] = []
        self.elapsed = 0.0
        self.writes = 0

    def teardown(self) -> None:
        try:
            while self.walks:
                self.finish(self.walks[0])
        finally:
            self.mock.stop()

    # -- the model -----------------------------------------------------------------------------

    def listable(self, name: str) -> bool:
        return name in self.arns and name not in self.scheduled

    def unsettle(self, arn: str, *, scheduled: bool = False) -> None:
        """``arn`` is deleted (``scheduled``: scheduled for deletion): the walks in progress that
        no longer list it owe it nothing any more."""
        for walk in self.walks:
            if not (scheduled and walk.params.get("IncludePlannedDeletion")):
                walk.steady.discard(arn)

    def later(self, seconds: float) -> None:
        self.mock.advance_time(seconds)
        self.elapsed += seconds

    # -- changes between pages -----------------------------------------------------------------

    @initialize(count=st.integers(min_value=0, max_value=len(NAMES)))
    def some_secrets(self, count: int) -> None:
        for name in NAMES[:count]:
            self.create(name)
            self.later(1)

    @rule(name=names)
    def create(self, name: str) -> None:
        if name not in self.arns:
            self.arns[name] = self.client.create_secret(Name=name, SecretString="v")["ARN"]

    @rule(name=names)
    def delete_for_good(self, name: str) -> None:
        if name in self.arns:
            self.client.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)
            arn = self.arns.pop(name)
            self.scheduled.discard(name)
            self.deleted.add(arn)
            self.unsettle(arn)

    @rule(name=names)
    def schedule_deletion(self, name: str) -> None:
        if self.listable(name):
            self.client.delete_secret(SecretId=name, RecoveryWindowInDays=RECOVERY_DAYS)
            self.scheduled.add(name)
            self.unsettle(self.arns[name], scheduled=True)

    @rule(name=names)
    def restore(self, name: str) -> None:
        if name in self.scheduled:
            self.client.restore_secret(SecretId=name)
            self.scheduled.discard(name)

    # ``later``: a second passes first, so that the change moves LastChangedDate (the mock's clock
    # stands still between calls unless told to move).
    @rule(name=names, later=st.booleans())
    def tag(self, name: str, later: bool) -> None:
        if self.listable(name):
            if later:
                self.later(1)
            self.writes += 1
            tags = [{"Key": "k", "Value": str(self.writes)}]
            self.client.tag_resource(SecretId=name, Tags=tags)

    @rule(name=names, later=st.booleans())
    def write_value(self, name: str, later: bool) -> None:
        if self.listable(name):
            if later:
                self.later(1)
            self.writes += 1
            self.client.put_secret_value(SecretId=name, SecretString=str(self.writes))

    # ``next_day``: LastAccessedDate is a day, so only a read on another day moves it.
    @precondition(lambda self: self.elapsed < MOST_DAYS * DAY)
    @rule(name=names, next_day=st.booleans())
    def read_value(self, name: str, next_day: bool) -> None:
        if self.listable(name):
            if next_day:
                self.later(DAY)
            self.client.get_secret_value(SecretId=name)

    @precondition(lambda self: self.elapsed < MOST_DAYS * DAY)
    @rule(seconds=st.sampled_from((0.5, 60.0, DAY)))
    def time_passes(self, seconds: float) -> None:
        self.later(seconds)

    # -- walks ---------------------------------------------------------------------------------

    @precondition(lambda self: len(self.walks) < 3)
    @rule(
        sort_by=st.sampled_from(SORTS),
        descending=st.booleans(),
        size=st.integers(min_value=1, max_value=2),
        include_planned=st.booleans(),
    )
    def begin_listing(
        self, sort_by: str, descending: bool, size: int, include_planned: bool
    ) -> None:
        # IncludePlannedDeletion keeps listing a secret scheduled for deletion mid-walk, whose
        # LastChangedDate the scheduling (and a restore) moves.
        order: dict[str, Any] = {
            "SortOrder": "desc" if descending else "asc",
            "IncludePlannedDeletion": include_planned,
        }
        if has("ListSecrets", "SortBy"):
            order["SortBy"] = sort_by
        self.begin("list_secrets", order, {**order, "MaxResults": size})

    @precondition(lambda self: len(self.walks) < 3)
    @rule(size=st.integers(min_value=1, max_value=2))
    def begin_batch(self, size: int) -> None:
        # BatchGetSecretValue reads in ListSecrets' default order, and stamps LastAccessedDate.
        self.begin("batch_get_secret_value", {}, {"Filters": NAME_FILTER, "MaxResults": size})

    def begin(self, method: str, order: dict[str, Any], params: dict[str, Any]) -> None:
        # One page of every listable secret, just before the walk's first page: its order.
        everything = self.client.list_secrets(Filters=NAME_FILTER, **order)
        began_with = [entry["ARN"] for entry in everything["SecretList"]]
        walk = Walk(method, params, began_with, set(self.deleted), set(began_with))
        self.walks.append(walk)
        self.turn_page(walk)

    @precondition(lambda self: self.walks)
    @rule(data=st.data())
    def next_page(self, data: st.DataObject) -> None:
        self.turn_page(data.draw(st.sampled_from(self.walks)))

    def turn_page(self, walk: Walk) -> None:
        params = dict(walk.params)
        if walk.token is not None:
            params["NextToken"] = walk.token
        response = getattr(self.client, walk.method)(**params)
        if walk.method == "list_secrets":
            walk.listed += [entry["ARN"] for entry in response["SecretList"]]
        else:
            assert response["Errors"] == []
            walk.listed += [value["ARN"] for value in response["SecretValues"]]
        walk.token = response.get("NextToken")
        if walk.token is None:
            self.walks.remove(walk)
            check(walk)

    def finish(self, walk: Walk) -> None:
        while walk in self.walks:
            self.turn_page(walk)


def check(walk: Walk) -> None:
    listed = walk.listed
    assert len(listed) == len(set(listed)), f"listed twice: {listed}"
    assert not walk.steady - set(listed), f"never listed: {walk.steady - set(listed)}"
    assert not walk.deleted_before & set(listed), "a secret deleted before the walk was listed"
    place = {arn: index for index, arn in enumerate(walk.began_with)}
    seen_order = [place[arn] for arn in listed if arn in place]
    assert seen_order == sorted(seen_order), f"out of the walk's order: {listed}"


SESSION = boto3.Session(region_name="us-east-1")

TestPaging = Paging.TestCase
TestPaging.settings = settings(
    max_examples=200,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
