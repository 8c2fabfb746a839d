"""Many exporters submitting at once over HTTP while two worker processes compete for the queue."""

from __future__ import annotations

import http.client
import json
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

import pytest
from rest_framework.authtoken.models import Token

from tests.faults.support import (
    assert_screened_and_routed_exactly_once,
    varied_payload,
    wait_until_screened,
)

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SUBMISSIONS = 200
CLIENTS = 20  # concurrent HTTP clients; the live server opens one database connection per request


class Http:
    """A minimal JSON client for the live server (a new connection per request)."""

    def __init__(self, base_url: str, token: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.headers = {"Authorization": f"Token {token}", "Connection": "close"}

    def post(self, path: str, body: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            headers = dict(self.headers)
            data = None
            if body is not None:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
            connection.request("POST", path, body=data, headers=headers)
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"{}")
        finally:
            connection.close()


def test_200_concurrent_submissions_over_http_are_each_screened_once(
    acme_exporter, eul_active, start_worker, live_server, timing
):
    start_worker("one")
    start_worker("two")
    http_client = Http(live_server.url, Token.objects.create(user=acme_exporter).key)

    def submit(n: int) -> tuple[int, float]:
        before = time.monotonic()
        status, created = http_client.post("/api/applications/", varied_payload(n))
        assert status == 201, created
        status, submitted = http_client.post(f"/api/applications/{created['id']}/submit/")
        assert status == 200, submitted
        # The response shows the application as it is now: a worker may already have taken it.
        assert submitted["status"] in {"submitted", "screening", "under_review"}, submitted
        assert submitted["submitted_at"], submitted
        return created["id"], time.monotonic() - before

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        results = list(pool.map(submit, range(SUBMISSIONS)))
    submitted_in = time.monotonic() - started
    ids = [app_id for app_id, _ in results]
    latencies = sorted(took for _, took in results)
    assert len(set(ids)) == SUBMISSIONS
    timing(
        f"{SUBMISSIONS} create+submit over HTTP by {CLIENTS} clients in "
        f"{submitted_in:.1f}s (median {statistics.median(latencies):.2f}s, "
        f"slowest {latencies[-1]:.2f}s per application)"
    )

    took = wait_until_screened(ids)
    timing(f"all {SUBMISSIONS} under review {took:.1f}s after the last submission")
    assert_screened_and_routed_exactly_once(ids)
