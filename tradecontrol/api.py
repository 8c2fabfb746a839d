"""One error body for every API failure: {"status", "code", "detail", "errors"}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from tradecontrol.errors import ConflictError, InputErrors


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = "The object is not in a state that allows this."


def validation_errors(exc: DjangoValidationError) -> Any:
    if hasattr(exc, "error_dict"):
        return {field: validation_errors_list(errs) for field, errs in exc.error_dict.items()}
    return {"non_field_errors": [str(m) for m in exc.messages]}


def validation_errors_list(errors: list[Any]) -> Any:
    out: list[Any] = []
    for err in errors:
        if isinstance(err, DjangoValidationError):
            if hasattr(err, "error_dict"):
                out.append(validation_errors(err))
            else:
                out.extend(str(m) for m in err.messages)
        else:
            out.append(err)
    return out


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, InputErrors):
        exc = exceptions.ValidationError(exc.errors)
    elif isinstance(exc, ConflictError):
        exc = Conflict(str(exc))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_errors(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    body: dict[str, Any] = {"status": response.status_code}
    if isinstance(exc, exceptions.ValidationError):
        body["code"] = "invalid"
        body["detail"] = "The request has errors; nothing was changed."
        body["errors"] = data if isinstance(data, dict) else {"non_field_errors": data}
    else:
        detail = data.get("detail", data) if isinstance(data, dict) else data
        body["code"] = getattr(detail, "code", None) or _default_code(response.status_code)
        body["detail"] = str(detail)
        body["errors"] = {}
    response.data = body
    return response


def _default_code(status_code: int) -> str:
    return {
        status.HTTP_403_FORBIDDEN: "permission_denied",
        status.HTTP_404_NOT_FOUND: "not_found",
        status.HTTP_409_CONFLICT: "conflict",
    }.get(status_code, "error")
