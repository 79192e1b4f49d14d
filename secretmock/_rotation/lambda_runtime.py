"""What a handler sees while it runs: Lambda's context object and Lambda's environment."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from secretmock._rotation.functions import LambdaArn, RotationFunction

# Variables a Lambda function's environment never has, removed while a handler runs so that the
# developer's own AWS configuration cannot leak into it.
REMOVED_VARIABLES = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_SECRETS_MANAGER",
)
# Lambda gives a function the temporary credentials of its execution role. These are
# deliberately unusable: a handler that reaches a real AWS service by mistake fails to
# authenticate instead of acting with the developer's credentials.
FAKE_ACCESS_KEY_ID = "ASIASECRETMOCKLAMBDA"
FAKE_SECRET_ACCESS_KEY = "secretmock/rotation/not-a-real-secret-key"
FAKE_SESSION_TOKEN = "secretmock-rotation-function-session-token"


class CognitoIdentity:
    """``context.identity``: empty, as for every invocation that is not from a mobile SDK."""

    __slots__ = ("cognito_identity_id", "cognito_identity_pool_id")

    def __init__(self) -> None:
        self.cognito_identity_id: str | None = None
        self.cognito_identity_pool_id: str | None = None


class LambdaContext:
    """The context object a Python Lambda handler receives, with the same attributes.

    As in Lambda's Python runtime, ``memory_limit_in_mb`` is a string (it comes from the
    ``AWS_LAMBDA_FUNCTION_MEMORY_SIZE`` variable). The mock never stops a handler that runs past
    its timeout; :meth:`get_remaining_time_in_millis` only counts down.
    """

    def __init__(
        self,
        *,
        aws_request_id: str,
        function_name: str,
        function_version: str,
        invoked_function_arn: str,
        memory_limit_in_mb: str,
        log_group_name: str,
        log_stream_name: str,
        timeout: float,
    ) -> None:
        self.aws_request_id = aws_request_id
        self.function_name = function_name
        self.function_version = function_version
        self.invoked_function_arn = invoked_function_arn
        self.memory_limit_in_mb = memory_limit_in_mb
        self.log_group_name = log_group_name
        self.log_stream_name = log_stream_name
        self.identity = CognitoIdentity()
        self.client_context: object | None = None  # Secrets Manager sends none
        self.tenant_id: str | None = None
        self._deadline = time.monotonic() + timeout

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))

    def log(self, message: object) -> None:
        """Write to the function's log, as ``context.log`` does (here: standard output)."""
        sys.stdout.write(str(message))

    def __repr__(self) -> str:
        return (
            f"LambdaContext(aws_request_id={self.aws_request_id!r}, "
            f"invoked_function_arn={self.invoked_function_arn!r})"
        )


def lambda_environment(
    function: RotationFunction, invoked: LambdaArn, context: LambdaContext
) -> dict[str, str]:
    """The environment variables Lambda sets for a Python function, plus the function's own.

    SECRETS_MANAGER_ENDPOINT is what AWS's rotation templates are deployed with (the template
    code reads ``os.environ['SECRETS_MANAGER_ENDPOINT']``); a function's own ``environment``
    overrides any of these.
    """
    region = invoked.region
    suffix = "amazonaws.com.cn" if invoked.partition == "aws-cn" else "amazonaws.com"
    handler = function.handler
    handler_name = getattr(handler, "__name__", type(handler).__name__)
    module = getattr(handler, "__module__", None) or "lambda_function"
    return {
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_LAMBDA_FUNCTION_NAME": context.function_name,
        "AWS_LAMBDA_FUNCTION_VERSION": context.function_version,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": context.memory_limit_in_mb,
        "AWS_LAMBDA_LOG_GROUP_NAME": context.log_group_name,
        "AWS_LAMBDA_LOG_STREAM_NAME": context.log_stream_name,
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_EXECUTION_ENV": f"AWS_Lambda_python{sys.version_info[0]}.{sys.version_info[1]}",
        "LAMBDA_TASK_ROOT": "/var/task",
        "LAMBDA_RUNTIME_DIR": "/var/runtime",
        "_HANDLER": f"{module}.{handler_name}",
        "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_ACCESS_KEY,
        "AWS_SESSION_TOKEN": FAKE_SESSION_TOKEN,
        "SECRETS_MANAGER_ENDPOINT": f"https://secretsmanager.{region}.{suffix}",
        **function.environment,
    }


# Handlers running at once (rotations in several threads, as in server mode) share os.environ:
# each saving and restoring it on its own, the last to finish put back what another had set, and
# a handler's Lambda variables stayed in the process. The values from before the first handler
# are kept until the last one finishes, and only then put back.
_environment_lock = threading.Lock()
_handlers_running = 0
_before_handlers: dict[str, str | None] = {}


@contextmanager
def environment(variables: Mapping[str, str], removed: Sequence[str] = ()) -> Iterator[None]:
    """Set ``variables`` and unset ``removed`` in ``os.environ``; put everything back after.

    os.environ is process-wide: other threads see these values while a handler runs, and
    handlers that overlap see the variables the last of them set.
    """
    global _handlers_running
    with _environment_lock:
        for name in (*variables, *removed):
            _before_handlers.setdefault(name, os.environ.get(name))
        for name in removed:
            os.environ.pop(name, None)
        os.environ.update(variables)
        _handlers_running += 1
    try:
        yield
    finally:
        with _environment_lock:
            _handlers_running -= 1
            if not _handlers_running:
                for name, value in _before_handlers.items():
                    if value is None:
                        os.environ.pop(name, None)
                    else:
                        os.environ[name] = value
                _before_handlers.clear()
