"""ListSecrets filters through boto3: every key's matching rule, negation, AND/OR, limits.

The recorded examples of the research notes (section 3.10) each have a test here.
"""

from __future__ import annotations

import re
import string
from typing import Any

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secretmock import SecretsManagerMock
from secretmock._operations.filters import split_words
from tests.assertions import raises_aws
from tests.operations.search_support import START, seed, with_filters

pytestmark = pytest.mark.secretmock(clock=START)
VALUE_CONSTRAINT = (
    "Member must satisfy constraint: [Member must have length less than or equal to 512, "
    r"Member must satisfy regular expression pattern: ^\!?[a-zA-Z0-9 :_@\/\+\=\.\-\!]*$]"
)


def secrets(client: Any, *specs: tuple[str, dict[str, Any]]) -> None:
    for name, params in specs:
        client.create_secret(Name=name, **params)


# -- name -------------------------------------------------------------------------------------


def test_name_is_a_case_sensitive_prefix_of_the_whole_name(client):
    secrets(client, *[(n, {}) for n in ["DatabaseSecret", "databaseSecret", "MyData", "Data"]])

    assert with_filters(client, ("name", ["Data"])) == ["DatabaseSecret", "Data"]


def test_a_slash_matches_names_that_start_with_one(client):
    # Recorded against AWS (localstack/localstack#4820, LocalStack aws-validated 2024-03).
    secrets(client, ("testing1/one", {}), ("/testing2/two", {}))

    assert with_filters(client, ("name", ["/"])) == ["/testing2/two"]
    assert with_filters(client, ("name", ["!/"])) == ["testing1/one"]
    assert with_filters(client, ("name", ["testing1 one"])) == []


# -- description: words, any case --------------------------------------------------------------


def test_description_matches_words_not_prefixes(client):
    # Recorded against AWS (LocalStack 2024-03): "a secret" matches "an secret" but not "asecret".
    secrets(
        client,
        ("exact", {"Description": "a secret"}),
        ("longer", {"Description": "an secret"}),
        ("glued", {"Description": "asecret"}),
    )

    assert with_filters(client, ("description", ["a secret"])) == ["exact", "longer"]


def test_every_word_must_start_a_word_of_the_description(client):
    # Recorded against AWS (moto aws_verified): "o t" matches "one two" and "one and two".
    secrets(
        client,
        ("both", {"Description": "one two"}),
        ("between", {"Description": "one and two"}),
        ("one", {"Description": "one"}),
        ("two", {"Description": "two"}),
        ("none", {"Description": "unrelated"}),
    )

    assert with_filters(client, ("description", ["o t"])) == ["both", "between"]
    assert with_filters(client, ("description", ["one two"])) == ["both", "between"]


def test_description_ignores_case(client):
    # The user guide's example: "My Description" matches all of these.
    descriptions = ["My Description", "my description", "My basic description"]
    descriptions.append("Description of my secret")
    secrets(client, *[(f"s{i}", {"Description": d}) for i, d in enumerate(descriptions)])
    client.create_secret(Name="other", Description="Descriptive")

    assert with_filters(client, ("description", ["My Description"])) == ["s0", "s1", "s2", "s3"]


def test_a_secret_without_description_never_matches_a_description(client):
    secrets(client, ("plain", {}), ("described", {"Description": "hello"}))

    assert with_filters(client, ("description", ["h"])) == ["described"]


# -- tags ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["tag-key", "tag-value"])
def test_tag_filters_are_case_sensitive_prefixes(client, key):
    # The user guide's example: "Prod" matches Production and Prod1, not prod or "1 Prod".
    for index, text in enumerate(["Production", "Prod1", "prod", "1 Prod"]):
        tag = {"Key": text, "Value": "v"} if key == "tag-key" else {"Key": "k", "Value": text}
        client.create_secret(Name=f"s{index}", Tags=[tag])
    client.create_secret(Name="untagged")

    assert with_filters(client, (key, ["Prod"])) == ["s0", "s1"]


def test_any_tag_may_match(client):
    client.create_secret(
        Name="app", Tags=[{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "prod"}]
    )

    assert with_filters(client, ("tag-key", ["env"])) == ["app"]
    assert with_filters(client, ("tag-value", ["pro"])) == ["app"]


# -- primary-region and owning-service ----------------------------------------------------------


