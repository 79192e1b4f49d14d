"""Server mode: the mock's backend over HTTP, in AWS's JSON 1.1 protocol, for any SDK or process
(replies go out in the wire form of :mod:`~secretmock._reply_wire`).

- :mod:`~secretmock._server.sigv4`: who signed a request (access key id, Region), and the
  signature check;
- :mod:`~secretmock._server.app`: the WSGI application, one request to one dispatched call;
- :mod:`~secretmock._server.state`: the whole state in an SQLite file (``--state``);
- :mod:`~secretmock._server.autosave`: that file saved again within a second of a change;
- :mod:`~secretmock._server.server`: a running server (thread or foreground) around a mock.
"""

from __future__ import annotations

DEFAULT_HOST = "127.0.0.1"
#: ``secretmock serve``'s port: not moto_server's 5000 nor LocalStack's 4566 (nor its legacy
#: 4510-4599 range).
DEFAULT_PORT = 4850
