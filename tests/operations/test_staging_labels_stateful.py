"""A stateful property test: random sequences of writes, label moves, deletes and reads, checked
after every step against a small reference model of versions and staging labels."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from secretmock import SecretsManagerMock
from tests.operations.support import START, state

CURRENT, PREVIOUS, PENDING = "AWSCURRENT", "AWSPREVIOUS", "AWSPENDING"
NAMES = ("a", "b")
# AWSPREVIOUS is left out of explicit moves, so the model can check it only ever sits where
# AWSCURRENT was.
MOVABLE = (CURRENT, PENDING, "blue", "green")

names = st.sampled_from(NAMES)
values = st.sampled_from(("v1", "v2", "v3"))
stage_lists = st.none() | st.lists(st.sampled_from(MOVABLE), min_size=1, max_size=3)


@dataclass
class ModelSecret:
    """What the reference model knows of one secret."""

    versions: list[str] = field(default_factory=list)  # creation order
    values: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # label -> version id
    deleted: bool = False
    ever_current: set[str] = field(default_factory=set)

    def move(self, label: str, version_id: str) -> None:
        """AWS's rule: AWSCURRENT leaving a version makes it AWSPREVIOUS and drops AWSPENDING."""
        previous_holder = self.labels.get(label)
        self.labels[label] = version_id
        if label == CURRENT:
            self.ever_current.add(version_id)
            if previous_holder is not None and previous_holder != version_id:
                self.labels[PREVIOUS] = previous_holder
                if self.labels.get(PENDING) == previous_holder:
                    del self.labels[PENDING]

    def attach(self, wanted: list[str], version_id: str) -> None:
        """A write's labels, as AWS documents them: every label listed ends on the new version,
        in any order; AWSCURRENT moving makes the version it left AWSPREVIOUS unless the write
        names AWSPREVIOUS, and takes AWSPENDING off that version."""
        left = self.labels.get(CURRENT) if CURRENT in wanted else None
        for label in wanted:
            self.labels[label] = version_id
        if CURRENT in wanted:
            self.ever_current.add(version_id)
        if left is None or left == version_id:
            return
        if PREVIOUS not in wanted:
            self.labels[PREVIOUS] = left
        if self.labels.get(PENDING) == left:
            del self.labels[PENDING]

    def stages(self) -> dict[str, set[str]]:
        by_version: dict[str, set[str]] = {}
        for label, version_id in self.labels.items():
            by_version.setdefault(version_id, set()).add(label)
        return by_version


def stage_refusal(
    secret: ModelSecret, label: str, move_to: str | None, remove_from: str | None
) -> str | None:
    """The error UpdateSecretVersionStage must answer on a live secret, or None."""
    if move_to is None and remove_from is None:
        return "InvalidParameterException"
    if any(v is not None and v not in secret.versions for v in (move_to, remove_from)):
        return "ResourceNotFoundException"
    holder = secret.labels.get(label)
    names_a_wrong_holder = remove_from is not None and holder is not None and remove_from != holder
    holder_not_named = move_to is not None and holder not in (None, move_to) and remove_from is None
    removes_current = move_to is None and holder is not None and label == CURRENT
    if names_a_wrong_holder or holder_not_named or removes_current:
        return "InvalidParameterException"
    return None


