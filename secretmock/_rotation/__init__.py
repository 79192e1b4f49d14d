"""Rotation functions: the user's own Python handlers, run in-process as Secrets Manager runs them.

On AWS a rotation function is a Lambda function that Secrets Manager invokes once per step
(createSecret, setSecret, testSecret, finishSecret). Here a test registers a plain Python callable
``handler(event, context)`` under the function's name or ARN, and the mock calls it with the
event Secrets Manager sends, a Lambda-like context, and the environment Lambda gives a function.
The boto3 clients the handler creates are answered by the same mock, like any other client.

functions
    the registered handlers and how a Lambda ARN finds one;
lambda_runtime
    the context object and environment variables a handler sees while it runs;
log
    the rotation log (``SecretsManagerMock.rotations``);
engine
    running a rotation's steps, and the schedule of rotations due;
schedule
    RotationRules: ``rate()`` and ``cron()`` expressions, windows and the next rotation date.

What a rotation does to a secret (its AWSPENDING version, its dates) is in
:mod:`secretmock._operations.rotation`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: What a rotation function is: ``handler(event, context)``, as a Python Lambda handler. The
#: event is a dict of str to str; it is typed Any so that a handler annotated with a TypedDict of
#: the event, a Mapping or a dict of str to str fits, as Lambda's own handlers are typed.
RotationHandler = Callable[[Any, Any], object]

DEFAULT_TIMEOUT = 30.0  # seconds; the AWS rotation templates deploy their functions with 30 s
DEFAULT_MEMORY_SIZE = 128  # MB, Lambda's default
