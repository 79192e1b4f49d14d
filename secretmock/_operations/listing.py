"""ListSecrets and BatchGetSecretValue: finding secrets, and reading many values in one call.

Both page through a store with the sorted orders and NextTokens of
:mod:`secretmock._operations.pagination` and match :mod:`secretmock._operations.filters`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botocore.model import Shape

from secretmock._backend.models import Secret
from secretmock._backend.store import refuse_if_marked_for_deletion
from secretmock._clock import Instant
from secretmock._messages import (
    IDS_OR_FILTERS,
    INVALID_NEXT_TOKEN,
    MAX_RESULTS_NEEDS_FILTERS,
    SECRET_NOT_FOUND,
)
from secretmock._operations._common import secret_metadata
from secretmock._operations.filters import Filter, filter_rules, matches, parse_filters
from secretmock._operations.pagination import DEFAULT_SORT, listing_page
from secretmock._operations.values import access_day, read_value, select_version
from secretmock._request import Handler, Request
from secretmock._validation import model_maximum
from secretmock._validation.rules import Rules, check_secret_id
from secretmock.errors import SecretsManagerError


def list_entry(secret: Secret) -> dict[str, Any]:
    """A SecretListEntry: DescribeSecret's members, with SecretVersionsToStages for versions."""
    return secret_metadata(secret, "SecretVersionsToStages")


def list_secrets(request: Request) -> dict[str, Any]:
    params = request.params
    size = _page_size(request)
    token: str | None = params.get("NextToken")
    sort_by: str = params.get("SortBy", DEFAULT_SORT)
    descending = params.get("SortOrder", "asc") == "desc"
    filters = parse_filters(params.get("Filters"))
    include_deleted: bool = params.get("IncludePlannedDeletion", False)

    def wanted(secret: Secret) -> bool:
        if secret.marked_for_deletion and not include_deleted:
            return False
        return matches(secret, filters)

    found, next_token = listing_page(
        request.store, "ListSecrets", sort_by, descending, token, size, wanted
    )
    reply: dict[str, Any] = {"SecretList": [list_entry(secret) for secret in found]}
    if next_token is not None:
        reply["NextToken"] = next_token
    return reply


def ids_or_filters(params: Mapping[str, Any], shape: Shape) -> None:
    """BatchGetSecretValue takes SecretIdList or Filters, and MaxResults only with Filters."""
    ids = params.get("SecretIdList")
    if (ids is None) == ("Filters" not in params):
        raise IDS_OR_FILTERS.error()
    if ids is not None and "MaxResults" in params:
        raise MAX_RESULTS_NEEDS_FILTERS.error()


def batch_get_secret_value(request: Request) -> dict[str, Any]:
    params = request.params
    ids: list[str] | None = params.get("SecretIdList")
    token: str | None = params.get("NextToken")
    if ids is not None:
        if token is not None:
            # Assumed [INF]: an id list is answered in one page, so no token belongs to it.
            raise INVALID_NEXT_TOKEN.error()
        return _values_by_id(request, ids)
    filters = parse_filters(params["Filters"])
    return _values_by_filters(request, filters, _page_size(request), token)


def _page_size(request: Request) -> int:
    """MaxResults; without it, the most it allows (assumed [INF])."""
    size: int | None = request.params.get("MaxResults")
    return size or model_maximum(request.operation, "MaxResults")


def _values_by_id(request: Request, ids: list[str]) -> dict[str, Any]:
    """Each id read as GetSecretValue reads it; what fails goes to Errors, in request order.

    "If Secrets Manager encounters errors ... you can see the errors in Errors in the response"
    [DOC]: the code and message are GetSecretValue's for that id (assumed [INF]).
    """
    values: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    lookup = request.lookup
    day = access_day(request.now)
    for secret_id in ids:
        try:
            check_secret_id(secret_id)
            # Request.get's body, not a call to it: this runs for each of up to 20 ids.
            secret = lookup(secret_id)
            if secret is None:
                raise SECRET_NOT_FOUND.error()
            values.append(_read_current(request, secret, day))
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

    def wanted(secret: Secret) -> bool:
        return not secret.marked_for_deletion and matches(secret, filters)

    found, next_token = listing_page(
        request.store, "BatchGetSecretValue", DEFAULT_SORT, False, token, size, wanted
    )
    values: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    day = access_day(request.now)
    for secret in found:
        try:
            # Each secret is authorized as a GetSecretValue of it [DOC]; found by its ARN.
            values.append(_read_current(request, request.get(secret.arn), day))
        except SecretsManagerError as error:
            errors.append(
                {"SecretId": secret.arn, "ErrorCode": error.code, "Message": error.message}
            )
    reply: dict[str, Any] = {"SecretValues": values, "Errors": errors}
    if next_token is not None:
        reply["NextToken"] = next_token
    return reply


def _read_current(request: Request, secret: Secret, day: Instant) -> dict[str, Any]:
    refuse_if_marked_for_deletion(secret)
    # Logged as one GetSecretValue per secret [DOC], so each read stamps LastAccessedDate
    # (assumed [INF]: the facts record the logging, not the stamp).
    return read_value(request, secret, select_version(secret, None, None), day)


HANDLERS: dict[str, Handler] = {
    "ListSecrets": list_secrets,
    "BatchGetSecretValue": batch_get_secret_value,
}

RULES: dict[str, Rules] = {
    "ListSecrets": (filter_rules,),
    "BatchGetSecretValue": (ids_or_filters, filter_rules),
}
