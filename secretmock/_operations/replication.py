"""Replication: ReplicateSecretToRegions, RemoveRegionsFromReplication, StopReplicationToReplica,
AssociateCrossAccountReplica, DisassociateCrossAccountReplica, CreateSecret's replica members,
and the rules every other write follows on a replicated secret.

The state and the copying are in :mod:`secretmock._backend.replication`. Writes to a replica are
refused and writes to a primary reach its replicas through :func:`guarded`, which wraps the
handlers of the operations that change a secret: until a mock replicates its first secret, a
wrapped call pays one attribute check.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import botocore.session

from secretmock._backend.models import DETACHED, CrossAccountLink, ReplicaOf, Secret
from secretmock._backend.replication import (
    add_regions,
    associate,
    disassociate,
    is_replica,
    promote,
    propagate,
    remove_regions,
    replicas_of,
    status_entries,
)
from secretmock._backend.store import refuse_if_marked_for_deletion
from secretmock._ids import parse_secret_arn, partition_of
from secretmock._kms.keys import DEFAULT_KEY_ALIAS
from secretmock._messages import (
    CROSS_ACCOUNT_FORBIDDEN_MEMBER,
    CROSS_ACCOUNT_NEEDS_KEY,
    CROSS_ACCOUNT_NOT_LINKED,
    CROSS_ACCOUNT_ONE_REPLICA,
    CROSS_ACCOUNT_PLACE,
    DELETE_WITH_CROSS_ACCOUNT_REPLICA,
    DELETE_WITH_REPLICAS,
    INVALID_REPLICA_REGION,
    NOT_A_REPLICA,
    REPLICA_WRITE,
    SECRET_NOT_FOUND,
)
from secretmock._request import Handler, Request
from secretmock._validation.rules import Rules, secret_id
from secretmock.errors import SecretsManagerError

# The operations that change a secret: refused on a replica, and reaching a primary's replicas.
# [USER] DeleteSecret and PutResourcePolicy; [PEER moto] the others.
WRITES = (
    "UpdateSecret",
    "PutSecretValue",
    "UpdateSecretVersionStage",
    "TagResource",
    "UntagResource",
    "PutResourcePolicy",
    "DeleteResourcePolicy",
    "RotateSecret",
    "CancelRotateSecret",
    "RestoreSecret",
    "DeleteSecret",
)
# Members CreateSecret refuses beside CrossAccountPrimaryARN [DOC the model's documentation].
_NOT_WITH_CROSS_ACCOUNT_PRIMARY = (
    "SecretString",
    "SecretBinary",
    "Description",
    "AddReplicaRegions",
    "Type",
)


def guarded(operation: str, handler: Handler) -> Handler:
    """``handler`` refusing a replica, and bringing a primary's replicas up to date after it."""

    @functools.wraps(handler)
    def answer(request: Request) -> dict[str, Any]:
        if not request.backend.replication.in_use:
            return handler(request)
        try:
            secret = request.find_secret()
        except SecretsManagerError:
            # The caller may not act on it: the handler's own checks answer first and its own
            # lookup refuses the same way, the order of a mock that never replicated.
            return handler(request)
        if secret is not None and secret.replication is not None:
            refuse_write(operation, secret)
        reply = handler(request)
        if secret is not None:
            propagate(request.backend, secret, request.now)
        return reply

    return answer


def refuse_write(operation: str, secret: Secret) -> None:
    """AWS's refusal of a change to a replica, or of deleting a primary that has replicas."""
    if is_replica(secret):
        raise REPLICA_WRITE.error()
    replicas = replicas_of(secret)
    if operation != "DeleteSecret" or replicas is None:
        return
    if replicas.regions:
        raise DELETE_WITH_REPLICAS.error(
            arn=secret.arn, regions=", ".join(sorted(replicas.regions))
        )
    cross = replicas.cross_account
    if cross is not None and cross.status != DETACHED:
        raise DELETE_WITH_CROSS_ACCOUNT_REPLICA.error(arn=secret.arn, replicas=cross.replica.arn)


# -- CreateSecret -----------------------------------------------------------------------------


def requested_replicas(request: Request) -> dict[str, str | None] | None:
    """CreateSecret's AddReplicaRegions, checked (Region -> KmsKeyId); None when not given.

    Also checks CrossAccountPrimaryARN's rules. Runs before CreateSecret changes anything.
    """
    params = request.params
    primary_arn = params.get("CrossAccountPrimaryARN")
    if primary_arn is not None:
        _check_cross_account_replica(request, primary_arn)
    regions = params.get("AddReplicaRegions")
    if not regions:
        return None
    return _wanted_regions(regions, request.store.region)


