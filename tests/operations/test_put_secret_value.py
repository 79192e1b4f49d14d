"""PutSecretValue: new versions, where the staging labels go, tokens and limits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.assertions import raises_aws
from tests.botocore_model import needs
from tests.operations.support import (
    START,
    TOO_MANY_LABELS,
    at,
    reply,
    stages,
    state,
    token,
    without_token_autofill,
)

pytestmark = pytest.mark.secretmock(clock=START, seed=5)

V1, V2, V3, V4 = token(1), token(2), token(3), token(4)
MARKED_FOR_DELETION = (
    "You can't perform this operation on the secret because it was marked for deletion."
)


def test_put_secret_value_replies_with_arn_name_version_id_and_the_labels_of_the_new_version(
    client,
):
    created = client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)

    response = client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)

    assert reply(response) == {
        "ARN": created["ARN"],
        "Name": "s",
        "VersionId": V2,
        "VersionStages": ["AWSCURRENT"],
    }


def test_a_put_without_stages_moves_awscurrent_to_it_and_awsprevious_to_the_old_current(client):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)

    client.put_secret_value(SecretId="s", SecretString="three", ClientRequestToken=V3)

    # V1 lost AWSPREVIOUS, its last label: deprecated and gone from VersionIdsToStages.
    assert stages(client, "s") == {V2: ["AWSPREVIOUS"], V3: ["AWSCURRENT"]}
    assert client.get_secret_value(SecretId="s")["SecretString"] == "three"
    assert client.get_secret_value(SecretId="s", VersionId=V1)["SecretString"] == "one"


@pytest.mark.parametrize(
    "labels",
    [
        ["AWSCURRENT", "AWSPREVIOUS"],
        ["AWSPREVIOUS", "AWSCURRENT"],
        ["AWSPREVIOUS", "blue", "AWSCURRENT"],
        ["AWSPENDING", "AWSCURRENT", "AWSPREVIOUS"],
    ],
)
def test_the_new_version_gets_every_listed_label_whatever_their_order(client, labels):
    # VersionStages: the labels "to attach to this version" [DOC]; AWSCURRENT's move hands the
    # old current AWSPREVIOUS only when the request does not attach it elsewhere [INF].
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)

    response = client.put_secret_value(
        SecretId="s", SecretString="two", ClientRequestToken=V2, VersionStages=labels
    )

    assert sorted(response["VersionStages"]) == sorted(labels)
    assert {v: sorted(s) for v, s in stages(client, "s").items()} == {V2: sorted(labels)}


def test_a_put_with_awspending_leaves_awscurrent_and_awsprevious_where_they_are(client):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)

    response = client.put_secret_value(
        SecretId="s", SecretString="three", ClientRequestToken=V3, VersionStages=["AWSPENDING"]
    )

    assert response["VersionStages"] == ["AWSPENDING"]
    assert stages(client, "s") == {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT"], V3: ["AWSPENDING"]}
    assert client.get_secret_value(SecretId="s")["SecretString"] == "two"


def test_custom_labels_move_to_the_new_version_and_labels_not_named_stay_behind(client):
    # Recorded against AWS: "one", "two", "three" on V2, then "four", "one", "two" on V3.
    client.create_secret(Name="s", SecretString="zero", ClientRequestToken=V1)
    client.put_secret_value(
        SecretId="s", SecretString="a", ClientRequestToken=V2, VersionStages=["one", "two", "three"]
    )

    client.put_secret_value(
        SecretId="s", SecretString="b", ClientRequestToken=V3, VersionStages=["four", "one", "two"]
    )

    assert stages(client, "s") == {
        V1: ["AWSCURRENT"],
        V2: ["three"],
        V3: ["one", "two", "four"],
    }


def test_a_put_with_awscurrent_and_a_custom_label_moves_both_and_awsprevious_follows(client):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)

    response = client.put_secret_value(
        SecretId="s", SecretString="two", ClientRequestToken=V2, VersionStages=["AWSCURRENT", "x"]
    )

    assert response["VersionStages"] == ["AWSCURRENT", "x"]
    assert stages(client, "s") == {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT", "x"]}


def test_the_first_value_of_a_secret_created_without_one_becomes_awscurrent(client):
    client.create_secret(Name="s")

    response = client.put_secret_value(SecretId="s", SecretString="one", ClientRequestToken=V1)

    assert response["VersionStages"] == ["AWSCURRENT"]
    assert stages(client, "s") == {V1: ["AWSCURRENT"]}


def test_the_first_value_becomes_awscurrent_even_when_other_labels_are_asked_for(client):
    client.create_secret(Name="s")

    response = client.put_secret_value(
        SecretId="s", SecretString="one", ClientRequestToken=V1, VersionStages=["AWSPENDING"]
    )

    assert response["VersionStages"] == ["AWSCURRENT", "AWSPENDING"]
    assert client.get_secret_value(SecretId="s")["SecretString"] == "one"


def test_a_put_that_moves_awscurrent_off_a_version_also_carrying_awspending_leaves_it_only_awsprevious(
    client,
):
    # Recorded against AWS (2022-09): AWSPENDING went away with AWSCURRENT.
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(
        SecretId="s", SecretString="two", ClientRequestToken=V2, VersionStages=["AWSPENDING"]
    )
    client.update_secret_version_stage(
        SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=V2, RemoveFromVersionId=V1
    )
    assert stages(client, "s") == {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT", "AWSPENDING"]}

    client.put_secret_value(SecretId="s", SecretString="three", ClientRequestToken=V3)

    assert stages(client, "s") == {V2: ["AWSPREVIOUS"], V3: ["AWSCURRENT"]}


def test_a_put_with_awspending_takes_it_off_the_current_version_and_leaves_awscurrent_there(
    client,
):
    # Recorded against AWS (2022-09), the next rotation starting after a finished one.
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(
        SecretId="s", SecretString="two", ClientRequestToken=V2, VersionStages=["AWSPENDING"]
    )
    client.update_secret_version_stage(
        SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=V2, RemoveFromVersionId=V1
    )

    client.put_secret_value(
        SecretId="s", SecretString="three", ClientRequestToken=V3, VersionStages=["AWSPENDING"]
    )

    assert stages(client, "s") == {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT"], V3: ["AWSPENDING"]}


def test_the_same_token_and_value_again_is_an_idempotent_retry_with_the_same_reply(
    client, secretmock
):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    first = client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)
    before = state(secretmock)
    secretmock.advance_time(timedelta(minutes=1))

    again = client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)

    assert reply(again) == reply(first)
    assert state(secretmock) == before


def test_replaying_the_create_token_with_the_create_value_answers_with_its_current_labels(client):
    # Recorded against AWS (moto aws_verified): same reply as CreateSecret plus VersionStages.
    created = client.create_secret(Name="s", SecretString="Hello", ClientRequestToken=V1)

    response = client.put_secret_value(
        SecretId=created["ARN"], SecretString="Hello", ClientRequestToken=V1
    )

    assert reply(response) == {**reply(created), "VersionStages": ["AWSCURRENT"]}


def test_the_same_token_with_another_value_is_refused_with_awss_message(client, secretmock):
    created = client.create_secret(Name="s", SecretString="Hello", ClientRequestToken=V1)
    before = state(secretmock)

    with raises_aws(
        "ResourceExistsException",
        f"You can't use ClientRequestToken {V1} because that value is already in use for a "
        f"version of secret {created['ARN']}.",
    ):
        client.put_secret_value(SecretId="s", SecretString="Hi", ClientRequestToken=V1)

    assert state(secretmock) == before


def test_a_string_value_replayed_as_binary_is_another_value(client):
    created = client.create_secret(Name="s", SecretString="Hello", ClientRequestToken=V1)

    with raises_aws(
        "ResourceExistsException",
        f"You can't use ClientRequestToken {V1} because that value is already in use for a "
        f"version of secret {created['ARN']}.",
    ):
        client.put_secret_value(SecretId="s", SecretBinary=b"Hello", ClientRequestToken=V1)


def test_a_put_without_a_value_is_refused(client, secretmock):
    client.create_secret(Name="s", SecretString="one")
    before = state(secretmock)

    with raises_aws(
        "InvalidRequestException", "You must provide either SecretString or SecretBinary."
    ):
        client.put_secret_value(SecretId="s")

    assert state(secretmock) == before


def test_a_put_with_both_a_string_and_a_binary_value_is_refused(client, secretmock):
    client.create_secret(Name="s", SecretString="one")
    before = state(secretmock)

    with raises_aws(
        "InvalidParameterException",
        "You can't specify both a binary secret value and a string secret value in the same "
        "secret.",
    ):
        client.put_secret_value(SecretId="s", SecretString="x", SecretBinary=b"x")

    assert state(secretmock) == before


@pytest.mark.parametrize(
    ("member", "value", "path"),
    [
        ("SecretString", "x" * 65537, "secretString"),
        ("SecretString", "\N{LATIN SMALL LETTER E WITH ACUTE}" * 32769, "secretString"),
        ("SecretBinary", b"\x00" * 65537, "secretBinary"),
    ],
    ids=["ascii-string", "multibyte-string", "binary"],
)
def test_a_value_over_65536_bytes_is_a_validation_error_that_does_not_echo_the_value(
    client, secretmock, member, value, path
):
    client.create_secret(Name="s", SecretString="one")
    before = state(secretmock)

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value at '{path}' failed to satisfy constraint: "
        "Member must have length less than or equal to 65536",
    ):
        client.put_secret_value(SecretId="s", **{member: value})

    assert state(secretmock) == before


def test_a_value_of_exactly_65536_bytes_is_accepted(client):
    client.create_secret(Name="s", SecretString="one")

    client.put_secret_value(
        SecretId="s", SecretString="\N{LATIN SMALL LETTER E WITH ACUTE}" * 32768
    )
    client.put_secret_value(SecretId="s", SecretBinary=b"\xff" * 65536)

    assert client.get_secret_value(SecretId="s")["SecretBinary"] == b"\xff" * 65536


def test_a_binary_value_round_trips_as_bytes(client):
    client.create_secret(Name="s", SecretString="one")

    client.put_secret_value(SecretId="s", SecretBinary=b"\x00\x01\xfe\xff")

    assert client.get_secret_value(SecretId="s")["SecretBinary"] == b"\x00\x01\xfe\xff"


def test_more_than_20_version_stages_in_one_request_is_a_validation_error(client, secretmock):
    client.create_secret(Name="s", SecretString="one")
    before = state(secretmock)
    labels = [f"l{number}" for number in range(21)]

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '[{', '.join(labels)}]' at 'versionStages' failed "
        "to satisfy constraint: Member must have length less than or equal to 20",
    ):
        client.put_secret_value(SecretId="s", SecretString="two", VersionStages=labels)

    assert state(secretmock) == before


def test_a_version_stage_over_256_characters_is_a_validation_error(client, secretmock):
    # A list of strings is reported as a whole, with every constraint of its items, as AWS
    # reports such lists [USER: Lambda's 'layers', SSM's 'instanceIds'].
    client.create_secret(Name="s", SecretString="one")
    before = state(secretmock)
    label = "x" * 257

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '[ok, {label}]' at 'versionStages' failed to "
        "satisfy constraint: Member must satisfy constraint: [Member must have length less "
        "than or equal to 256, Member must have length greater than or equal to 1]",
    ):
        client.put_secret_value(SecretId="s", SecretString="two", VersionStages=["ok", label])

    assert state(secretmock) == before


def test_a_put_that_would_bring_the_secret_over_20_labels_is_refused_with_limit_exceeded(
    client, secretmock
):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(
        SecretId="s",
        SecretString="two",
        ClientRequestToken=V2,
        VersionStages=[f"l{number}" for number in range(19)],
    )  # AWSCURRENT + 19 = 20
    before = state(secretmock)

    with raises_aws("LimitExceededException", TOO_MANY_LABELS):
        client.put_secret_value(
            SecretId="s", SecretString="three", ClientRequestToken=V3, VersionStages=["new"]
        )

    assert state(secretmock) == before
    # Moving AWSCURRENT adds AWSPREVIOUS: that is a 21st label too.
    with raises_aws("LimitExceededException", TOO_MANY_LABELS):
        client.put_secret_value(SecretId="s", SecretString="three", ClientRequestToken=V3)
    assert state(secretmock) == before
    # Taking labels that exist already is fine.
    client.put_secret_value(
        SecretId="s", SecretString="three", ClientRequestToken=V3, VersionStages=["l0", "l1"]
    )


@needs("PutSecretValue", "RotationToken")
def test_a_rotation_token_is_accepted(client):
    client.create_secret(Name="s", SecretString="one")

    response = client.put_secret_value(
        SecretId="s", SecretString="two", RotationToken="0123456789abcdef-0123456789ABCDEF-ab"
    )

    assert response["VersionStages"] == ["AWSCURRENT"]


@needs("PutSecretValue", "RotationToken")
@pytest.mark.parametrize(
    ("rotation_token", "constraint"),
    [
        ("r" * 257, "Member must have length less than or equal to 256"),
        ("r" * 35 + "!", r"Member must satisfy regular expression pattern: ^[a-zA-Z0-9\-]+$"),
    ],
    ids=["too-long", "bad-character"],
)
def test_a_bad_rotation_token_is_a_validation_error_that_does_not_echo_it(
    client, secretmock, rotation_token, constraint
):
    client.create_secret(Name="s", SecretString="one")
    before = state(secretmock)

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value at 'rotationToken' failed to satisfy constraint: "
        f"{constraint}",
    ):
        client.put_secret_value(SecretId="s", SecretString="two", RotationToken=rotation_token)

    assert state(secretmock) == before


def test_a_put_moves_last_changed_date_but_not_created_date(client, secretmock):
    client.create_secret(Name="s", SecretString="one")
    secretmock.advance_time(timedelta(hours=2, minutes=3))

    client.put_secret_value(SecretId="s", SecretString="two")

    described = client.describe_secret(SecretId="s")
    assert (described["CreatedDate"], described["LastChangedDate"]) == (
        at(),
        at(timedelta(hours=2, minutes=3)),
    )


def test_a_put_on_a_secret_scheduled_for_deletion_is_refused(client, secretmock):
    client.create_secret(Name="s", SecretString="one")
    client.delete_secret(SecretId="s")
    before = state(secretmock)

    with raises_aws("InvalidRequestException", MARKED_FOR_DELETION):
        client.put_secret_value(SecretId="s", SecretString="two")

    assert state(secretmock) == before


def test_a_put_on_an_unknown_secret_is_not_found(client):
    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ):
        client.put_secret_value(SecretId="nope", SecretString="two")


def test_a_raw_request_without_a_client_request_token_is_refused_before_the_secret_is_looked_up(
    client, secretmock
):
    # Recorded against AWS (2023-05, signed raw HTTP): the secret did not even exist.
    raw = without_token_autofill(client)

    with raises_aws(
        "InvalidRequestException",
        "You must provide a ClientRequestToken value. We recommend a UUID-type value.",
    ):
        raw.put_secret_value(SecretId="never-created", SecretString="x")

    assert secretmock.calls[-1].params == {"SecretId": "never-created", "SecretString": "x"}
