from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from licensing.models import Role
from tests.factories import authority_user, exporter_at


@pytest.fixture
def acme_exporter(db: Any) -> Any:
    return exporter_at("Acme Precision K.K.", "acme")


@pytest.fixture
def rival_exporter(db: Any) -> Any:
    return exporter_at("Rival Electronics Co., Ltd.", "rival")


@pytest.fixture
def officer(db: Any) -> Any:
    return authority_user("officer1", Role.OFFICER)


@pytest.fixture
def list_admin(db: Any) -> Any:
    return authority_user("listadmin1", Role.LIST_ADMIN)


def api_as(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client
