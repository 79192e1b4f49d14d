"""The retries botocore would make for a reply, reported in its metadata without making them.

Against AWS, botocore retries an answer its retry mode classes as retryable (for Secrets Manager
that is LimitExceededException, which botocore counts as throttling, in every mode), sleeping
between attempts, and the error reaches the caller with ``RetryAttempts`` and
``MaxAttemptsReached`` in its ``ResponseMetadata``. The mock answers in ``before-call``, where
botocore's retry loop never runs, so this module asks botocore's own retry rules what they
would do with the same answer on every attempt and writes the outcome into the reply.

Deliberate differences, for tests: nothing sleeps, and the mock answers each call once
(``SecretsManagerMock.calls`` holds one entry for it). A failing call changes nothing, so
every retry would get the same answer. Assumed [INF]: standard mode's retry quota (a per-client
bucket: 5 tokens per retry out of 500, 1 back per success) is not counted: a test would have
to make about a hundred retried calls on one client before botocore stopped retrying.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.model import OperationModel

_STANDARD_DEFAULT_MAX_ATTEMPTS = 3  # botocore.retries.standard.DEFAULT_MAX_ATTEMPTS


def report_retries(
    model: OperationModel,
    http: AWSResponse,
    parsed: dict[str, Any],
    retries: Mapping[str, Any] | None,
) -> None:
    """Set ``RetryAttempts`` (and ``MaxAttemptsReached``) as botocore would after its retries.

    ``retries`` is the client's resolved retry configuration (``client.meta.config.retries``).
    """
    retries = retries or {}
    mode = retries.get("mode", "standard")
    total = retries.get("total_max_attempts")
    if mode == "legacy":
        attempts, reached = _legacy(model, http, parsed, total)
    else:  # "standard" and "adaptive" share the same retry rules
        attempts, reached = _standard(model, http, parsed, total)
    metadata = parsed["ResponseMetadata"]
    metadata["RetryAttempts"] = attempts - 1
    if reached:
        metadata["MaxAttemptsReached"] = True


def may_report_retries(status: int, retries: Mapping[str, Any] | None) -> bool:
    """Whether a reply can carry retry metadata: an error, or any reply when only one attempt
    is allowed (standard mode then marks every reply MaxAttemptsReached)."""
    return status >= 300 or (retries is not None and retries.get("total_max_attempts") == 1)


def _standard(
    model: OperationModel, http: AWSResponse, parsed: dict[str, Any], total: int | None
) -> tuple[int, bool]:
    from botocore.retries.standard import RetryContext, StandardRetryConditions

    conditions = StandardRetryConditions(max_attempts=total or _STANDARD_DEFAULT_MAX_ATTEMPTS)
    attempt = 1
    while True:
        context = RetryContext(
            attempt_number=attempt,
            operation_model=model,
            parsed_response=parsed,
            http_response=http,
            request_context={},
        )
        if not conditions.is_retryable(context):
            return attempt, bool(context.get_retry_metadata().get("MaxAttemptsReached"))
        attempt += 1


def _legacy(
    model: OperationModel, http: AWSResponse, parsed: dict[str, Any], total: int | None
) -> tuple[int, bool]:
    handler = _legacy_handler(total)
    response = (http, {"ResponseMetadata": {}, "Error": parsed.get("Error", {})})
    attempt = 1
    while handler(
        attempts=attempt,
        response=response,
        caught_exception=None,
        operation=model,
        request_dict={"context": {}},
    ):
        attempt += 1
    return attempt, bool(response[1]["ResponseMetadata"].get("MaxAttemptsReached"))


@cache
def _legacy_handler(total: int | None) -> Any:
    """The needs-retry handler botocore gives a legacy-mode Secrets Manager client."""
    from botocore.loaders import create_loader
    from botocore.retryhandler import create_retry_handler
    from botocore.translate import build_retry_config

    data = create_loader().load_data("_retry")
    overrides = {"max_attempts": total - 1} if total is not None else None
    config = build_retry_config(
        "secretsmanager", data.get("retry", {}), data.get("definitions", {}), overrides
    )
    return create_retry_handler(config, "secretsmanager")
