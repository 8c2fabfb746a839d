"""Structured logs: one JSON object per line, carrying the request id (web) or task context (workers)."""

from __future__ import annotations

import contextvars
import json
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
log_context: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "log_context", default=None
)


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        record.context = log_context.get() or {}
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        body: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", "")
        if rid:
            body["request_id"] = rid
        body.update(getattr(record, "context", {}) or {})
        if record.exc_info:
            body["exception"] = self.formatException(record.exc_info)
        return json.dumps(body, ensure_ascii=False, default=str)


class RequestIdMiddleware:
    """Takes X-Request-ID from the proxy or makes one, logs with it and returns it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = (
            incoming
            if incoming and len(incoming) <= 64 and incoming.replace("-", "").isalnum()
            else uuid.uuid4().hex
        )
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = rid
        return response


class bound_context:  # noqa: N801 (used like a function: with bound_context(application_id=1): ...)
    """Adds fields to every log line written inside the block (e.g. the application a task works on)."""

    def __init__(self, **fields: Any):
        self.fields = fields
        self.token: contextvars.Token[dict[str, Any] | None] | None = None

    def __enter__(self) -> None:
        self.token = log_context.set({**(log_context.get() or {}), **self.fields})

    def __exit__(self, *exc: object) -> None:
        if self.token is not None:
            log_context.reset(self.token)
