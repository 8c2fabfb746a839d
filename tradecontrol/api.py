"""One error body for every API failure: {"status", "code", "detail", "errors"}, and the
OpenAPI description of it (the schema class declares the errors each operation can answer)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular import openapi
from drf_spectacular.plumbing import force_instance, is_serializer
from drf_spectacular.utils import Direction, OpenApiResponse
from rest_framework import exceptions, serializers, status
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


# --- OpenAPI ---------------------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    """The body of every error answer (see exception_handler)."""

    status = serializers.IntegerField(help_text="the HTTP status code of the answer")
    code = serializers.CharField(
        help_text="what went wrong, for programs: invalid (field errors), parse_error, "
        "not_authenticated, authentication_failed, permission_denied, not_found, conflict, "
        "throttled, ..."
    )
    detail = serializers.CharField(help_text="what went wrong, for people")
    # DRF's metaclass takes the field out of the class body, so Serializer.errors is untouched.
    errors = serializers.DictField(  # type: ignore[assignment]
        help_text="for invalid: the messages keyed like the input, e.g. "
        '{"goods": [{"quantity": ["Enter a number."]}, {}]}; for every other code, empty'
    )


def error_response(description: str) -> OpenApiResponse:
    """An error answer in the one error shape, for @extend_schema(responses={409: ...})."""
    return OpenApiResponse(ErrorSerializer, description=description)


BAD_REQUEST = (
    "The request has errors (code invalid, with the messages per field in errors) or could not "
    "be parsed (parse_error); nothing was changed."
)
NOT_AUTHENTICATED = "No credentials, or credentials that are not valid."
FORBIDDEN = "The caller's role may not do this, or a browser session sent no CSRF token."
NOT_FOUND = (
    "No such object, or one the caller may not see (another organisation's), or an endpoint "
    "of another role, or a page past the end of a list."
)
THROTTLED = "Too many requests from this address; retry later."


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, plus the error answers each operation can give.

    Declared here once, from what the view does: 400 where it reads input (a body or filters),
    401 and 403 wherever it authenticates (a bad token; a role the service refuses, or a session
    without its CSRF token), 404 on detail routes, on paginated lists (a page past the end) and
    on endpoints that hide themselves from other roles (not_found_for_other_roles), 429 where
    throttled. Conflicts (409), and 400 for actions without a body, depend on the service: the
    views declare those with error_response().
    """

    def get_auth(self) -> list[dict[str, Any]]:
        auths = super().get_auth()
        # No permission classes (the token endpoint): anyone may call it, with or without auth.
        if not self.view.get_permissions() and {} not in auths:
            auths.append({})
        return auths

    def _get_request_for_media_type(self, serializer: Any, direction: Direction = "request") -> Any:
        # drf-spectacular makes a PATCH body partial, as DRF does; some views take the whole
        # object on PATCH too, and say so.
        serializer = force_instance(serializer)
        if (
            self.method == "PATCH"
            and getattr(self.view, "patch_takes_the_whole_object", False)
            and is_serializer(serializer)
        ):
            component = self.resolve_serializer(serializer, direction)
            return component.ref, True
        return super()._get_request_for_media_type(serializer, direction)

    def _get_response_bodies(self, direction: Direction = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, description in self.error_responses():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    error_response(description), str(code), direction=direction
                )
        return dict(sorted(responses.items()))

    def error_responses(self) -> list[tuple[int, str]]:
        view = self.view
        listing = getattr(view, "action", None) == "list"
        out: list[tuple[int, str]] = []
        takes_body = self.method in ("POST", "PUT", "PATCH") and self._get_request_body()
        filtered = listing and getattr(view, "filterset_class", None) is not None
        if takes_body or filtered:
            out.append((status.HTTP_400_BAD_REQUEST, BAD_REQUEST))
        if view.get_authenticators():
            out.append((status.HTTP_401_UNAUTHORIZED, NOT_AUTHENTICATED))
            out.append((status.HTTP_403_FORBIDDEN, FORBIDDEN))
        if (
            "{" in self.path
            or (listing and getattr(view, "pagination_class", None) is not None)
            or getattr(view, "not_found_for_other_roles", False)
        ):
            out.append((status.HTTP_404_NOT_FOUND, NOT_FOUND))
        if view.get_throttles():
            out.append((status.HTTP_429_TOO_MANY_REQUESTS, THROTTLED))
        return out