def test_primary_region_is_a_case_sensitive_prefix(client, secretmock):
    seed(secretmock, "replicated", primary_region="eu-west-1")
    seed(secretmock, "elsewhere", created=1, primary_region="us-west-2")
    seed(secretmock, "local", created=2)

    assert with_filters(client, ("primary-region", ["eu-"])) == ["replicated"]
    assert with_filters(client, ("primary-region", ["EU-"])) == []
    assert with_filters(client, ("primary-region", ["!eu"])) == ["elsewhere", "local"]


def test_owning_service_is_a_prefix_in_any_case(client, secretmock):
    seed(secretmock, "rds-managed", owning_service="rds")
    seed(secretmock, "appflow-managed", created=1, owning_service="appflow")
    seed(secretmock, "mine", created=2)

    assert with_filters(client, ("owning-service", ["rd"])) == ["rds-managed"]
    assert with_filters(client, ("owning-service", ["RDS"])) == ["rds-managed"]
    assert with_filters(client, ("owning-service", ["!rds"])) == ["appflow-managed", "mine"]


# -- all: words of the name, description, tag keys and values -----------------------------------


def test_all_searches_every_attribute(client):
    client.create_secret(Name="foo")
    client.create_secret(Name="bar", Description="foo")
    client.create_secret(Name="baz", Tags=[{"Key": "foo", "Value": "1"}])
    client.create_secret(Name="qux", Tags=[{"Key": "1", "Value": "foo"}])
    client.create_secret(Name="none", Description="bar", Tags=[{"Key": "x", "Value": "y"}])

    assert with_filters(client, ("all", ["foo"])) == ["foo", "bar", "baz", "qux"]
    assert with_filters(client, ("all", ["FOO"])) == ["foo", "bar", "baz", "qux"]


def test_all_splits_names_at_case_changes(client):
    # getmoto/moto#8421, checked against AWS by the reporter: ThisTestSecret -> This Test Secret.
    secrets(client, ("ThisTestSecret", {}), ("RealSecret", {}), ("NexttestSecret", {}))

    assert with_filters(client, ("all", ["test"])) == ["ThisTestSecret"]
    assert with_filters(client, ("all", ["secret"])) == [
        "ThisTestSecret",
        "RealSecret",
        "NexttestSecret",
    ]
    assert with_filters(client, ("all", ["nexttest"])) == ["NexttestSecret"]


def test_a_value_word_must_start_a_word(client):
    # Recorded against AWS (moto aws_verified): "sec" matches SecretOne, "ret" does not.
    secrets(client, ("SecretOne", {}), ("other", {}))

    assert with_filters(client, ("all", ["sec"])) == ["SecretOne"]
    assert with_filters(client, ("all", ["ret"])) == []
    assert with_filters(client, ("all", ["One"])) == ["SecretOne"]


def test_a_run_of_capitals_gives_its_last_one_to_the_next_word(client):
    # Recorded against AWS (moto aws_verified): COMPANYthings splits into COMPAN and Ythings.
    secrets(client, ("COMPANYthings", {}), ("other", {}))

    assert with_filters(client, ("all", ["Ythings"])) == ["COMPANYthings"]
    assert with_filters(client, ("all", ["compan"])) == ["COMPANYthings"]
    assert with_filters(client, ("all", ["things"])) == []
    assert with_filters(client, ("all", ["N"])) == []


def test_special_characters_separate_words_and_match_nothing_alone(client):
    # The user guide's example: credsDatabase#892 searches for creds, Database and 892.
    client.create_secret(Name="prod/creds_Database+892", Description="x")
    client.create_secret(Name="other", Description="credsDatabase#892")
    client.create_secret(Name="unrelated", Description="creds only")

    assert with_filters(client, ("all", ["credsDatabase 892"])) == [
        "prod/creds_Database+892",
        "other",
    ]
    assert with_filters(client, ("all", ["database"])) == ["prod/creds_Database+892", "other"]
    # Recorded against AWS (moto aws_verified): a lone "+" matches nothing.
    assert with_filters(client, ("all", ["+"])) == []


def test_all_words_must_be_found_in_one_attribute(client):
    # "searching "secrets for" will return any secret with secret name, tag key, tag value, or
    # description that includes both "secrets" and "for" in the same field" [DOC].
    client.create_secret(Name="secrets-for-app")
    client.create_secret(Name="secrets", Description="for the app")

    assert with_filters(client, ("all", ["secrets for"])) == ["secrets-for-app"]


