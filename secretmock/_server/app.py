"""The WSGI application: one HTTP request of AWS's JSON 1.1 protocol to one dispatched call.

Routing is by ``X-Amz-Target: secretsmanager.<Operation>``; the caller is the access key id of
the SigV4 Authorization header (:mod:`secretmock._identity`'s rules, as in-process) and the
Region is its credential scope's. The request body is read as AWS reads it
(:mod:`secretmock._validation.wire`: a member of the wrong JSON type is AWS's
SerializationException), then the call goes through the same dispatcher as an in-process call.
"""

from __future__ import annotations

import json
import sys
import traceback
import uuid
from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

import botocore.session
from botocore.model import OperationModel, ServiceModel

from secretmock._calls import snapshot
from secretmock._messages import MISSING_AUTHENTICATION_TOKEN
from secretmock._reply_wire import CONTENT_TYPE, encode_error, encode_reply
from secretmock._server.sigv4 import SecretKeys, Signature, is_valid, read_authorization
from secretmock._validation.wire import read_request
from secretmock.errors import SecretsManagerError, UnsupportedOperationError

if TYPE_CHECKING:
    from secretmock._mock import SecretsManagerMock

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
_TARGET_PREFIX = "secretsmanager."
_REASONS = {200: "200 OK", 400: "400 Bad Request", 500: "500 Internal Server Error"}

# AWS's answers to a request it cannot route or authenticate. [USER: the texts as users quote
# them from AWS's JSON services; UnknownOperationException has no message, HTTP 400, as quoted
# from CloudWatch Logs] The signature errors are answered only with --check-signatures.
UNKNOWN_OPERATION = ("UnknownOperationException", None)
MISSING_TOKEN = (MISSING_AUTHENTICATION_TOKEN.code, MISSING_AUTHENTICATION_TOKEN.text)
UNKNOWN_KEY = (
    "UnrecognizedClientException",
    "The security token included in the request is invalid.",
)
BAD_SIGNATURE = (
    "InvalidSignatureException",
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.",
)
# A body that is no JSON at all. [INF: AWS's JSON services answer a SerializationException]
NOT_JSON = ("SerializationException", None)


class SecretsManagerApp:
    """Answers AWS's JSON 1.1 requests for Secrets Manager from ``mock``'s backend.

    :param region: the Region of a request that has no SigV4 signature to name one.
    :param secret_keys: with it, every request's signature is checked against the secret key
        it gives for the request's access key id (None: an unknown key).
    :param after_call: called after each call the backend answered (it may have changed the
        state).
    """

    def __init__(
        self,
        mock: SecretsManagerMock,
        region: str,
        secret_keys: SecretKeys | None = None,
        after_call: Callable[[], None] | None = None,
    ) -> None:
        self.mock = mock
        self.region = region
        self.secret_keys = secret_keys
        self.after_call = after_call

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        length = environ.get("CONTENT_LENGTH")
        body: bytes = environ["wsgi.input"].read(int(length)) if length else b""
        status, request_id, payload = self.handle(environ, body)
        start_response(
            _REASONS.get(status) or f"{status} Error",
            [
                ("x-amzn-RequestId", request_id),
                ("Content-Type", CONTENT_TYPE),
                ("Content-Length", str(len(payload))),
            ],
        )
        return [payload]

    def handle(self, environ: dict[str, Any], body: bytes) -> tuple[int, str, bytes]:
        """(HTTP status, request id, body) of the answer to one request."""
        signature = read_authorization(environ.get("HTTP_AUTHORIZATION"))
        if self.secret_keys is not None:
            refused = self._refused(signature, environ, body)
            if refused is not None:
                return _error(400, *refused)
        target: str = environ.get("HTTP_X_AMZ_TARGET") or ""
        model = _operation_models().get(target.removeprefix(_TARGET_PREFIX))
        if model is None or not target.startswith(_TARGET_PREFIX):
            return _error(400, *UNKNOWN_OPERATION)
        region = signature.region if signature is not None else self.region
        access_key_id = signature.access_key_id if signature is not None else None
        try:
            shape = model.input_shape
            params = read_request(body, shape) if shape is not None else {}
        except SecretsManagerError as error:
            # Refused as AWS reads the body, before the dispatcher: recorded as the mock
            # records any refused call.
            self.mock.record_refusal(model.name, _document(body), region, access_key_id, error)
            return _error(error.http_status, error.code, error.message, error.modeled)
        except ValueError:
            return _error(400, *NOT_JSON)
        except Exception:  # a bug of the mock's reader: answered as AWS answers its own failure
            traceback.print_exc(file=sys.stderr)
            return _error(500, "InternalFailure", None)
        try:
            _, parsed = self.mock.answer(
                model, params, region, body, None, access_key_id, served=True
            )
        except UnsupportedOperationError as error:
            return _error(500, "InternalFailure", str(error))
        except Exception:  # a bug of the mock: AWS's answer to its own failure, and the trace
            traceback.print_exc(file=sys.stderr)
            return _error(500, "InternalFailure", None)
        if self.after_call is not None:
            self.after_call()
        metadata = parsed["ResponseMetadata"]
        status: int = metadata["HTTPStatusCode"]
        if status < 300:
            return status, metadata["RequestId"], encode_reply(model, parsed)
        error_members = parsed["Error"]
        payload = encode_error(error_members["Code"], error_members["Message"], "Message" in parsed)
        return status, metadata["RequestId"], payload

    def _refused(
        self, signature: Signature | None, environ: dict[str, Any], body: bytes
    ) -> tuple[str, str] | None:
        """AWS's error for a request not signed with a known secret key; None if it is."""
        assert self.secret_keys is not None
        if signature is None:
            return MISSING_TOKEN
        secret_key = self.secret_keys(signature.access_key_id)
        if secret_key is None:
            return UNKNOWN_KEY
        headers = {
            name[5:].replace("_", "-").lower(): value
            for name, value in environ.items()
            if name.startswith("HTTP_")
        }
        for name in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if name in environ:
                headers[name.replace("_", "-").lower()] = environ[name]
        valid = is_valid(
            signature,
            secret_key,
            environ.get("REQUEST_METHOD", "POST"),
            environ.get("PATH_INFO", "/"),
            environ.get("QUERY_STRING", ""),
            headers,
            body,
        )
        return None if valid else BAD_SIGNATURE


def _error(
    status: int, code: str, message: str | None, modeled: bool = False
) -> tuple[int, str, bytes]:
    return status, str(uuid.uuid4()), encode_error(code, message, modeled)


def _document(body: bytes) -> dict[str, Any]:
    """The request's members as sent, for the call record of a request AWS could not read."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return {}
    return snapshot(document) if isinstance(document, dict) else {}


@cache
def _operation_models() -> dict[str, OperationModel]:
    """Every operation of the installed botocore model, by name."""
    service: ServiceModel = botocore.session.get_session().get_service_model("secretsmanager")
    return {name: service.operation_model(name) for name in service.operation_names}
