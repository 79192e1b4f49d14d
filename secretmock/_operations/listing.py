"""ListSecrets and BatchGetSecretValue: finding secrets, and reading many values in one call.

Both page through a store with the sorted orders and NextTokens of
:mod:`secretmock._operations.pagination` and match :mod:`secretmock._operations.filters`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from secretmock._backend.models import Secret
from secretmock._backend.store import refuse_if_marked_for_deletion
from secretmock._operations._common import secret_metadata
from secretmock._operations._constraints import Violations
from secretmock._operations.filters import Filter, check_filters, matches, parse_filters
from secretmock._operations.pagination import (
    DEFAULT_SORT,
    INVALID_NEXT_TOKEN,
    MAX_TOKEN_LENGTH,
    SORT_KEYS,
    SORT_ORDERS,
    decode_listing_token,
    encode_listing_token,
    page,
    sorted_secrets,
)
from secretmock._operations.values import mark_accessed, select_version, value_reply
from secretmock._request import Handler, Request
from secretmock._validate import check_secret_id
from secretmock.errors import (
    InvalidNextTokenException,
    InvalidParameterException,
    SecretsManagerError,
)

MAX_LIST_PAGE = 100
# Assumed [INF]: without MaxResults AWS answers pages of its maximum size.
DEFAULT_LIST_PAGE = MAX_LIST_PAGE
MAX_BATCH_PAGE = 20
DEFAULT_BATCH_PAGE = MAX_BATCH_PAGE
MAX_BATCH_IDS = 20
MAX_SECRET_ID_LENGTH = 2048

# [PEER] moto's (and other emulators') texts for BatchGetSecretValue's either/or rules; AWS's
# own are unrecorded. Assumed [INF]: AWS answers the first also when neither is given.
NOT_BOTH = "Either 'SecretIdList' or 'Filters' must be provided, but not both."
MAX_RESULTS_NEEDS_FILTERS = (
    "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided."
)


def list_entry(secret: Secret) -> dict[str, Any]:
    """A SecretListEntry: DescribeSecret's members, with SecretVersionsToStages for versions."""
    return secret_metadata(secret, "SecretVersionsToStages")


def _page_size(params: Mapping[str, Any], violations: Violations, high: int, default: int) -> int:
    if "MaxResults" not in params:
        return default
    size: int = params["MaxResults"]
    violations.range("maxResults", size, 1, high)
    return size


def _token(params: Mapping[str, Any], violations: Violations) -> str | None:
    token: str | None = params.get("NextToken")
    if token is not None and len(token) > MAX_TOKEN_LENGTH:
        violations.max_length("nextToken", token, MAX_TOKEN_LENGTH)
    return token


def list_secrets(request: Request) -> dict[str, Any]:
    params = request.params
    violations = Violations()
    size = _page_size(params, violations, MAX_LIST_PAGE, DEFAULT_LIST_PAGE)
    token = _token(params, violations)
    sort_by: str = params.get("SortBy", DEFAULT_SORT)
    violations.enum("sortBy", sort_by, SORT_KEYS)
    sort_order: str = params.get("SortOrder", "asc")
    violations.enum("sortOrder", sort_order, SORT_ORDERS)
    filters = parse_filters(params.get("Filters"), violations)
    violations.raise_if_any()
    check_filters(filters)

    descending = sort_order == "desc"
    after = (
        None if token is None else decode_listing_token(token, "ListSecrets", sort_by, descending)
    )
    order = sorted_secrets(request.store, sort_by, first_page=token is None)
    include_deleted: bool = params.get("IncludePlannedDeletion", False)

    def wanted(secret: Secret) -> bool:
        if secret.marked_for_deletion and not include_deleted:
            return False
        return matches(secret, filters)

    found, last = page(order, after, descending, size, wanted)
    reply: dict[str, Any] = {"SecretList": [list_entry(secret) for secret in found]}
    if last is not None:
        reply["NextToken"] = encode_listing_token("ListSecrets", sort_by, descending, last)
    return reply


