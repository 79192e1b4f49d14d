"""GetRandomPassword through boto3: every option, AWS's character sets and errors."""

from __future__ import annotations

import random
import string
from typing import Any

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secretmock import SecretsManagerMock
from tests.assertions import raises_aws

UPPER = set(string.ascii_uppercase)
LOWER = set(string.ascii_lowercase)
DIGITS = set(string.digits)
# The 32 characters the API reference lists for ExcludePunctuation.
PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
TYPES = {"ExcludeUppercase": UPPER, "ExcludeLowercase": LOWER, "ExcludeNumbers": DIGITS}
TYPES["ExcludePunctuation"] = PUNCTUATION

TYPE_EXCLUDED = "All characters of the desired type have been excluded."
ALL_EXCLUDED = "All characters have been excluded from selection."
TOO_SHORT = "Password length is too short based on the required types."


def password(client: Any, **options: Any) -> str:
    response = client.get_random_password(**options)
    assert set(response) == {"RandomPassword", "ResponseMetadata"}
    value = response["RandomPassword"]
    assert isinstance(value, str)
    return value


def test_the_punctuation_set_is_the_32_documented_characters():
    assert len(PUNCTUATION) == 32
    assert set(string.printable) - UPPER - LOWER - DIGITS - PUNCTUATION == set(" \t\n\r\x0b\x0c")


def test_the_default_is_32_characters_of_all_four_types(client):
    for _ in range(20):
        value = password(client)
        assert len(value) == 32
        assert set(value) <= UPPER | LOWER | DIGITS | PUNCTUATION
        for chars in TYPES.values():
            assert set(value) & chars


def test_four_characters_carry_one_of_each_type(client):
    for _ in range(20):
        value = password(client, PasswordLength=4)
        assert sorted(len(set(value) & chars) for chars in TYPES.values()) == [1, 1, 1, 1]


@pytest.mark.parametrize("switch", sorted(TYPES))
def test_each_exclude_switch_removes_its_type(client, switch):
    value = password(client, PasswordLength=4096, **{switch: True})
    assert not set(value) & TYPES[switch]
    for other, chars in TYPES.items():
        if other != switch:
            assert set(value) & chars


def test_exclude_characters_removes_them_from_every_type(client):
    excluded = "aA1!Il0O"
    value = password(client, PasswordLength=4096, ExcludeCharacters=excluded)
    assert not set(value) & set(excluded)
    assert set(value) == (UPPER | LOWER | DIGITS | PUNCTUATION) - set(excluded)


def test_include_space_allows_a_space_without_requiring_one(client):
    value = password(
        client,
        PasswordLength=200,
        IncludeSpace=True,
        ExcludeUppercase=True,
        ExcludeLowercase=True,
        ExcludePunctuation=True,
        ExcludeCharacters="012345678",
    )
    assert set(value) == {"9", " "}
    for _ in range(20):
        # Four characters, four required types: no room for a space, and none is demanded.
        assert " " not in password(client, PasswordLength=4, IncludeSpace=True)


def test_exclude_characters_takes_the_space_back(client):
    value = password(client, PasswordLength=500, IncludeSpace=True, ExcludeCharacters=" ")
    assert " " not in value


def test_only_spaces_when_every_type_is_switched_off(client):
    value = password(
        client,
        PasswordLength=5,
        IncludeSpace=True,
        ExcludeUppercase=True,
        ExcludeLowercase=True,
        ExcludeNumbers=True,
        ExcludePunctuation=True,
    )
    assert value == "     "


def test_without_require_each_included_type_one_character_is_enough(client):
    value = password(client, PasswordLength=1, RequireEachIncludedType=False)
    assert len(value) == 1
    assert value in UPPER | LOWER | DIGITS | PUNCTUATION


def test_the_length_limits(client):
    assert len(password(client, PasswordLength=4096)) == 4096
    with raises_aws(
        "ValidationException",
        "1 validation error detected: Value '4097' at 'passwordLength' failed to satisfy "
        "constraint: Member must have value less than or equal to 4096",
    ):
        client.get_random_password(PasswordLength=4097)


def test_exclude_characters_is_at_most_4096_characters(client):
    excluded = "x" * 4097
    with raises_aws(
        "ValidationException",
        "2 validation errors detected: Value '5000' at 'passwordLength' failed to satisfy "
        "constraint: Member must have value less than or equal to 4096; "
        f"Value '{excluded}' at 'excludeCharacters' failed to satisfy constraint: "
        "Member must have length less than or equal to 4096",
    ):
        client.get_random_password(PasswordLength=5000, ExcludeCharacters=excluded)
    assert len(password(client, ExcludeCharacters="x" * 4096)) == 32


