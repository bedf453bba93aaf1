"""Shared fixtures: a fresh real database per test (SQLite file, or PostgreSQL when asked) and a
real uvicorn process for behaviour that depends on one.

SAMLING_TEST_DB=postgres runs the same tests against the PostgreSQL server on loopback
(SAMLING_TEST_PG_URL, default postgresql://postgres@127.0.0.1:5432/postgres)."""
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
PG_ADMIN_URL = os.environ.get("SAMLING_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
BACKEND = os.environ.get("SAMLING_TEST_DB", "sqlite")
PASSWORD = "correct horse battery"


@pytest.fixture
def database_url(tmp_path) -> Iterator[str]:
    """A new, empty database for one test."""
    if BACKEND != "postgres":
        yield f"sqlite:///{tmp_path / 'samling.db'}"
        return
    import psycopg

    name = f"samling_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def settings(database_url) -> Settings:
    """Settings pointing at the test database."""
    return Settings(database_url=database_url, results_interval=0.05)


@pytest.fixture
def client(settings) -> Iterator[TestClient]:
    """An in-process client with the lifespan running (one event loop for HTTP and websockets)."""
    with TestClient(create_app(settings)) as c:
        yield c


def sign_up(client, email: str = "fasilitator@example.no", name: str = "Fasilitator") -> dict[str, str]:
    """Create the first facilitator over the API; the Authorization header for later calls."""
    r = client.post("/api/v1/auth/signup", json={"name": name, "email": email, "password": PASSWORD})
    assert r.status_code == 201, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


@pytest.fixture
def auth(client) -> dict[str, str]:
    """Bearer header of a signed-up facilitator."""
    return sign_up(client)


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A real `samling serve` process on loopback."""

    def __init__(self, database_url: str, port: int | None = None, extra_env: dict[str, str] | None = None,
                 log_level: str = "warning"):
        self.port = port or free_port()
        self.log_level = log_level
        self.database_url = database_url
        self.base = f"http://127.0.0.1:{self.port}"
        self.ws_base = f"ws://127.0.0.1:{self.port}"
        self.extra_env = extra_env or {}
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Server":
        env = {**os.environ, "DATABASE_URL": self.database_url, **self.extra_env}
        ARTIFACTS.mkdir(exist_ok=True)
        self.log = open(ARTIFACTS / f"server-{self.port}.log", "w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", self.log_level],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; see {self.log.name}")
            try:
                if httpx.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not become healthy in 30 s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


@pytest.fixture
def server(database_url) -> Iterator[Server]:
    """A running uvicorn process on a fresh database."""
    srv = Server(database_url).start()
    yield srv
    srv.stop()
