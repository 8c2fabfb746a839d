"""Fault injection with real processes: each test starts and stops its own celery workers.

Run with `TRADECONTROL_FAULTS=1 pytest -m faults` given DATABASE_URL (PostgreSQL) and
CELERY_BROKER_URL (Redis); .ci/run does so after its integration pass. Every test run uses a queue
of its own, so no other worker on the same broker can take its tasks.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import SAMPLES
from tests.faults.support import point_producer

REPO = Path(__file__).resolve().parents[2]
STUCK_AFTER_SECONDS = 4  # the sweeper's deadline, in the workers and in the test process
READY_TIMEOUT = 60.0


def skip_reason() -> str | None:
    if os.environ.get("TRADECONTROL_FAULTS") != "1":
        return "fault-injection tests start their own celery workers: set TRADECONTROL_FAULTS=1 (.ci/run does)"
    database_url = os.environ.get("DATABASE_URL", "")
    if urlsplit(database_url).scheme not in {"postgres", "postgresql", "pgsql"}:
        return "fault-injection tests need DATABASE_URL pointing at PostgreSQL"
    if urlsplit(os.environ.get("CELERY_BROKER_URL", "")).scheme not in {"redis", "rediss"}:
        return "fault-injection tests need CELERY_BROKER_URL pointing at Redis"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = skip_reason()
    if reason is None:
        return
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if "faults" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[_failed_key] = report.failed
    return report


_failed_key = pytest.StashKey[bool]()
_timings: list[str] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The timings the tests recorded, shown even when output is captured (-q without -s)."""
    if _timings:
        terminalreporter.section("fault-injection timings")
        for line in _timings:
            terminalreporter.write_line(line)


