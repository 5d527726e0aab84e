"""RemoteMonitor: the epoch logs arrive at a local HTTP server."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import numpy as np
import pytest

import cornu
from cornu.callbacks import RemoteMonitor


@pytest.fixture
def server():
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server hook name
            length = int(self.headers["Content-Length"])
            received.append((self.path, self.headers["Content-Type"],
                             self.headers.get("X-Run"), self.rfile.read(length)))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", received
    httpd.shutdown()
    httpd.server_close()


def _fit(callback, epochs=2):
    x = np.ones((4, 1), "float32")
    model = cornu.Sequential([cornu.Input((1,)), cornu.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model.fit(x, x, epochs=epochs, verbose=0, callbacks=[callback])


def test_form_field_payload(server):
    root, received = server
    history = _fit(RemoteMonitor(root=root, headers={"X-Run": "7"}))
    assert len(received) == 2
    path, content_type, run, body = received[1]
    assert path == "/publish/epoch/end/"
    assert content_type == "application/x-www-form-urlencoded"
    assert run == "7"
    payload = json.loads(urllib.parse.parse_qs(body.decode())["data"][0])
    assert payload == {"epoch": 1, "loss": pytest.approx(history.history["loss"][1])}


def test_json_payload(server):
    root, received = server
    _fit(RemoteMonitor(root=root, path="/log", send_as_json=True), epochs=1)
    path, content_type, _, body = received[0]
    assert (path, content_type) == ("/log", "application/json")
    assert json.loads(body)["epoch"] == 0


def test_unreachable_server_warns():
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.warns(UserWarning, match="could not reach"):
        history = _fit(RemoteMonitor(root=f"http://127.0.0.1:{port}", timeout=2), epochs=1)
    assert history.epoch == [0]