def start_replicas(
    request: Request, secret: Secret, wanted: dict[str, str | None] | None
) -> dict[str, Any]:
    """The replica part of CreateSecret, once ``secret`` is in its store: its reply members."""
    primary_arn = request.params.get("CrossAccountPrimaryARN")
    if primary_arn is not None:
        secret.replication = CrossAccountLink(primary_arn)
        request.backend.replication.in_use = True
    if wanted is None:
        return {}
    force = request.params.get("ForceOverwriteReplicaSecret", False)
    entries = add_regions(request.backend, secret, wanted, force, request.now)
    return {"ReplicationStatus": status_entries(entries)}


def _check_cross_account_replica(request: Request, primary_arn: str) -> None:
    params = request.params
    for member in _NOT_WITH_CROSS_ACCOUNT_PRIMARY:
        if params.get(member) is not None:
            raise CROSS_ACCOUNT_FORBIDDEN_MEMBER.error(member=member)
    store = request.store
    primary = parse_secret_arn(primary_arn)
    if primary is None or not _same_place(primary_arn, store.region, store.account_id):
        raise CROSS_ACCOUNT_PLACE.error(primary=primary_arn, replica=params["Name"])
    kms_key_id = params.get("KmsKeyId")
    if not kms_key_id or kms_key_id.endswith(DEFAULT_KEY_ALIAS):
        raise CROSS_ACCOUNT_NEEDS_KEY.error()
    choice = request.backend.kms.choose(kms_key_id, store.account_id, store.region)
    if choice.key is None or choice.key.aws_managed:
        raise CROSS_ACCOUNT_NEEDS_KEY.error()


def _same_place(arn: str, region: str, other_account: str) -> bool:
    """Whether a secret ARN is in ``region`` (so its partition) and not in ``other_account``."""
    parsed = parse_secret_arn(arn)
    return parsed is not None and parsed.region == region and parsed.account_id != other_account


def _wanted_regions(items: Sequence[Mapping[str, Any]], own_region: str) -> dict[str, str | None]:
    """AddReplicaRegions as Region -> KmsKeyId (None: the Region's aws/secretsmanager).

    "Invalid replica region." for the secret's own Region [USER] and, assumed [INF], for a
    Region AWS does not have in the secret's partition (botocore's endpoint data).
    """
    known = _regions_of(partition_of(own_region))
    wanted: dict[str, str | None] = {}
    for item in items:
        region = item.get("Region")
        if region is None or region == own_region or region not in known:
            raise INVALID_REPLICA_REGION.error()
        wanted[region] = item.get("KmsKeyId") or None
    return wanted


@functools.cache
def _regions_of(partition: str) -> frozenset[str]:
    session = botocore.session.get_session()
    return frozenset(session.get_available_regions("secretsmanager", partition))


# -- Region replicas --------------------------------------------------------------------------


def replicate_secret_to_regions(request: Request) -> dict[str, Any]:
    """Replicate to more Regions; the reply has the entries of the Regions asked for [DOC
    example: only the added Region]."""
    secret = request.live_secret()
    refuse_write(request.operation, secret)
    own = parse_secret_arn(secret.arn)
    assert own is not None
    wanted = _wanted_regions(request.params["AddReplicaRegions"], own.region)
    force = request.params.get("ForceOverwriteReplicaSecret", False)
    entries = add_regions(request.backend, secret, wanted, force, request.now)
    return {"ARN": secret.arn, "ReplicationStatus": status_entries(entries)}


def remove_regions_from_replication(request: Request) -> dict[str, Any]:
    """Delete replicas; the reply lists the Regions that remain [DOC]."""
    secret = request.live_secret()
    refuse_write(request.operation, secret)
    remove_regions(request.backend, secret, request.params["RemoveReplicaRegions"])
    replicas = replicas_of(secret)
    remaining = status_entries(replicas.regions.values()) if replicas is not None else []
    return {"ARN": secret.arn, "ReplicationStatus": remaining}


def stop_replication_to_replica(request: Request) -> dict[str, Any]:
    """Promote a replica (called in its Region or account) to a standalone secret [DOC]."""
    secret = request.live_secret()
    if not is_replica(secret):
        raise NOT_A_REPLICA.error(arn=secret.arn)
    promote(request.backend, secret)
    return {"ARN": secret.arn}


