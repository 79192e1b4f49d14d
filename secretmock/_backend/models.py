"""Secrets and their versions, and the staging-label rules that tie them together.

Staging labels live in one map on the secret, label -> version id, so a label is on at most one
version by construction and moving it is a single assignment. The labels of one version are
derived from that map when a response needs them.

Every date is an :class:`~secretmock._clock.Instant`, named ``..._at`` after the moment it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from secretmock._backend.date_history import LAST_ACCESSED, LAST_CHANGED, DateHistory
from secretmock._clock import Instant
from secretmock._kms.envelope import SealedValue, holds

AWSCURRENT = "AWSCURRENT"
AWSPREVIOUS = "AWSPREVIOUS"
AWSPENDING = "AWSPENDING"

# AWS quota: at most 20 staging labels attached across all versions of one secret.
MAX_STAGING_LABELS = 20


def move_label(labels: dict[str, str], label: str, version_id: str) -> None:
    """Put ``label`` on ``version_id`` in a label -> version map, taking it off its old holder.

    Moving AWSCURRENT carries AWS's bookkeeping with it: the version it leaves becomes
    AWSPREVIOUS (the old AWSPREVIOUS holder loses that label), and that version also loses
    AWSPENDING if it still carried it (recorded against AWS, 2022-09: a PutSecretValue that moved
    AWSCURRENT off a version labelled AWSCURRENT+AWSPENDING left it with only AWSPREVIOUS).
    Assumed [INF]: UpdateSecretVersionStage and UpdateSecret move AWSCURRENT the same way.

    It works on any map, so a caller can try a change on a copy, check the result (the 20-label
    quota) and only then keep it: a refused request changes nothing.
    """
    previous_holder = labels.get(label)
    labels[label] = version_id
    if label != AWSCURRENT or previous_holder is None or previous_holder == version_id:
        return
    labels[AWSPREVIOUS] = previous_holder
    if labels.get(AWSPENDING) == previous_holder:
        del labels[AWSPENDING]


@dataclass(slots=True, eq=False)
class SecretVersion:
    """One version of a secret's value, kept only encrypted (:mod:`secretmock._kms.envelope`)."""

    version_id: str
    created_at: Instant
    # None until a value is written (a rotation's AWSPENDING version before createSecret).
    value: SealedValue | None = None
    # LastAccessedDate: midnight (UTC) of the day the value was last read.
    last_accessed_at: Instant | None = None

    @property
    def has_value(self) -> bool:
        return self.value is not None

    @property
    def kms_key_ids(self) -> list[str]:
        """The keys that encrypt the value, as ListSecretVersionIds reports them."""
        return [] if self.value is None else self.value.kms_key_ids

    def same_value(self, value: str | bytes) -> bool:
        return self.value is not None and holds(self.value, value)


@dataclass(slots=True, eq=False)
class RotationConfig:
    """A secret's rotation settings and history, as DescribeSecret and ListSecrets report them."""

    lambda_arn: str | None = None
    # The RotationRules members as the API takes them: AutomaticallyAfterDays,
    # ScheduleExpression, Duration.
    rules: dict[str, Any] = field(default_factory=dict)
    enabled: bool = False
    last_rotated_at: Instant | None = None  # when the last rotation finished
    next_rotation_at: Instant | None = None  # the latest moment of the next rotation window
    # RotationRules.AutomaticallyAfterDays as AWS reports it for a ScheduleExpression: computed
    # from the schedule whenever the next rotation is planned.
    reported_days: int | None = None
    # The key of this secret's entry in the rotation schedule; None when none is queued.
    schedule_key: int | None = None
    # ExternalSecretRotationMetadata (Key/Value items) and ExternalSecretRotationRoleArn, as
    # RotateSecret last gave them; None until one gives them. Stored and reported only.
    external_metadata: list[dict[str, str]] | None = None
    external_role_arn: str | None = None


@dataclass(frozen=True, slots=True)
class ScheduledDeletion:
    """A deletion DeleteSecret scheduled: when it was asked for, and when it takes effect."""

    requested_at: Instant  # DescribeSecret's and ListSecrets' DeletedDate
    takes_effect_at: Instant  # DeleteSecret's DeletionDate: the secret is gone from then on