@pytest.fixture
def timing(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """Records a timing line: printed, and repeated in the terminal summary."""

    def record(line: str) -> None:
        print(f"[faults] {line}")
        _timings.append(f"{request.node.name}: {line}")

    return record


@pytest.fixture(autouse=True)
def _tasks_in_process() -> Iterator[None]:
    """Overrides the suite's in-process tasks: here every task goes through the broker."""
    from tradecontrol.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = previous


# --- the producer side (this process) ------------------------------------------------------------


def _redis_forget_queue(broker_url: str, queue: str) -> None:
    """Drops what the run left in Redis: its queue, its bindings (its killed workers' too), its
    unacknowledged messages."""
    import json

    import redis

    client = redis.Redis.from_url(broker_url)
    try:
        for key in client.scan_iter(match=f"*{queue}*"):
            client.delete(key)
        for key in client.scan_iter(match="_kombu.binding.*"):
            for member in client.smembers(key):
                if queue.encode() in member:
                    client.srem(key, member)
        for tag, raw in client.hgetall("unacked").items():
            try:
                routing_key = json.loads(raw)[2]
            except (ValueError, IndexError, TypeError):
                continue
            if routing_key == queue:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
    finally:
        client.close()


@pytest.fixture
def broker_url() -> str:
    return os.environ["CELERY_BROKER_URL"]


@pytest.fixture
def task_queue(broker_url: str) -> Iterator[str]:
    """A queue of this test's own: tasks the test process sends go there, its workers consume it."""
    from tradecontrol.celery import app

    queue = f"faults-{uuid.uuid4().hex[:12]}"
    previous = (app.conf.get("broker_write_url"), app.conf.task_default_queue)
    point_producer(broker_url=broker_url, queue=queue)
    yield queue
    point_producer(broker_url=previous[0], queue=previous[1])
    _redis_forget_queue(broker_url, queue)


@pytest.fixture
def stuck_after(settings: Any) -> int:
    settings.SCREENING_STUCK_AFTER_SECONDS = STUCK_AFTER_SECONDS
    return STUCK_AFTER_SECONDS


# --- the workers ---------------------------------------------------------------------------------


class Worker:
    """One `celery worker` process group (prefork, two children) consuming the test's queue."""

    def __init__(self, *, name: str, queue: str, env: dict[str, str], log_path: Path):
        self.name = name
        self.hostname = f"{queue}-{name}@%h"  # the queue's clean-up finds its pidbox binding
        self.queue = queue
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> Worker:
        celery = Path(sys.executable).parent / "celery"
        command = [
            str(celery),
            "-A",
            "tradecontrol",
            "worker",
            "--loglevel=info",
            "--concurrency=2",
            "--pool=prefork",
            "-Q",
            self.queue,
            f"--hostname={self.hostname}",
            "--without-gossip",
            "--without-mingle",
        ]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=REPO,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killpg reaches the children
            )
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> float:
        """Waits for the worker's 'ready' line; returns the seconds it took."""
        assert self.process is not None
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise AssertionError(
                    f"worker {self.name} exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            if " ready." in self.log_path.read_text(errors="replace"):
                return time.monotonic() - started
            time.sleep(0.1)
        raise AssertionError(f"worker {self.name} not ready after {timeout}s:\n{self.log_tail()}")

    def kill(self) -> None:
        """kill -9 of the whole group: the parent and its pool processes die mid-task."""
        assert self.process is not None
        os.killpg(self.pid, signal.SIGKILL)
        self.process.wait(30)

    def stop(self) -> None:
        """Warm shutdown (SIGTERM: running tasks finish), then SIGKILL if it takes too long."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.pid, signal.SIGTERM)
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.pid, signal.SIGKILL)
            self.process.wait(30)
        except ProcessLookupError:
            pass

    def log_tail(self, lines: int = 60) -> str:
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def worker_database_url() -> str:
    """DATABASE_URL naming the database pytest-django created (test_<name>), for the workers."""
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    parts = urlsplit(os.environ["DATABASE_URL"])
    return parts._replace(path=f"/{name}").geturl()


@pytest.fixture
def start_worker(
    request: pytest.FixtureRequest,
    transactional_db: None,
    task_queue: str,
    broker_url: str,
    stuck_after: int,
    tmp_path: Path,
    timing: Callable[[str], None],
) -> Iterator[Callable[..., Worker]]:
    """Starts a worker on the test's queue and waits until it is ready; all are stopped at the end
    (before the database is flushed: the fixture depends on transactional_db)."""
    env = dict(os.environ)
    for name in ("TRADECONTROL_FAULTS", "TRADECONTROL_INTEGRATION", "PYTEST_CURRENT_TEST"):
        env.pop(name, None)
    env.update(
        DATABASE_URL=worker_database_url(),
        DATABASE_CONN_MAX_AGE="0",
        CELERY_BROKER_URL=broker_url,
        CELERY_TASK_DEFAULT_QUEUE=task_queue,
        CELERY_TASK_ALWAYS_EAGER="0",
        SCREENING_STUCK_AFTER_SECONDS=str(stuck_after),
        LOG_FORMAT="text",
        PYTHONUNBUFFERED="1",
    )
    started: list[Worker] = []

    def start(name: str, wait_ready: bool = True) -> Worker:
        worker = Worker(
            name=name, queue=task_queue, env=env, log_path=tmp_path / f"worker-{name}.log"
        )
        started.append(worker.start())
        if wait_ready:
            took = worker.wait_ready()
            timing(f"worker {name} (pid {worker.pid}) ready in {took:.1f}s")
        return worker

    yield start
    for worker in started:
        worker.stop()
    if request.node.stash.get(_failed_key, False):
        for worker in started:
            print(f"---- worker {worker.name} log (tail) {worker.log_path} ----")
            print(worker.log_tail())


@pytest.fixture
def eul_active(transactional_db: None) -> Any:
    """The small End User List sample, active; its re-screening job runs here, before any worker."""
    from screening.services import list_version_import
    from tradecontrol.celery import app

    app.conf.task_always_eager = True
    try:
        return list_version_import(
            source="meti-eul", path=SAMPLES / "meti-eul-sample.csv", activate=True
        )
    finally:
        app.conf.task_always_eager = False
