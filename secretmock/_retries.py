"""The retries botocore would make for a reply, reported in its metadata without making them.

Against AWS, botocore retries an answer its retry mode classes as retryable, sleeping between
attempts, and the last answer reaches the caller with ``RetryAttempts`` (and, when it gave up
for lack of attempts, ``MaxAttemptsReached``) in its ``ResponseMetadata``. The mock answers in
``before-call``, where botocore's retry loop never runs, so this module asks botocore's own retry
rules, built for the client's resolved retry configuration, what they would do with the same
answer on every attempt, and writes the outcome into the reply. No code list is kept here:

- standard and adaptive mode: ``botocore.retries.standard.StandardRetryConditions``, which
  retries LimitExceededException (one of its throttling codes) and any 500/502/503/504;
- legacy mode: the checker botocore builds from its ``_retry.json`` for Secrets Manager, which
  retries a 5xx but not LimitExceededException (its ``limit_exceeded`` policy means HTTP 509;
  the 400 code is retried for Kinesis only).

Deliberate differences, for tests:

- Nothing sleeps: a test must not wait for botocore's backoff.
- A retried answer is counted, not asked for again: the operation runs once and
  ``SecretsManagerMock.calls`` holds one entry per API call. A failing operation changes no
  state (it runs atomically under the backend's lock and raises before it writes), so every
  retry would get the same answer; running it again would only record attempts AWS's caller
  never sees as calls of its own, and cost time.
- Assumed [INF]: standard mode's retry quota is not emulated. botocore keeps a bucket of 500 per
  client; a retry of a throttling answer takes 5 (of another retryable answer 14), a success
  without retries gives 1 back, an error nothing. So with the default 3 attempts, from the 51st
  LimitExceededException on one client with no successes between them, botocore does not retry
  and reports ``RetryAttempts`` 0 and ``RetryQuotaReached``; the mock keeps reporting the full
  retries. Not emulated because the quota belongs to the client, not to the mock: a client made
  once for a whole test run (a module-level client of the code under test) would carry it from
  test to test, past the mock's reset, and make a reply's metadata depend on which tests ran
  before. It would also need bookkeeping on every successful reply, the hot path, for a case
  tests hardly reach.
- Adaptive mode's client-side rate limiter is not told about the throttling answers, so later
  calls are never slowed down.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.model import OperationModel

_ENDPOINT_PREFIX = "secretsmanager"  # the key of Secrets Manager's entry in botocore's _retry.json


def report_retries(
    model: OperationModel,
    http: AWSResponse,
    parsed: dict[str, Any],
    retries: Mapping[str, Any] | None,
    first_attempt: int = 1,
) -> None:
    """Set ``RetryAttempts`` (and ``MaxAttemptsReached``) as botocore would after its retries.

    Only an error, any reply when a single attempt is allowed (standard mode then marks
    every reply MaxAttemptsReached), or a reply to a later attempt than the first (injected
    faults answered the earlier ones, see :mod:`secretmock._faults`) can carry them; other
    replies are left as they are. ``retries`` is the client's resolved retry configuration
    (``client.meta.config.retries``): botocore has already folded ``Config(retries=...)``,
    ``AWS_RETRY_MODE``, ``AWS_MAX_ATTEMPTS`` and the config file's ``retry_mode`` /
    ``max_attempts`` into ``mode`` and ``total_max_attempts``.
    """
    if (
        http.status_code < 300
        and first_attempt == 1
        and (retries is None or retries.get("total_max_attempts") != 1)
    ):
        return
    error = parsed.get("Error")
    attempts, reached = retry_outcome(
        model, http.status_code, error["Code"] if error else None, retries, first_attempt
    )
    metadata = parsed["ResponseMetadata"]
    metadata["RetryAttempts"] = attempts - 1
    if reached:
        metadata["MaxAttemptsReached"] = True


def retry_outcome(
    model: OperationModel,
    status: int,
    code: str | None,
    retries: Mapping[str, Any] | None,
    first_attempt: int = 1,
) -> tuple[int, bool]:
    """The attempt botocore's retries stop at when ``first_attempt`` and every attempt after it
    get the answer ``status`` / error ``code`` (None: a success), and whether they stop for lack
    of attempts."""
    retries = retries or {}
    total = retries.get("total_max_attempts")
    mode = retries.get("mode")
    key = (model.name, status, code, mode, total, first_attempt)
    outcome = _outcomes.get(key)
    if outcome is None:
        http = AWSResponse(None, status, {}, None)  # type: ignore[arg-type]
        parsed: dict[str, Any] = {"ResponseMetadata": {}}
        if code is not None:
            parsed["Error"] = {"Code": code, "Message": ""}
        if mode == "legacy":
            outcome = _legacy(http, parsed, total, first_attempt)
        else:  # "standard" and "adaptive" retry by the same rules
            outcome = _standard(model, http, parsed, total, first_attempt)
        _outcomes[key] = outcome
    return outcome


# Retry outcomes, by (operation, HTTP status, error code, retry mode, most attempts, first
# attempt): the only parts of a Secrets Manager reply botocore's retry rules read. Asking them
# costs more than the rest of an error answer, so each combination is asked once.
_outcomes: dict[tuple[str, int, str | None, str | None, int | None, int], tuple[int, bool]] = {}


def _standard(
    model: OperationModel,
    http: AWSResponse,
    parsed: dict[str, Any],
    total: int | None,
    attempt: int,
) -> tuple[int, bool]:
    """The attempt botocore's standard retry rules stop at, and whether for lack of attempts."""
    from botocore.retries.standard import (
        DEFAULT_MAX_ATTEMPTS,
        RetryContext,
        StandardRetryConditions,
    )

    # As botocore's standard.register_retry_handler: the client's total, else the default (it
    # has per-service defaults only for DynamoDB).
    conditions = StandardRetryConditions(max_attempts=total or DEFAULT_MAX_ATTEMPTS)
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
    http: AWSResponse, parsed: dict[str, Any], total: int | None, attempt: int
) -> tuple[int, bool]:
    """The attempt botocore's legacy retry checker stops at, and whether for lack of attempts."""
    checker = _legacy_checker(total)
    response = (http, parsed)
    while checker(
        attempt_number=attempt, response=response, caught_exception=None, retries_context=None
    ):
        attempt += 1
    return attempt, bool(parsed["ResponseMetadata"].get("MaxAttemptsReached"))


@cache
def _legacy_checker(total: int | None) -> Any:
    """The retry checker of the needs-retry handler botocore gives a legacy-mode client.

    Built as botocore's ClientCreator._register_legacy_retries builds it, without the action
    part that draws the random backoff delay.
    """
    from botocore.loaders import create_loader
    from botocore.retryhandler import create_checker_from_retry_config
    from botocore.translate import build_retry_config

    data = create_loader().load_data("_retry")
    # As ClientCreator._transform_legacy_retries: _retry.json counts retries, not attempts.
    overrides = {"max_attempts": total - 1} if total is not None else None
    config = build_retry_config(
        _ENDPOINT_PREFIX, data.get("retry", {}), data.get("definitions", {}), overrides
    )
    # botocore passes the endpoint prefix where the operation name goes; so does this.
    return create_checker_from_retry_config(config, _ENDPOINT_PREFIX)
