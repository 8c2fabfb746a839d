"""Load figures of the production stack: `python -m tradecontrol.loadbench` (part of `make bench`).

Builds a throwaway PostgreSQL database, migrates it, loads the lists and demo accounts, adds
10,000 routed cases, then starts the production processes natively (gunicorn on loopback with
DJANGO_DEBUG=0, two celery worker processes on Redis) and measures, with real HTTP clients:

1. the exporter API under concurrent clients (create + submit an application, read it back):
   submissions per second and latency percentiles per request, once with every client sending as
   fast as it can (closed loop: the most the stack does) and once at a fixed offered rate;
2. the officer's queue page (10,000 cases in one queue) under concurrent officers;
3. end to end: from the submit request to the routed case, with the two workers.

Figures go to stdout and to var/bench/load.json. PostgreSQL and Redis must be reachable
(BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432; BENCH_REDIS_URL, default
redis://127.0.0.1:6379); without them the benchmark says so and exits 0 unless --require.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LISTED = [
    ("AE", "Falcon Ridge General Trading"),
    ("HK", "Bright Harbour Electronics Ltd"),
    ("TW", "Jade Summit Technology Co."),
]


# --- measurement ---------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of values; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


@dataclass
class Samples:
    """Latencies in seconds per request kind, and failures, collected by many client threads."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, ok: bool) -> None:
        with self.lock:
            if ok:
                self.latencies.setdefault(kind, []).append(seconds)
            else:
                self.failures[kind] = self.failures.get(kind, 0) + 1

    def summary(self, elapsed: float) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for kind, values in sorted(self.latencies.items()):
            out[kind] = {
                "requests": len(values),
                "per_second": round(len(values) / elapsed, 1),
                "p50_ms": round(percentile(values, 50) * 1000, 1),
                "p95_ms": round(percentile(values, 95) * 1000, 1),
                "p99_ms": round(percentile(values, 99) * 1000, 1),
                "failures": self.failures.get(kind, 0),
            }
        for kind, count in self.failures.items():
            out.setdefault(kind, {"requests": 0, "failures": count})
        return out

    def all_latencies(self) -> list[float]:
        return [v for values in self.latencies.values() for v in values]