class StagingLabels(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.mock = SecretsManagerMock(clock=START, seed=0).start()
        self.client = SESSION.client("secretsmanager")
        self.model: dict[str, ModelSecret] = {}
        self.tokens = 0

    def teardown(self) -> None:
        self.mock.stop()

    # -- helpers -------------------------------------------------------------------------------

    def new_token(self) -> str:
        self.tokens += 1
        return f"{self.tokens:08d}-0000-4000-8000-000000000000"

    def call(self, expected_error: str | None, method: str, **params: Any) -> dict[str, Any]:
        """Call the client; a refusal must be the expected AWS error and change nothing."""
        before = state(self.mock)
        refusal: str | None = None
        response: dict[str, Any] = {}
        try:
            response = getattr(self.client, method)(**params)
        except ClientError as error:
            refusal = error.response["Error"]["Code"]
        assert refusal == expected_error, (method, params)
        if refusal is not None:
            assert state(self.mock) == before, f"a refused {method} changed the state"
        return response

    def live(self, name: str) -> ModelSecret | None:
        secret = self.model.get(name)
        return secret if secret is not None and not secret.deleted else None

    def refusal(self, name: str) -> str | None:
        """What an operation that needs a live secret answers for ``name``, if it must refuse."""
        secret = self.model.get(name)
        if secret is None:
            return "ResourceNotFoundException"
        return "InvalidRequestException" if secret.deleted else None

    # -- rules ---------------------------------------------------------------------------------

    @rule(name=names, value=st.none() | values)
    def create(self, name: str, value: str | None) -> None:
        token = self.new_token()
        existing = self.model.get(name)
        expected = None
        if existing is not None:
            expected = "InvalidRequestException" if existing.deleted else "ResourceExistsException"
        params: dict[str, Any] = {"Name": name, "ClientRequestToken": token}
        if value is not None:
            params["SecretString"] = value
        response = self.call(expected, "create_secret", **params)
        if expected is None:
            secret = self.model[name] = ModelSecret()
            if value is not None:
                secret.versions.append(token)
                secret.values[token] = value
                secret.move(CURRENT, token)
                assert response["VersionId"] == token
            else:
                assert "VersionId" not in response

    @rule(name=names, value=values, stages=stage_lists)
    def put(self, name: str, value: str, stages: list[str] | None) -> None:
        token = self.new_token()
        expected = self.refusal(name)
        params: dict[str, Any] = {
            "SecretId": name,
            "SecretString": value,
            "ClientRequestToken": token,
        }
        if stages is not None:
            params["VersionStages"] = stages
        response = self.call(expected, "put_secret_value", **params)
        if expected is None:
            secret = self.model[name]
            wanted = list(stages) if stages is not None else [CURRENT]
            if CURRENT not in secret.labels and CURRENT not in wanted:
                wanted.insert(0, CURRENT)
            secret.versions.append(token)
            secret.values[token] = value
            secret.attach(wanted, token)
            assert set(response["VersionStages"]) == secret.stages().get(token, set())

    @precondition(lambda self: any(s.versions for s in self.model.values()))
    @rule(data=st.data(), same_value=st.booleans())
    def replay_a_token(self, data: st.DataObject, same_value: bool) -> None:
        name = data.draw(st.sampled_from(sorted(n for n, s in self.model.items() if s.versions)))
        secret = self.model[name]
        token = data.draw(st.sampled_from(secret.versions))
        value = secret.values[token] if same_value else secret.values[token] + "-other"
        expected = self.refusal(name) or (None if same_value else "ResourceExistsException")
        response = self.call(
            expected,
            "put_secret_value",
            SecretId=name,
            SecretString=value,
            ClientRequestToken=token,
        )
        if expected is None:
            assert response["VersionId"] == token

    @rule(name=names, value=values)
    def update_value(self, name: str, value: str) -> None:
        token = self.new_token()
        expected = self.refusal(name)
        self.call(
            expected, "update_secret", SecretId=name, SecretString=value, ClientRequestToken=token
        )
        if expected is None:
            secret = self.model[name]
            secret.versions.append(token)
            secret.values[token] = value
            secret.move(CURRENT, token)

    @rule(data=st.data(), name=names, label=st.sampled_from(MOVABLE))
    def update_stage(self, data: st.DataObject, name: str, label: str) -> None:
        secret = self.model.get(name)
        known = secret.versions if secret is not None and secret.versions else ["f" * 36]
        version_ids = st.none() | st.sampled_from(known) | st.just("e" * 36)
        move_to = data.draw(version_ids)
        remove_from = data.draw(version_ids)
        params: dict[str, Any] = {"SecretId": name, "VersionStage": label}
        if move_to is not None:
            params["MoveToVersionId"] = move_to
        if remove_from is not None:
            params["RemoveFromVersionId"] = remove_from
        expected = self.refusal(name)
        if expected is None and secret is not None:
            expected = stage_refusal(secret, label, move_to, remove_from)
        holder = secret.labels.get(label) if secret is not None else None
        self.call(expected, "update_secret_version_stage", **params)
        if expected is None and secret is not None:
            if move_to is not None:
                secret.move(label, move_to)
            elif holder is not None:
                del secret.labels[label]

    @rule(name=names, stage=st.none() | st.sampled_from((CURRENT, PREVIOUS, PENDING, "blue")))
    def get(self, name: str, stage: str | None) -> None:
        expected = self.refusal(name)
        secret = self.model.get(name)
        holder = None
        if expected is None and secret is not None:
            holder = secret.labels.get(stage or CURRENT)
            if holder is None:
                expected = "ResourceNotFoundException"
        params: dict[str, Any] = {"SecretId": name}
        if stage is not None:
            params["VersionStage"] = stage
        response = self.call(expected, "get_secret_value", **params)
        if expected is None and secret is not None and holder is not None:
            assert (response["VersionId"], response["SecretString"]) == (
                holder,
                secret.values[holder],
            )

    @rule(name=names, force=st.booleans())
    def delete(self, name: str, force: bool) -> None:
        # Force-deleting a missing or scheduled secret succeeds; without force AWS refuses both.
        expected = None if force else self.refusal(name)
        params: dict[str, Any] = {"SecretId": name}
        if force:
            params["ForceDeleteWithoutRecovery"] = True
        self.call(expected, "delete_secret", **params)
        if expected is None:
            if force:
                self.model.pop(name, None)
            else:
                self.model[name].deleted = True

    @rule(name=names)
    def restore(self, name: str) -> None:
        expected = "ResourceNotFoundException" if name not in self.model else None
        self.call(expected, "restore_secret", SecretId=name)
        if expected is None:
            self.model[name].deleted = False

    # -- invariants ----------------------------------------------------------------------------

    @invariant()
    def labels_and_versions_match_the_model(self) -> None:
        for name in NAMES:
            secret = self.model.get(name)
            if secret is None:
                continue
            described = self.client.describe_secret(SecretId=name)
            reported = described.get("VersionIdsToStages", {})
            every_label = [label for labels in reported.values() for label in labels]
            assert len(every_label) == len(set(every_label)), "a label on two versions"
            assert {v: set(labels) for v, labels in reported.items()} == secret.stages()
            if secret.versions:
                assert Counter(every_label)[CURRENT] == 1
            previous = secret.labels.get(PREVIOUS)
            if previous is not None:
                assert previous in secret.ever_current
                assert previous != secret.labels.get(CURRENT)
            listed = self.client.list_secret_version_ids(SecretId=name, IncludeDeprecated=True)
            assert [entry["VersionId"] for entry in listed["Versions"]] == secret.versions
            for entry in listed["Versions"]:
                expected_stages = secret.stages().get(entry["VersionId"])
                assert set(entry.get("VersionStages", ())) == (expected_stages or set())
                assert ("VersionStages" in entry) == bool(expected_stages)
            labelled = self.client.list_secret_version_ids(SecretId=name)["Versions"]
            assert [entry["VersionId"] for entry in labelled] == [
                version_id for version_id in secret.versions if version_id in secret.stages()
            ]


SESSION = boto3.Session(region_name="us-east-1")

TestStagingLabels = StagingLabels.TestCase
TestStagingLabels.settings = settings(
    max_examples=25,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def _no_outer_mock() -> None:
    """The machine starts its own mock; the module runs no other test."""
