"""``RemoteMonitor``: post each epoch's results to an HTTP server."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import warnings
from typing import Any

import numpy as np

from cornu.callbacks.callback import Callback


class RemoteMonitor(Callback):
    """Sends the epoch logs to a server with an HTTP POST at the end of every epoch.

    The payload is ``{"epoch": epoch, **logs}`` as JSON: either the whole request body
    (``send_as_json=True``, content type ``application/json``) or the value of the form
    field ``field`` (``application/x-www-form-urlencoded``). A server that cannot be
    reached gives a warning, not an error: training goes on.

    Uses only the Python standard library (no ``requests`` needed).

    Args:
        root: Root URL of the server.
        path: Path appended to ``root`` for each request.
        field: Form field that holds the JSON (when ``send_as_json=False``).
        headers: Extra HTTP headers, a dict.
        send_as_json: Send the JSON as the request body.

    Example:

    >>> monitor = RemoteMonitor(root="http://127.0.0.1:9000", send_as_json=True)
    >>> monitor.path
    '/publish/epoch/end/'
    """

    def __init__(
        self,
        root: str = "http://localhost:9000",
        path: str = "/publish/epoch/end/",
        field: str = "data",
        headers: dict | None = None,
        send_as_json: bool = False,
        timeout: float = 10.0,
    ) -> None:
        super().__init__()
        self.root = root
        self.path = path
        self.field = field
        self.headers = headers
        self.send_as_json = send_as_json
        self.timeout = timeout

    def on_epoch_end(self, epoch: int, logs=None) -> None:
        payload = {"epoch": epoch}
        for key, value in (logs or {}).items():
            payload[key] = _plain(value)
        text = json.dumps(payload)
        headers = dict(self.headers or {})
        if self.send_as_json:
            body = text.encode("utf-8")
            headers.setdefault("Content-Type", "application/json")
        else:
            body = urllib.parse.urlencode({self.field: text}).encode("utf-8")
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        request = urllib.request.Request(
            self.root + self.path, data=body, headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except (urllib.error.URLError, OSError, ValueError) as error:
            warnings.warn(
                f"RemoteMonitor: could not reach the server at {self.root} ({error}); "
                "the results of this epoch were not sent.",
                stacklevel=2,
            )


def _plain(value: Any) -> Any:
    """A JSON-ready version of a log value (NumPy scalars and arrays as Python values)."""
    if isinstance(value, (np.ndarray, np.generic)):
        return value.tolist()
    return value
