"""What the installed botocore's model of Secrets Manager has.

secretmock supports botocore from 1.34.0 on, and CI runs the suite at both ends. A test of an
operation or a request member that an older model lacks cannot even be sent with that botocore:
it skips there, naming the botocore version.
"""

from __future__ import annotations

import botocore
import botocore.session
import pytest

_MODEL = botocore.session.get_session().get_service_model("secretsmanager")


def has(operation: str, member: str | None = None) -> bool:
    """Whether the model has ``operation`` and, if given, ``member`` in its request or reply."""
    if operation not in _MODEL.operation_names:
        return False
    if member is None:
        return True
    model = _MODEL.operation_model(operation)
    return any(
        shape is not None and member in shape.members
        for shape in (model.input_shape, model.output_shape)
    )


def needs(operation: str, member: str | None = None) -> pytest.MarkDecorator:
    """Skip the test where the installed botocore's model lacks ``operation`` or ``member``."""
    what = operation if member is None else f"{operation}'s {member}"
    return pytest.mark.skipif(
        not has(operation, member),
        reason=f"botocore {botocore.__version__}'s Secrets Manager model has no {what}",
    )


def policy_name() -> dict[str, str]:
    """The PolicyName member of a resource-policy reply, where the model has it."""
    return {"PolicyName": "default"} if has("GetResourcePolicy", "PolicyName") else {}


#: botocore's default retry mode: "legacy" in older releases, "standard" in newer ones. Legacy
#: mode does not retry LimitExceededException; standard mode retries it twice by default.
DEFAULT_RETRY_MODE: str = botocore.session.get_session().get_config_variable("retry_mode")


def default_limit_exceeded_retries(total_attempts: int = 3) -> tuple[int, bool | None]:
    """RetryAttempts and MaxAttemptsReached of a LimitExceededException in the default mode."""
    return (total_attempts - 1, True) if DEFAULT_RETRY_MODE == "standard" else (0, None)