# -- cross-account replicas -------------------------------------------------------------------


def associate_cross_account_replica(request: Request) -> dict[str, Any]:
    """Link a primary to the replica another account created for it, and replicate [DOC].

    Idempotent: associating the same replica again brings it up to date ("to repair
    replication"). A KMS failure is the replica's Failed status, not an error [INF].
    """
    params = request.params
    primary = request.live_secret()
    refuse_write(request.operation, primary)
    replica_arn: str = params["CrossAccountReplicaARN"]
    own = parse_secret_arn(primary.arn)
    assert own is not None
    if not _same_place(replica_arn, own.region, own.account_id):
        raise CROSS_ACCOUNT_PLACE.error(primary=primary.arn, replica=replica_arn)
    replica = request.backend.find(replica_arn, request.store)
    if replica is None:
        raise SECRET_NOT_FOUND.error()
    refuse_if_marked_for_deletion(replica)
    link = replica.replication
    if not isinstance(link, CrossAccountLink) or not _names(link.primary_arn, primary):
        raise CROSS_ACCOUNT_NOT_LINKED.error(replica=replica.arn, primary=primary.arn)
    replicas = replicas_of(primary)
    current = None if replicas is None else replicas.cross_account
    if current is not None and current.replica is not replica and current.status != DETACHED:
        raise CROSS_ACCOUNT_ONE_REPLICA.error(primary=primary.arn)
    status = associate(request.backend, primary, replica, params.get("ReplicationRoleARN"))
    return {
        "ARN": primary.arn,
        "CrossAccountReplicaARN": replica.arn,
        "ReplicationStatus": status,
    }


def disassociate_cross_account_replica(request: Request) -> dict[str, Any]:
    """Stop replicating to a cross-account replica: it stays, Detached, not standalone [DOC]."""
    primary = request.live_secret()
    refuse_write(request.operation, primary)
    replica_arn: str = request.params["CrossAccountReplicaARN"]
    replicas = replicas_of(primary)
    cross = None if replicas is None else replicas.cross_account
    if cross is None or replicas is None or not _names(replica_arn, cross.replica):
        raise CROSS_ACCOUNT_NOT_LINKED.error(replica=replica_arn, primary=primary.arn)
    disassociate(request.backend, primary, replicas)
    return {"ARN": primary.arn, "CrossAccountReplicaARN": cross.replica.arn}


def _names(arn: str, secret: Secret) -> bool:
    """Whether ``arn`` (complete, or partial without the suffix) names ``secret``."""
    return arn == secret.arn or (
        secret.arn.startswith(arn + "-") and len(secret.arn) == len(arn) + 7
    )


# -- DescribeSecret ---------------------------------------------------------------------------


def replication_members(secret: Secret) -> dict[str, Any]:
    """DescribeSecret's ReplicationStatus (on a primary), CrossAccountReplicas and
    CrossAccountPrimary. [INF] a Region replica reports only PrimaryRegion."""
    replication = secret.replication
    members: dict[str, Any] = {}
    if isinstance(replication, CrossAccountLink):
        primary: dict[str, Any] = {
            "PrimarySecretARN": replication.primary_arn,
            "ReplicationStatus": replication.status,
        }
        if replication.message is not None:
            primary["StatusMessage"] = replication.message
        members["CrossAccountPrimary"] = primary
    elif replication is not None and not isinstance(replication, ReplicaOf):
        if replication.regions:
            members["ReplicationStatus"] = status_entries(replication.regions.values())
        cross = replication.cross_account
        if cross is not None:
            entry: dict[str, Any] = {
                "ReplicaSecretARN": cross.replica.arn,
                "ReplicationStatus": cross.status,
            }
            if cross.role_arn is not None:
                entry["ReplicationRoleARN"] = cross.role_arn
            if cross.message is not None:
                entry["StatusMessage"] = cross.message
            members["CrossAccountReplicas"] = [entry]
    return members


HANDLERS: dict[str, Handler] = {
    "ReplicateSecretToRegions": replicate_secret_to_regions,
    "RemoveRegionsFromReplication": remove_regions_from_replication,
    "StopReplicationToReplica": stop_replication_to_replica,
    "AssociateCrossAccountReplica": associate_cross_account_replica,
    "DisassociateCrossAccountReplica": disassociate_cross_account_replica,
}

RULES: dict[str, Rules] = dict.fromkeys(HANDLERS, (secret_id,))
