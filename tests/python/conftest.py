"""Fixtures for the boto3 independent-client tests of gls-emulator.

The emulator binary is located via GLS_EMULATOR_BIN (default:
<repo>/target/debug/gls-emulator), started once per test session on a free
port with a manual clock, and stopped with SIGTERM at teardown (it must exit
with status 0).
"""

import json
import os
import re
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

REPO = Path(__file__).resolve().parents[2]
DEFAULT_BIN = REPO / "target" / "debug" / "gls-emulator"
REGION = "us-west-2"
ACCESS_KEY = "test"
SECRET_KEY = "test"
ENDPOINT_RE = re.compile(r"^\s*endpoint:\s*(http://\S+)\s*$")
STARTUP_TIMEOUT_S = 30


class ControlError(Exception):
    """A non-2xx answer from the emulator's control API."""

    def __init__(self, status, body):
        super().__init__(f"HTTP {status}: {body!r}")
        self.status = status
        self.body = body


class Control:
    """Tiny client for the unsigned /_emulator control API."""

    def __init__(self, endpoint):
        self.endpoint = endpoint.rstrip("/")

    def request(self, method, path, body=None):
        data = None
        headers = {}
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(
            self.endpoint + path, data=data, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(req, timeout=10) as resp:
                raw = resp.read()
                status = resp.status
        except urllib.error.HTTPError as err:
            raw = err.read()
            try:
                parsed = json.loads(raw) if raw else None
            except ValueError:
                parsed = raw
            raise ControlError(err.code, parsed) from None
        return status, (json.loads(raw) if raw else None)

    @staticmethod
    def _sid(identifier):
        return urllib.parse.quote(identifier, safe="")

    def info(self):
        return self.request("GET", "/_emulator/info")[1]

    def reset(self):
        status, _ = self.request("POST", "/_emulator/reset")
        assert status == 204, status

    def advance(self, seconds):
        return self.request("POST", "/_emulator/clock/advance", {"Seconds": seconds})[1]

    def session(self, identifier):
        return self.request("GET", f"/_emulator/sessions/{self._sid(identifier)}")[1]

    def connect(self, identifier):
        return self.request(
            "POST", f"/_emulator/sessions/{self._sid(identifier)}/connect"
        )[1]

    def disconnect(self, identifier):
        return self.request(
            "POST", f"/_emulator/sessions/{self._sid(identifier)}/disconnect"
        )[1]

    def connections(self, identifier):
        return self.request(
            "GET", f"/_emulator/sessions/{self._sid(identifier)}/connections"
        )[1]["Connections"]

    def add_fault(self, **fault):
        status, body = self.request("POST", "/_emulator/faults", fault)
        assert status == 201, (status, body)
        assert body.get("FaultId"), body
        return body

    def clear_faults(self):
        return self.request("DELETE", "/_emulator/faults")


def _emulator_bin():
    path = Path(os.environ.get("GLS_EMULATOR_BIN", str(DEFAULT_BIN)))
    if not path.is_file() or not os.access(path, os.X_OK):
        pytest.fail(
            f"gls-emulator binary not found or not executable at {path} "
            "(build it, or set GLS_EMULATOR_BIN)"
        )
    return path


@pytest.fixture(scope="session")
def emulator():
    """Start the emulator, yield its endpoint, stop it cleanly afterwards."""
    binary = _emulator_bin()
    proc = subprocess.Popen(
        [str(binary), "--listen", "127.0.0.1:0", "--manual-clock"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    lines = []
    found = {}
    ready = threading.Event()

    def pump():
        # Keep draining stdout for the whole run so the child never blocks on
        # a full pipe; remember the endpoint line when it shows up.
        for line in proc.stdout:
            lines.append(line)
            m = ENDPOINT_RE.match(line)
            if m and "endpoint" not in found:
                found["endpoint"] = m.group(1)
                ready.set()
        ready.set()

    reader = threading.Thread(target=pump, name="gls-emulator-stdout", daemon=True)
    reader.start()
    if not ready.wait(STARTUP_TIMEOUT_S) or "endpoint" not in found:
        proc.kill()
        proc.wait(10)
        pytest.fail(
            "gls-emulator did not print its endpoint; output was:\n" + "".join(lines)
        )

    endpoint = found["endpoint"]
    try:
        yield endpoint
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                code = proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
                pytest.fail("gls-emulator did not exit within 15s of SIGTERM")
        else:
            code = proc.returncode
        reader.join(5)
        assert code == 0, (
            f"gls-emulator exited with {code} after SIGTERM; output:\n" + "".join(lines)
        )


@pytest.fixture(scope="session")
def control(emulator):
    return Control(emulator)


@pytest.fixture(autouse=True)
def info(control):
    """Reset the emulator before every test and return the fresh /_emulator/info."""
    control.reset()
    data = control.info()
    assert data["ClockMode"] == "Manual", data
    return data


@pytest.fixture
def make_client(emulator):
    """Factory for gameliftstreams clients pointed at the emulator."""

    def make(
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        retries=None,
        read_timeout=10,
    ):
        cfg = Config(
            # botocore's "max_attempts" counts *retries* (max_attempts=1 means
            # one retry); "total_max_attempts": 1 is what disables retrying.
            retries=retries or {"total_max_attempts": 1, "mode": "standard"},
            connect_timeout=5,
            read_timeout=read_timeout,
        )
        return boto3.client(
            "gameliftstreams",
            endpoint_url=emulator,
            region_name=REGION,
            aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            config=cfg,
        )

    return make


@pytest.fixture
def gls(make_client):
    """A default client (retries disabled so every error surfaces)."""
    return make_client()