def test_letters_and_digits_are_separate_words(client):
    client.create_secret(Name="db2prod")

    assert with_filters(client, ("all", ["prod"])) == ["db2prod"]
    assert with_filters(client, ("all", ["2"])) == ["db2prod"]
    # The value splits the same way: "db2" is "db" and "2", both found; "b2" is not.
    assert with_filters(client, ("all", ["db2"])) == ["db2prod"]
    assert with_filters(client, ("all", ["b2"])) == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("credsDatabase#892", ("creds", "Database", "892")),
        ("ThisTestSecret", ("This", "Test", "Secret")),
        ("COMPANYthings", ("COMPAN", "Ythings")),
        ("SecretOne", ("Secret", "One")),
        ("my_secret/value+1", ("my", "secret", "value", "1")),
        ("HTTPServer2Go", ("HTTP", "Server", "2", "Go")),
        ("ABC", ("ABC",)),
        ("+", ()),
        ("", ()),
        ("caféÜber", ("café", "Über")),
    ],
)
def test_word_splitting(text, words):
    assert split_words(text) == words


@given(st.text(alphabet=string.ascii_letters + string.digits + " /_+=.@-#:", max_size=30))
def test_splitting_keeps_every_letter_and_digit_in_order(text):
    words = split_words(text)
    assert "".join(words) == re.sub(r"[^A-Za-z0-9]", "", text)
    for word in words:
        assert word.isdigit() or word.isalpha()
        # No word has a capital after a lower-case letter.
        assert not re.search(r"[a-z][A-Z]", word)


# -- negation, OR and AND ------------------------------------------------------------------------


def test_a_negated_value_keeps_what_does_not_match(client):
    # Recorded against AWS (LocalStack 2024-03): "!c" keeps the descriptions with no c-word.
    secrets(
        client,
        ("cat", {"Description": "a cat"}),
        ("dog", {"Description": "a Dog"}),
        ("cow", {"Description": "Cows and dogs"}),
        ("bare", {}),
    )

    assert with_filters(client, ("description", ["!c"])) == ["dog", "bare"]
    assert with_filters(client, ("all", ["!dog"])) == ["cat", "bare"]


def test_a_negated_tag_value_keeps_secrets_without_a_matching_tag(client):
    client.create_secret(Name="prod", Tags=[{"Key": "env", "Value": "prod"}])
    client.create_secret(
        Name="both", Tags=[{"Key": "a", "Value": "prod"}, {"Key": "b", "Value": "dev"}]
    )
    client.create_secret(Name="dev", Tags=[{"Key": "env", "Value": "dev"}])
    client.create_secret(Name="untagged")

    assert with_filters(client, ("tag-value", ["!prod"])) == ["dev", "untagged"]


def test_values_of_one_filter_are_alternatives(client):
    secrets(client, ("foo", {}), ("bar", {}), ("baz", {}))

    assert with_filters(client, ("name", ["foo", "bar"])) == ["foo", "bar"]
    assert with_filters(client, ("name", ["ba", "!ba"])) == ["foo", "bar", "baz"]


def test_filters_must_all_match_even_with_the_same_key(client):
    # Recorded against AWS (moto aws_verified): description:one AND description:two.
    secrets(
        client,
        ("foo", {"Description": "one two"}),
        ("bar", {"Description": "one"}),
        ("baz", {"Description": "two"}),
    )

    assert with_filters(client, ("description", ["one"]), ("description", ["two"])) == ["foo"]


def test_different_keys_combine_with_and(client):
    client.create_secret(Name="foo", Tags=[{"Key": "right", "Value": "right"}])
    client.create_secret(Name="bar", Tags=[{"Key": "right", "Value": "wrong"}])
    client.create_secret(Name="baz", Tags=[{"Key": "wrong", "Value": "right"}])

    assert with_filters(client, ("tag-key", ["right"]), ("tag-value", ["right"])) == ["foo"]


def test_filters_and_planned_deletion(client):
    client.create_secret(Name="app-live")
    client.create_secret(Name="app-gone")
    client.delete_secret(SecretId="app-gone")

    assert with_filters(client, ("name", ["app"])) == ["app-live"]
    assert with_filters(client, ("name", ["app"]), IncludePlannedDeletion=True) == [
        "app-live",
        "app-gone",
    ]


# -- limits ------------------------------------------------------------------------------------