class Client:
    """One HTTP/1.1 keep-alive connection, as a browser or an API client would hold."""

    def __init__(self, port: int, headers: dict[str, str]):
        self.port = port
        # The stack runs behind a TLS-terminating proxy in production; say so, as the proxy would.
        self.headers = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1", **headers}
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
        headers = dict(self.headers)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return response.status, content
            except (http.client.HTTPException, ConnectionError, OSError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def payload(n: int) -> dict[str, Any]:
    """A valid application; every third one names a listed end user, so screening finds hits."""
    country, end_user = LISTED[(n // 3) % 3] if n % 3 == 0 else ("AE", f"Gulf Water Services {n}")
    return {
        "destination_country": country,
        "end_use": f"Spare parts for desalination plant {n}.",
        "end_use_category": "civil",
        "goods": [
            {
                "description": "Coolant pump",
                "control_code": "",
                "hs_code": "8413.70",
                "quantity": "4",
                "unit": "pcs",
                "value_jpy": 800_000 + n,
            },
            {
                "description": "Machining centre",
                "control_code": "6(1)",
                "hs_code": "8457.10",
                "quantity": "1",
                "unit": "set",
                "value_jpy": 48_000_000,
            },
        ],
        "parties": [
            {"role": "buyer", "name": f"Desert Pumps Trading {n} LLC", "country": country},
            {"role": "consignee", "name": f"Harbour Logistics {n}", "country": country},
            {"role": "end_user", "name": end_user, "country": country},
        ],
    }


def run_clients(
    count: int,
    seconds: float,
    make_client: Callable[[int], Client],
    step: Callable[[Client, int, Samples], None],
    rate: float | None = None,
) -> tuple[Samples, float]:
    """`count` threads each repeat `step` for `seconds`; with `rate`, the steps of all clients
    together start at most `rate` times a second (evenly spaced per client), otherwise each client
    starts its next step as soon as the last one ends."""
    samples = Samples()
    deadline = time.monotonic() + seconds
    counter = iter(range(10**9))
    counter_lock = threading.Lock()

    def worker(index: int) -> None:
        client = make_client(index)
        interval = count / rate if rate else 0.0
        next_start = time.monotonic() + (random.random() * interval if rate else 0.0)
        try:
            while True:
                if rate:
                    pause = next_start - time.monotonic()
                    if pause > 0:
                        time.sleep(pause)
                    next_start += interval
                if time.monotonic() >= deadline:
                    return
                with counter_lock:
                    n = next(counter)
                step(client, n, samples)
        finally:
            client.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.monotonic() - started


def timed(client: Client, samples: Samples, kind: str, method: str, path: str, body: Any = None):
    before = time.perf_counter()
    try:
        status, content = client.request(method, path, body)
    except OSError:
        samples.add(kind, time.perf_counter() - before, ok=False)
        return None
    took = time.perf_counter() - before
    ok = 200 <= status < 300
    samples.add(kind, took, ok=ok)
    return json.loads(content) if ok and content[:1] in (b"{", b"[") else None


# --- the stack -----------------------------------------------------------------------------------


@dataclass
class Stack:
    port: int
    env: dict[str, str]
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs: Path = BASE_DIR / "var" / "bench"

    def start(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        self.logs.mkdir(parents=True, exist_ok=True)
        log = (self.logs / f"load-{name}.log").open("wb")
        process = subprocess.Popen(
            argv, cwd=BASE_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def wait_for(check: Callable[[], bool], seconds: float, what: str) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        try:
            if check():
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not happen within {seconds:.0f}s")


@contextmanager
def production_stack(
    env: dict[str, str], port: int, web_workers: int, threads: int
) -> Iterator[Stack]:
    stack = Stack(port=port, env=env)
    try:
        stack.start(
            "web",
            [
                str(BIN / "gunicorn"), "tradecontrol.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--workers", str(web_workers),
                "--worker-class", "gthread", "--threads", str(threads), "--timeout", "60",
            ],
        )  # fmt: skip
        for name in ("one", "two"):
            stack.start(
                f"worker-{name}",
                [
                    str(BIN / "celery"), "-A", "tradecontrol", "worker", "--concurrency=1",
                    "--pool=prefork", f"--hostname=bench-{name}@%h", "--loglevel=warning",
                    "--without-gossip", "--without-mingle",
                ],
            )  # fmt: skip
        probe = Client(port, {})
        wait_for(lambda: probe.request("GET", "/readyz")[0] == 200, 60, "gunicorn /readyz")
        probe.close()
        yield stack
    finally:
        stack.stop()


# --- data ----------------------------------------------------------------------------------------


def prepare_database(admin_url: str, name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(f"{admin_url}/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def seed_cases(count: int) -> tuple[str, str]:
    """`count` routed cases in the dual-use queue; returns an officer's session cookie and the
    exporter's API token."""
    from django.contrib.auth import get_user_model
    from django.test import Client as DjangoClient
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from licensing.models import (
        ApplicationStatus,
        Case,
        LicenceApplication,
        Membership,
        ReviewQueue,
    )

    User = get_user_model()
    exporter = User.objects.get(username="exporter")
    officer = User.objects.get(username="officer")
    organisation = Membership.objects.get(user=exporter).organisation
    queue = ReviewQueue.objects.get(code="dual-use")
    now = timezone.now()
    LicenceApplication.objects.bulk_create(
        (
            LicenceApplication(
                reference=f"TC-LOAD-{i:06d}",
                applicant=organisation,
                created_by=exporter,
                status=ApplicationStatus.UNDER_REVIEW,
                destination_country_id=("AE", "CN", "DE", "IN", "SG")[i % 5],
                end_use="Load benchmark",
                submitted_at=now - dt.timedelta(days=i % 120),
            )
            for i in range(count)
        ),
        batch_size=2000,
    )
    applications = LicenceApplication.objects.filter(reference__startswith="TC-LOAD-").order_by(
        "id"
    )
    Case.objects.bulk_create(
        (
            Case(
                application=application,
                queue=queue,
                assigned_to=officer if i % 3 == 0 else None,
                outcome="licence_required",
                accepted_at=now - dt.timedelta(days=i % 120),
                due_at=now + dt.timedelta(days=90 - i % 120),
            )
            for i, application in enumerate(applications.iterator())
        ),
        batch_size=2000,
    )
    from django.db import connection

    with connection.cursor() as cursor:  # fresh statistics, as autovacuum would gather
        cursor.execute("ANALYZE")
    browser = DjangoClient()
    browser.force_login(officer)
    token, _ = Token.objects.get_or_create(user=exporter)
    return browser.cookies["sessionid"].value, token.key


def routed_latencies(ids: list[int], submitted_at: dict[int, float]) -> list[float]:
    """Seconds from the end of each submit request to its case's routing."""
    from licensing.models import Case

    latencies = []
    for application_id, accepted_at in Case.objects.filter(application_id__in=ids).values_list(
        "application_id", "accepted_at"
    ):
        latencies.append(accepted_at.timestamp() - submitted_at[application_id])
    return latencies


def routed_count(ids: list[int]) -> int:
    from licensing.models import Case

    return Case.objects.filter(application_id__in=ids).count()


# --- the phases ----------------------------------------------------------------------------------


def exporter_phase(
    port: int, token: str, clients: int, seconds: float, rate: float | None, offset: int
) -> tuple[dict[str, Any], list[int], dict[int, float]]:
    ids: list[int] = []
    submitted_at: dict[int, float] = {}
    lock = threading.Lock()

    def step(client: Client, n: int, samples: Samples) -> None:
        before = time.perf_counter()
        created = timed(
            client, samples, "create", "POST", "/api/applications/", payload(offset + n)
        )
        if not created:
            return
        submitted = timed(
            client, samples, "submit", "POST", f"/api/applications/{created['id']}/submit/"
        )
        if submitted:
            with lock:
                ids.append(created["id"])
                submitted_at[created["id"]] = time.time()
            samples.add("create+submit", time.perf_counter() - before, ok=True)
        timed(client, samples, "read", "GET", f"/api/applications/{created['id']}/")

    samples, elapsed = run_clients(
        clients, seconds, lambda i: Client(port, {"Authorization": f"Token {token}"}), step, rate
    )
    figures = samples.summary(elapsed)
    api = [
        took
        for kind, values in samples.latencies.items()
        if kind != "create+submit"
        for took in values
    ]
    figures["api"] = {
        "requests": len(api),
        "per_second": round(len(api) / elapsed, 1),
        "p95_ms": round(percentile(api, 95) * 1000, 1),
        "failures": sum(samples.failures.values()),
    }
    figures["submissions_per_second"] = round(len(ids) / elapsed, 1)
    figures["clients"] = clients
    figures["seconds"] = round(elapsed, 1)
    figures["offered_rate"] = rate
    return figures, ids, submitted_at


def queue_phase(
    port: int, session: str, clients: int, seconds: float, rate: float | None = None
) -> dict[str, Any]:
    views = [
        "/queues/dual-use/",
        "/queues/dual-use/?status=all",
        "/queues/dual-use/?assigned=me",
        "/queues/dual-use/?overdue=1",
        "/queues/dual-use/?destination=CN",
    ]

    def step(client: Client, n: int, samples: Samples) -> None:
        path = random.choice(views)
        page = random.choice([1, 1, 1, 2, 5, 40])
        timed(
            client, samples, "queue page", "GET", f"{path}{'&' if '?' in path else '?'}page={page}"
        )

    samples, elapsed = run_clients(
        clients, seconds, lambda i: Client(port, {"Cookie": f"sessionid={session}"}), step, rate
    )
    figures = samples.summary(elapsed)
    figures["clients"] = clients
    figures["offered_rate"] = rate
    return figures


def end_to_end_phase(
    port: int, token: str, rate: float, seconds: float, offset: int
) -> dict[str, Any]:
    figures, ids, submitted_at = exporter_phase(port, token, 5, seconds, rate, offset)
    wait_for(lambda: routed_count(ids) == len(ids), 300, "routing every submitted application")
    latencies = routed_latencies(ids, submitted_at)
    return {
        "applications": len(ids),
        "offered_rate": rate,
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 95) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument(
        "--rate", type=float, default=6.0, help="offered submissions/s in the paced run"
    )
    parser.add_argument(
        "--page-rate", type=float, default=15.0, help="offered queue pages/s in the paced run"
    )
    parser.add_argument("--officers", type=int, default=20)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument(
        "--rescreen-parties", type=int, default=100_000, help="0 skips the re-screening run"
    )
    parser.add_argument("--lists", choices=["real", "samples"], default="real")
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", default="tradecontrol_loadbench")
    parser.add_argument("--redis-db", type=int, default=9)
    parser.add_argument(
        "--require", action="store_true", help="fail when PostgreSQL/Redis are down"
    )
    parser.add_argument("--json", default=str(BASE_DIR / "var" / "bench" / "load.json"))
    args = parser.parse_args(argv)

    admin_url = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379")
    try:
        import psycopg2
        import redis

        psycopg2.connect(f"{admin_url}/postgres", connect_timeout=3).close()
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means the stack cannot be measured
        print(f"load benchmark skipped: PostgreSQL or Redis is not reachable ({exc})")
        return 1 if args.require else 0

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tradecontrol.settings",
        "DATABASE_URL": f"{admin_url}/{args.database}",
        "CELERY_BROKER_URL": f"{redis_url}/{args.redis_db}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "load-benchmark-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
        "TOKEN_THROTTLE_RATE": "100000/min",
        "TRADECONTROL_VAR_DIR": str(BASE_DIR / "var" / "bench" / "load"),
    }
    os.environ.update(env)
    redis.Redis.from_url(env["CELERY_BROKER_URL"]).flushdb()
    prepare_database(admin_url, args.database)
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo", "--lists", args.lists)
    manage(env, "collectstatic", "--noinput", "-v", "0")
    import django

    django.setup()
    session, token = seed_cases(args.cases)
    print(f"database ready in {time.monotonic() - started:.1f}s ({args.cases} cases in one queue)")

    results: dict[str, Any] = {"settings": vars(args), "cpus": os.cpu_count()}
    with production_stack(env, args.port, args.web_workers, args.threads) as stack:
        # Warm up: every gunicorn process and both workers' screening indexes.
        warm, ids, _ = exporter_phase(stack.port, token, 4, 3, None, 10**6)
        wait_for(lambda: routed_count(ids) == len(ids), 180, "routing the warm-up applications")
        queue_phase(stack.port, session, 4, 2)

        closed, _, _ = exporter_phase(stack.port, token, args.clients, args.seconds, None, 0)
        results["exporter_api_closed_loop"] = closed
        paced, _, _ = exporter_phase(
            stack.port, token, args.clients, args.seconds, args.rate, 10**5
        )
        results["exporter_api_paced"] = paced
        results["queue_page"] = queue_phase(stack.port, session, args.officers, args.seconds)
        results["queue_page_paced"] = queue_phase(
            stack.port, session, args.officers, args.seconds, args.page_rate
        )
        results["end_to_end"] = end_to_end_phase(stack.port, token, 4.0, args.seconds, 2 * 10**5)
        if args.rescreen_parties:
            # the real End User List revision, activated over many stored parties, re-screened
            # by the running workers
            done = subprocess.run(
                [str(BIN / "python"), "manage.py", "bench_revision", "--via-worker",
                 "--parties", str(args.rescreen_parties)],
                cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True,
            )  # fmt: skip
            results["rescreen"] = [
                line for line in done.stdout.splitlines() if line.startswith("re-screening")
            ]

    report(results)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=2, default=str))
    return 0


def report(results: dict[str, Any]) -> None:
    closed, paced = results["exporter_api_closed_loop"], results["exporter_api_paced"]
    e2e = results["end_to_end"]
    print("\nload figures (gunicorn + PostgreSQL + Redis + 2 celery workers, loopback, "
          f"{results['cpus']} CPUs shared by server, workers and clients)")  # fmt: skip
    for title, figures in (
        (f"exporter API, {closed['clients']} clients, closed loop", closed),
        (f"exporter API, {paced['clients']} clients, offered {paced['offered_rate']}/s", paced),
    ):
        print(f"  {title}: {figures['submissions_per_second']} submissions/s, "
              f"{figures['api']['per_second']} requests/s, p95 {figures['api']['p95_ms']} ms, "
              f"failures {figures['api']['failures']}")  # fmt: skip
        for kind in ("create", "submit", "read"):
            if kind in figures and "p95_ms" in figures[kind]:
                f = figures[kind]
                print(f"    {kind:<7} p50 {f['p50_ms']:>7} ms  p95 {f['p95_ms']:>7} ms  "
                      f"p99 {f['p99_ms']:>7} ms  ({f['requests']} requests)")  # fmt: skip
    for queue in (results["queue_page"], results["queue_page_paced"]):
        page = queue.get("queue page", {})
        how = f"offered {queue['offered_rate']}/s" if queue["offered_rate"] else "closed loop"
        print(f"  officer queue page (10,000 cases), {queue['clients']} officers, {how}: "
              f"{page.get('per_second')} pages/s, p50 {page.get('p50_ms')} ms, "
              f"p95 {page.get('p95_ms')} ms, failures {page.get('failures')}")  # fmt: skip
    for line in results.get("rescreen", []):
        print(f"  {line}")
    print(f"  end to end, submit -> routed case, 2 workers, {e2e['offered_rate']}/s: "
          f"p50 {e2e['p50_ms']} ms, p95 {e2e['p95_ms']} ms, max {e2e['max_ms']} ms "
          f"({e2e['applications']} applications)")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
