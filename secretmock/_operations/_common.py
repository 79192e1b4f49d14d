"""Small pieces several operation families share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from secretmock._backend.models import Secret
from secretmock._backend.versioning import write_value
from secretmock._clock import Instant
from secretmock._kms.envelope import SealedValue, seal
from secretmock._kms.keys import KeyChoice
from secretmock._messages import NO_VALUE_FOR_VERSION, TOKEN_IN_USE
from secretmock._operations.key_use import sealing_key
from secretmock._operations.rotation import count_manual_change
from secretmock._request import Request
from secretmock.errors import SecretsManagerError


def token_in_use(token: str, secret: Secret) -> SecretsManagerError:
    """AWS's refusal of a ClientRequestToken already used for another value of the secret."""
    return TOKEN_IN_USE.error(token=token, arn=secret.arn)


def write_value_unless_replayed(
    request: Request,
    secret: Secret,
    token: str,
    value: str | bytes,
    stages: Iterable[str] | None,
    choice: KeyChoice,
    at: Instant,
) -> bool:
    """Store ``value`` as version ``token``, encrypted under ``choice``, unless the token
    already holds a value; whether it was stored.

    The same token with the same value is a retry of the same request: it changes nothing.
    With another value it is AWS's ResourceExistsException (PutSecretValue, UpdateSecret).
    """
    existing = secret.versions.get(token)
    if existing is not None and existing.has_value:
        if not existing.same_value(value):
            raise token_in_use(token, secret)
        return False
    write_value(secret, token, sealer(request, secret, token, choice, value), stages, at)
    count_manual_change(request.backend.rotations, secret, at)
    return True


def sealer(
    request: Request, secret: Secret, token: str, choice: KeyChoice, value: str | bytes
) -> Callable[[], SealedValue]:
    """What seals ``value`` as version ``token`` of ``secret`` under ``choice``, once the
    write's other checks have passed (secretmock._operations.key_use has the KMS refusals)."""

    def seal_value() -> SealedValue:
        return seal(value, sealing_key(request, secret.arn, token, choice), choice.reported)

    return seal_value


def given_value(params: Mapping[str, Any]) -> str | bytes | None:
    """SecretString or SecretBinary, whichever the request gives (the rules allow one)."""
    value: str | bytes | None = params.get("SecretString")
    return value if value is not None else params.get("SecretBinary")


def no_value_for_version(version_id: str) -> SecretsManagerError:
    """AWS's answer for a VersionId the secret has no value under (recorded for GetSecretValue)."""
    return NO_VALUE_FOR_VERSION.error(version_id=version_id)


def secret_metadata(secret: Secret, stages_member: str) -> dict[str, Any]:
    """A secret's metadata as DescribeSecret and ListSecrets report it, members without a value
    left out, as AWS leaves them out.

    The two differ only in the name of the version map: ``VersionIdsToStages`` in
    DescribeSecret, ``SecretVersionsToStages`` in a SecretListEntry.
    """
    members: dict[str, Any] = {"ARN": secret.arn, "Name": secret.name}
    if secret.secret_type is not None:
        members["Type"] = secret.secret_type
    if secret.description is not None:
        members["Description"] = secret.description
    if secret.kms_key_id is not None:
        # AWS omits KmsKeyId for the default key aws/secretsmanager.
        members["KmsKeyId"] = secret.kms_key_id
    members.update(rotation_members(secret))
    members["LastChangedDate"] = secret.last_changed_at.date
    if secret.last_accessed_at is not None:
        members["LastAccessedDate"] = secret.last_accessed_at.date
    if secret.deletion is not None:
        members["DeletedDate"] = secret.deletion.requested_at.date
    if secret.tags is not None:
        members["Tags"] = [dict(tag) for tag in secret.tags]
    stages = secret.version_ids_to_stages()
    if stages:
        members[stages_member] = stages
    # Set only for secrets another service manages, and for replicated secrets.
    if secret.owning_service is not None:
        members["OwningService"] = secret.owning_service
    members["CreatedDate"] = secret.created_at.date
    if secret.primary_region is not None:
        members["PrimaryRegion"] = secret.primary_region
    return members


def rotation_members(secret: Secret) -> dict[str, Any]:
    """The rotation members DescribeSecret and ListSecrets report; none before rotation was set up.

    AWS omits RotationEnabled (and the rest) for a secret whose rotation was never configured.
    After CancelRotateSecret it keeps RotationLambdaARN and RotationRules ("this field shows the
    previous rotation schedule and rotation function") and omits LastRotatedDate and
    NextRotationDate ("If ... rotation has been disabled, Secrets Manager returns null") [DOC].
    For a ScheduleExpression, RotationRules also carries the AutomaticallyAfterDays AWS computes
    from the schedule [USER, see secretmock._rotation.schedule].
    """
    rotation = secret.rotation
    if rotation is None:
        return {}
    members: dict[str, Any] = {"RotationEnabled": rotation.enabled}
    if rotation.lambda_arn is not None:
        members["RotationLambdaARN"] = rotation.lambda_arn
    if rotation.rules:
        rules = dict(rotation.rules)
        if rotation.reported_days is not None and "AutomaticallyAfterDays" not in rules:
            rules = {"AutomaticallyAfterDays": rotation.reported_days, **rules}
        members["RotationRules"] = rules
    # Kept, like the function and the rules, after CancelRotateSecret [INF].
    if rotation.external_metadata is not None:
        members["ExternalSecretRotationMetadata"] = [
            dict(item) for item in rotation.external_metadata
        ]
    if rotation.external_role_arn is not None:
        members["ExternalSecretRotationRoleArn"] = rotation.external_role_arn
    if rotation.enabled:
        if rotation.last_rotated_at is not None:
            members["LastRotatedDate"] = rotation.last_rotated_at.date
        if rotation.next_rotation_at is not None:
            members["NextRotationDate"] = rotation.next_rotation_at.date
    return members