@pytest.mark.parametrize("length", [1, 2, 3])
def test_a_length_below_the_required_types_is_refused(client, length):
    with raises_aws("InvalidParameterException", TOO_SHORT):
        client.get_random_password(PasswordLength=length)


def test_two_required_types_need_two_characters(client):
    with raises_aws("InvalidParameterException", TOO_SHORT):
        client.get_random_password(PasswordLength=1, ExcludeNumbers=True, ExcludePunctuation=True)
    value = password(client, PasswordLength=2, ExcludeNumbers=True, ExcludePunctuation=True)
    assert set(value) & UPPER
    assert set(value) & LOWER


def test_a_required_type_emptied_by_exclude_characters_is_refused(client):
    with raises_aws("InvalidParameterException", TYPE_EXCLUDED):
        client.get_random_password(ExcludeCharacters=string.digits)


def test_an_emptied_type_is_fine_when_types_are_not_required(client):
    value = password(
        client, PasswordLength=300, ExcludeCharacters=string.digits, RequireEachIncludedType=False
    )
    assert not set(value) & DIGITS


def test_an_emptied_type_is_fine_when_its_switch_is_off(client):
    value = password(client, ExcludeCharacters=string.digits, ExcludeNumbers=True)
    assert not set(value) & DIGITS


def test_nothing_left_to_draw_from_is_refused(client):
    everything = {
        "ExcludeUppercase": True,
        "ExcludeLowercase": True,
        "ExcludeNumbers": True,
        "ExcludePunctuation": True,
    }
    with raises_aws("InvalidParameterException", ALL_EXCLUDED):
        client.get_random_password(**everything)
    with raises_aws("InvalidParameterException", ALL_EXCLUDED):
        client.get_random_password(**everything, IncludeSpace=True, ExcludeCharacters=" ")
    with raises_aws("InvalidParameterException", ALL_EXCLUDED):
        client.get_random_password(
            RequireEachIncludedType=False,
            ExcludeCharacters=string.ascii_letters + string.digits + string.punctuation,
        )


def test_a_seeded_mock_gives_the_same_passwords_on_every_run(boto3_session: boto3.Session) -> None:
    client = boto3_session.client("secretsmanager")
    runs = []
    for _ in range(2):
        with SecretsManagerMock(seed=1234):
            runs.append([password(client) for _ in range(3)])
    assert runs[0] == runs[1]
    assert len(set(runs[0])) == 3
    with SecretsManagerMock(seed=4321):
        assert password(client) != runs[0][0]


def test_an_unseeded_mock_draws_from_the_operating_system(secretmock: SecretsManagerMock) -> None:
    assert isinstance(secretmock._backend.rng, random.SystemRandom)


_options = st.fixed_dictionaries(
    {},
    optional={
        "PasswordLength": st.one_of(st.integers(1, 12), st.integers(1, 4096)),
        "ExcludeCharacters": st.text(
            alphabet=string.ascii_letters + string.digits + string.punctuation + " ", max_size=40
        ),
        "ExcludeNumbers": st.booleans(),
        "ExcludePunctuation": st.booleans(),
        "ExcludeUppercase": st.booleans(),
        "ExcludeLowercase": st.booleans(),
        "IncludeSpace": st.booleans(),
        "RequireEachIncludedType": st.booleans(),
    },
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(options=_options)
def test_every_password_obeys_its_options(client: Any, options: dict[str, Any]) -> None:
    excluded = set(options.get("ExcludeCharacters", ""))
    included = [
        chars - excluded for switch, chars in TYPES.items() if not options.get(switch, False)
    ]
    required = included if options.get("RequireEachIncludedType", True) else []
    allowed = set().union(*included)
    if options.get("IncludeSpace", False) and " " not in excluded:
        allowed.add(" ")
    length = options.get("PasswordLength", 32)

    if any(not chars for chars in required):
        with raises_aws("InvalidParameterException", TYPE_EXCLUDED):
            client.get_random_password(**options)
    elif not allowed:
        with raises_aws("InvalidParameterException", ALL_EXCLUDED):
            client.get_random_password(**options)
    elif length < len(required):
        with raises_aws("InvalidParameterException", TOO_SHORT):
            client.get_random_password(**options)
    else:
        value = password(client, **options)
        assert len(value) == length
        assert set(value) <= allowed
        for chars in required:
            assert set(value) & chars