def test_at_most_ten_filters(client):
    client.create_secret(Name="a")
    ten = [{"Key": "name", "Values": ["a"]}] * 10
    assert with_filters(client, *[("name", ["a"])] * 10) == ["a"]

    with raises_aws(
        "ValidationException",
        "1 validation error detected: Value '["
        + ", ".join(["{Key: name, Values: [a]}"] * 11)
        + "]' at 'filters' failed to satisfy constraint: Member must have length less than or "
        "equal to 10",
    ):
        client.list_secrets(Filters=[*ten, {"Key": "name", "Values": ["a"]}])


def test_at_most_ten_values_per_filter(client):
    values = [f"v{i}" for i in range(11)]
    assert with_filters(client, ("name", values[:10])) == []

    # The form users quote from AWS (jenkinsci/aws-secrets-manager-credentials-provider-plugin#235).
    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '[{', '.join(values)}]' at "
        "'filters.1.member.values' failed to satisfy constraint: Member must have length less "
        "than or equal to 10",
    ):
        client.list_secrets(Filters=[{"Key": "name", "Values": values}])


@pytest.mark.parametrize("bad", ["x" * 513, "a#b", "tab\there", "new\n", "ü"])
def test_a_value_is_at_most_512_allowed_characters(client, bad):
    client.create_secret(Name="a")
    assert with_filters(client, ("name", ["a" * 512, "b :_@/+=.-!"])) == []
    assert with_filters(client, ("name", ["!b :_@/+=.-!"])) == ["a"]

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '[ok, {bad}]' at 'filters.2.member.values' failed "
        f"to satisfy constraint: {VALUE_CONSTRAINT}",
    ):
        client.list_secrets(
            Filters=[{"Key": "name", "Values": ["a"]}, {"Key": "name", "Values": ["ok", bad]}]
        )


def test_an_unknown_key_is_refused(client):
    with raises_aws(
        "ValidationException",
        "1 validation error detected: Value 'invalid' at 'filters.1.member.key' failed to "
        "satisfy constraint: Member must satisfy enum value set: [all, name, tag-key, "
        "description, tag-value, primary-region, owning-service]",
    ):
        client.list_secrets(Filters=[{"Key": "invalid", "Values": ["foo"]}])


def test_every_violation_is_reported_at_once(client):
    with raises_aws(
        "ValidationException",
        "3 validation errors detected: Value '101' at 'maxResults' failed to satisfy "
        "constraint: Member must have value less than or equal to 100; Value 'Name' at "
        "'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value "
        "set: [all, name, tag-key, description, tag-value, primary-region, owning-service]; "
        "Value '[#]' at 'filters.2.member.values' failed to satisfy constraint: "
        f"{VALUE_CONSTRAINT}",
    ):
        client.list_secrets(
            MaxResults=101,
            Filters=[{"Key": "Name", "Values": ["a"]}, {"Key": "name", "Values": ["#"]}],
        )


def test_a_filter_without_a_key_or_values_is_refused(client):
    with raises_aws("InvalidParameterException", "Invalid filter key"):
        client.list_secrets(Filters=[{"Values": ["foo"]}])
    with raises_aws("InvalidParameterException", "Invalid filter values for key: description"):
        client.list_secrets(Filters=[{"Key": "description"}])


# -- a property over random names -------------------------------------------------------------

_names = st.lists(
    st.text(alphabet="aAbB/-_1", min_size=1, max_size=6), min_size=1, max_size=8, unique=True
)
_values = st.lists(
    st.tuples(st.booleans(), st.text(alphabet="aAbB/-_1", max_size=3)), min_size=1, max_size=3
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(all_names=_names, filters=st.lists(_values, max_size=3))
def test_name_filters_follow_prefix_negation_or_and(
    boto3_session: boto3.Session,
    all_names: list[str],
    filters: list[list[tuple[bool, str]]],
) -> None:
    client = boto3_session.client("secretsmanager")
    with SecretsManagerMock(clock=START) as mock:
        for index, name in enumerate(all_names):
            seed(mock, name, created=index)

        def passes(name: str, values: list[tuple[bool, str]]) -> bool:
            return any(name.startswith(value) != negated for negated, value in values)

        expected = [n for n in all_names if all(passes(n, values) for values in filters)]
        request = [
            ("name", [("!" if negated else "") + value for negated, value in values])
            for values in filters
        ]
        assert with_filters(client, *request) == expected
