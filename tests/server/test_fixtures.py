"""The secretmock_server fixtures, as a test suite of users sees them."""

from __future__ import annotations

import pytest

from tests.test_pytest_plugin import INI, QUIET


@pytest.fixture
def inner(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini(INI)
    return pytester


def test_a_test_cannot_have_both_the_in_process_mock_and_a_server(inner):
    inner.makepyfile(
        """
        def test_both(secretmock, secretmock_server):
            pass
        """
    )
    result = inner.runpytest(*QUIET)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*a test cannot have both the secretmock fixture (or marker) and a secretmock "
            "server: the in-process mock would answer every call of the test, its clients' "
            "endpoint_url ones included, and the server would see none of them. Use one."
        ]
    )


def test_each_test_gets_an_empty_server_and_the_session_one_is_shared(inner):
    inner.makepyfile(
        """
        import boto3

        seen = []


        def names(server):
            client = boto3.client(
                "secretsmanager", endpoint_url=server.endpoint_url, region_name="us-east-1",
                aws_access_key_id="k", aws_secret_access_key="s",
            )
            return client, [s["Name"] for s in client.list_secrets()["SecretList"]]


        def test_one(secretmock_server, secretmock_server_session):
            for server in (secretmock_server, secretmock_server_session):
                client, found = names(server)
                assert found == []
                client.create_secret(Name="one", SecretString="x")
            seen.append(secretmock_server.endpoint_url)


        def test_two(secretmock_server, secretmock_server_session):
            assert names(secretmock_server)[1] == []
            assert names(secretmock_server_session)[1] == ["one"]
        """
    )
    result = inner.runpytest(*QUIET)
    result.assert_outcomes(passed=2)
