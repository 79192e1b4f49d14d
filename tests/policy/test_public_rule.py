"""What makes a statement public: a principal the policy does not name can use it."""

from __future__ import annotations

from typing import Any

import pytest

from secretmock._policy import grants_public_access
from tests.policy.support import OWNER, policy, statement

ROOT = f"arn:aws:iam::{OWNER}:root"


def public(**members: Any) -> bool:
    return grants_public_access(policy(statement(**members)).statements[0])


PUBLIC = {
    "Principal *": {},
    "AWS *": {"Principal": {"AWS": "*"}},
    "* among principals": {"Principal": {"AWS": [ROOT, "*"]}},
    "NotPrincipal": {"Principal": None, "NotPrincipal": {"AWS": ROOT}},
    "a condition on a key that says how, not who": {
        "Condition": {"Bool": {"aws:SecureTransport": "true"}}
    },
    "a wildcard account": {"Condition": {"StringLike": {"aws:PrincipalAccount": "1234*"}}},
    "a wildcard in an ARN's account": {
        "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:lambda:*:*:function:app"}}
    },
    "IfExists on a key a request may lack": {
        "Condition": {"StringEqualsIfExists": {"aws:SourceAccount": OWNER}}
    },
    "a negated operator": {"Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-123"}}},
    "every IPv4 address": {"Condition": {"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}},
    "every IPv6 address": {"Condition": {"IpAddress": {"aws:SourceIp": ["::/0"]}}},
    "a Null check that the key is absent": {"Condition": {"Null": {"aws:SourceVpce": "true"}}},
    "an organization path whose organization is a wildcard": {
        "Condition": {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-*/r-1/*"}}
    },
    "any bucket like a name": {"Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::logs-*"}}},
}
NOT_PUBLIC = {
    "an account": {"Principal": {"AWS": "111122223333"}},
    "a role": {"Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}},
    "a service": {"Principal": {"Service": "lambda.amazonaws.com"}},
    "a Deny": {"Effect": "Deny"},
    "NotPrincipal *": {"Principal": None, "NotPrincipal": "*"},
    "one account": {"Condition": {"StringEquals": {"aws:SourceAccount": OWNER}}},
    "the principal's account, always present": {
        "Condition": {"StringEqualsIfExists": {"aws:PrincipalAccount": OWNER}}
    },
    "an organization": {"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}},
    "VPC endpoints, any case": {"Condition": {"StringEquals": {"AWS:SOURCEVPCE": ["v-1", "v-2"]}}},
    "a principal ARN": {
        "Condition": {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{OWNER}:role/app"}}
    },
    "a network": {"Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}},
    "no network at all": {"Condition": {"IpAddress": {"aws:SourceIp": "not-a-network"}}},
    "a literal star that no caller has": {
        "Condition": {"StringEquals": {"aws:PrincipalAccount": "*"}}
    },
    "a Null check that the key is present, and its value": {
        "Condition": {
            "Null": {"aws:SourceVpce": "false"},
            "StringEquals": {"aws:SourceVpce": "vpce-1"},
        }
    },
    "a key pinned, and negated for another value": {
        "Condition": {
            "StringEquals": {"aws:PrincipalOrgID": "o-1"},
            "StringNotEquals": {"aws:PrincipalOrgID": "o-2"},
        }
    },
    "the roles of one account": {
        "Condition": {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{OWNER}:role/*"}}
    },
    "the paths of one organization": {
        "Condition": {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-1/*"}}
    },
    "a ForAnyValue on an organization path": {
        "Condition": {"ForAnyValue:StringEquals": {"aws:PrincipalOrgPaths": "o-1/r-1/ou-1/"}}
    },
}


@pytest.mark.parametrize("members", PUBLIC.values(), ids=PUBLIC.keys())
def test_public(members):
    assert public(**members) is True


@pytest.mark.parametrize("members", NOT_PUBLIC.values(), ids=NOT_PUBLIC.keys())
def test_not_public(members):
    assert public(**members) is False


def test_the_stranger_is_in_an_account_the_policy_does_not_name():
    everyone_but = {"AWS": [f"{number:012d}" for number in range(3)]}

    assert public(Principal=None, NotPrincipal=everyone_but) is True
