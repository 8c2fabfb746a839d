from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from licensing.selectors import user_roles


def roles(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": frozenset()}
    return {"user_roles": user_roles(user)}