def batch_get_secret_value(request: Request) -> dict[str, Any]:
    params = request.params
    violations = Violations()
    ids: list[str] | None = params.get("SecretIdList")
    if ids is not None:
        if len(ids) > MAX_BATCH_IDS:
            violations.max_length("secretIdList", ids, MAX_BATCH_IDS)
        if any(len(secret_id) > MAX_SECRET_ID_LENGTH for secret_id in ids):
            violations.add(
                "secretIdList",
                ids,
                "Member must satisfy constraint: [Member must have length less than or equal "
                f"to {MAX_SECRET_ID_LENGTH}, Member must have length greater than or equal to 1]",
            )
    size = _page_size(params, violations, MAX_BATCH_PAGE, DEFAULT_BATCH_PAGE)
    token = _token(params, violations)
    filters = parse_filters(params.get("Filters"), violations)
    violations.raise_if_any()

    if (ids is None) == ("Filters" not in params):
        raise InvalidParameterException(NOT_BOTH)
    if ids is not None:
        if "MaxResults" in params:
            raise InvalidParameterException(MAX_RESULTS_NEEDS_FILTERS)
        if token is not None:
            # Assumed [INF]: an id list is answered in one page, so no token belongs to it.
            raise InvalidNextTokenException(INVALID_NEXT_TOKEN)
        return _values_by_id(request, ids)
    check_filters(filters)
    return _values_by_filters(request, filters, size, token)


def _values_by_id(request: Request, ids: list[str]) -> dict[str, Any]:
    """Each id read as GetSecretValue reads it; what fails goes to Errors, in request order.

    "If Secrets Manager encounters errors ... you can see the errors in Errors in the response"
    [DOC]: the code and message are GetSecretValue's for that id (assumed [INF]).
    """
    values: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for secret_id in ids:
        try:
            check_secret_id(secret_id)
            secret = request.backend.store_for_id(secret_id, request.store).get(secret_id)
            values.append(_read_current(request, secret))
        except SecretsManagerError as error:
            errors.append(
                {"SecretId": secret_id, "ErrorCode": error.code, "Message": error.message}
            )
    return {"SecretValues": values, "Errors": errors}


def _values_by_filters(
    request: Request, filters: list[Filter], size: int, token: str | None
) -> dict[str, Any]:
    """The AWSCURRENT values of the secrets ListSecrets would list, a page at a time.

    Secrets scheduled for deletion are not listed (BatchGetSecretValue has no
    IncludePlannedDeletion); a listed secret without a current value counts towards the page
    and is reported in Errors under its ARN (assumed [INF]).
    """
    after = (
        None
        if token is None
        else decode_listing_token(token, "BatchGetSecretValue", DEFAULT_SORT, False)
    )
    order = sorted_secrets(request.store, DEFAULT_SORT, first_page=token is None)

    def wanted(secret: Secret) -> bool:
        return not secret.marked_for_deletion and matches(secret, filters)

    found, last = page(order, after, False, size, wanted)
    values: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for secret in found:
        try:
            values.append(_read_current(request, secret))
        except SecretsManagerError as error:
            errors.append(
                {"SecretId": secret.arn, "ErrorCode": error.code, "Message": error.message}
            )
    reply: dict[str, Any] = {"SecretValues": values, "Errors": errors}
    if last is not None:
        reply["NextToken"] = encode_listing_token("BatchGetSecretValue", DEFAULT_SORT, False, last)
    return reply


def _read_current(request: Request, secret: Secret) -> dict[str, Any]:
    refuse_if_marked_for_deletion(secret)
    version = select_version(secret, None, None)
    # Logged as one GetSecretValue per secret [DOC], so each read stamps LastAccessedDate.
    mark_accessed(secret, version, request.now)
    return value_reply(secret, version)


HANDLERS: dict[str, Handler] = {
    "ListSecrets": list_secrets,
    "BatchGetSecretValue": batch_get_secret_value,
}