@dataclass(slots=True, eq=False)
class Secret:
    """A secret: its metadata, its versions and its staging labels."""

    name: str
    arn: str
    created_at: Instant
    last_changed_at: Instant  # change it only through mark_changed
    description: str | None = None
    kms_key_id: str | None = None  # None means the default key aws/secretsmanager
    # None: never tagged, so DescribeSecret omits Tags; [] once every tag was removed.
    tags: list[dict[str, str]] | None = None
    secret_type: str | None = None
    versions: dict[str, SecretVersion] = field(default_factory=dict)  # in creation order
    labels: dict[str, str] = field(default_factory=dict)  # staging label -> version id
    # LastAccessedDate: midnight (UTC) of the day a value was last read.
    last_accessed_at: Instant | None = None
    deletion: ScheduledDeletion | None = None  # set while marked for deletion
    rotation: RotationConfig | None = None  # None until rotation was ever configured
    # The resource policy called "default" (the only one AWS lets you attach), verbatim as put.
    resource_policy: str | None = None
    # The service that manages the secret (ListSecrets' OwningService, the owning-service
    # filter); AWS sets it for secrets other services create, never through CreateSecret.
    owning_service: str | None = None
    # The Region a replicated secret originates in (PrimaryRegion, the primary-region filter).
    primary_region: str | None = None
    # None for a secret that is neither a primary nor a replica (secretmock._backend.replication).
    replication: Replicas | ReplicaOf | CrossAccountLink | None = None
    # Creation order in its store, which SecretStore.add sets: ListSecrets breaks ties between
    # equal dates with it.
    sequence: int = field(default=0, init=False)
    # Its store's record of date changes, which SecretStore.add sets: a ListSecrets walk begun
    # earlier still finds the secret where its dates were then.
    date_history: DateHistory | None = field(default=None, init=False, repr=False)

    @property
    def marked_for_deletion(self) -> bool:
        return self.deletion is not None

    def mark_changed(self, at: Instant) -> None:
        """Record a change of the secret at ``at``: its LastChangedDate.

        AWS's LastChangedDate is "the last date and time that this secret was modified in any
        way" [DOC]; every change an operation makes goes through here.
        """
        history = self.date_history
        if history is not None and at.epoch != self.last_changed_at.epoch:
            history.record(self, LAST_CHANGED, self.last_changed_at)
        self.last_changed_at = at

    def mark_accessed(self, day: Instant) -> None:
        """Record a read of a value on ``day``: its LastAccessedDate."""
        history = self.date_history
        if history is not None:
            before = self.last_accessed_at
            if before is None or before.epoch != day.epoch:
                history.record(self, LAST_ACCESSED, before)
        self.last_accessed_at = day

    def version_for_label(self, label: str) -> SecretVersion | None:
        version_id = self.labels.get(label)
        return None if version_id is None else self.versions[version_id]

    def stages_of(self, version_id: str) -> list[str]:
        """The staging labels on one version, in the order they were first used on the secret."""
        # A loop, not a comprehension: a comprehension is a function call of its own (3.11).
        stages = []
        for label, holder in self.labels.items():
            if holder == version_id:
                stages.append(label)
        return stages

    def version_ids_to_stages(self) -> dict[str, list[str]]:
        """Every labelled version with its labels; unlabelled (deprecated) versions are left out."""
        by_version: dict[str, list[str]] = {}
        for label, version_id in self.labels.items():
            by_version.setdefault(version_id, []).append(label)
        # AWS lists versions in the order they were created.
        return {vid: by_version[vid] for vid in self.versions if vid in by_version}

    def detach_label(self, label: str) -> None:
        self.labels.pop(label, None)


# -- Replication state (how a primary's changes reach its replicas: replication.py) -------------
# ``Secret.replication`` holds one of Replicas (on a primary), ReplicaOf (on a Region replica) or
# CrossAccountLink (on a cross-account replica); the Backend holds one ReplicationControl.

IN_SYNC = "InSync"
IN_PROGRESS = "InProgress"
FAILED = "Failed"
PENDING = "Pending"
DETACHED = "Detached"
# [DOC] the describe-secret and RemoveRegionsFromReplication examples show this message on InSync.
SUCCEEDED = "Replication succeeded"
# The message of a Region a test fails without saying why.
DEFAULT_FAILURE = "Replication failed: the test failed replication to this Region."


class ReplicationFailed(Exception):
    """Why one replica could not be brought up to date: its StatusMessage."""


@dataclass(slots=True, eq=False)
class RegionReplica:
    """A primary's replica in one Region, as its ReplicationStatus entry reports it."""

    region: str
    kms_key_id: str | None  # as AddReplicaRegions gave it; None for aws/secretsmanager
    force_overwrite: bool  # ForceOverwriteReplicaSecret of the request that added the Region
    status: str = IN_PROGRESS
    message: str | None = None
    replica: Secret | None = None  # None until a copy was made
    # The primary's sealed value each replica version was copied from: a version whose value did
    # not change is not encrypted again.
    copied: dict[str, SealedValue | None] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class CrossAccountReplica:
    """A primary's replica in another account (AssociateCrossAccountReplica)."""

    replica: Secret
    role_arn: str | None
    status: str = IN_PROGRESS
    message: str | None = None
    copied: dict[str, SealedValue | None] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class Replicas:
    """On a primary: its Region replicas, by Region in the order added, and its cross-account one."""

    regions: dict[str, RegionReplica] = field(default_factory=dict)
    cross_account: CrossAccountReplica | None = None

    @property
    def empty(self) -> bool:
        return not self.regions and self.cross_account is None


@dataclass(slots=True, eq=False)
class ReplicaOf:
    """On a Region replica: its primary's ARN (an ARN, not the secret: state has no cycles)."""

    primary_arn: str


@dataclass(slots=True, eq=False)
class CrossAccountLink:
    """On a cross-account replica: the primary it was created for, and the replication status."""

    primary_arn: str
    status: str = PENDING
    message: str | None = None


class ReplicationControl:
    """What a test decides about asynchronous replication, by Region (the public API's state).

    By default a replica is brought up to date at once (InSync). A held Region keeps its
    replicas InProgress and receives nothing until released; a failing Region makes them Failed
    with the test's message.
    """

    __slots__ = ("failing", "held", "in_use", "primaries")

    def __init__(self) -> None:
        # False until the mock replicates a secret: until then writes skip every replica check.
        self.in_use = False
        self.held: set[str] = set()
        self.failing: dict[str, str] = {}
        # Every primary with replicas, by ARN: what a hold, a failure or a release applies to.
        self.primaries: dict[str, Secret] = {}

    def reset(self) -> None:
        self.in_use = False
        self.held.clear()
        self.failing.clear()
        self.primaries.clear()
