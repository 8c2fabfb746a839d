from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "tests" / "samples"


def shared_data_dir() -> Path:
    return Path(os.environ.get("SCREENING_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture
def shared_data() -> Path:
    """The real lists and benchmarks; tests that need them skip with a reason when absent."""
    path = shared_data_dir()
    if not (path / "lists").is_dir():
        pytest.skip(f"real list data not found at {path} (set SCREENING_DATA)")
    return path


@pytest.fixture
def samples() -> Path:
    return SAMPLES


INTEGRATION = os.environ.get("TRADECONTROL_INTEGRATION") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if INTEGRATION:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL, Redis and a celery worker: run by .ci/run")
    for item in items:
        if "integration" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _tasks_in_process(request: pytest.FixtureRequest) -> object:
    """Unit tests run tasks in-process in both CI passes; integration tests use the real worker."""
    from tradecontrol.celery import app

    if "integration" in request.keywords:
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _fresh_index() -> object:
    """Each test sees the lists in its own database, not an index cached by an earlier test."""
    from screening.index import clear_cache

    clear_cache()
    yield
    clear_cache()


# --- personas ------------------------------------------------------------------------------------


@pytest.fixture
def acme_exporter(db: object) -> object:
    from tests.factories import exporter_at

    return exporter_at("Acme Precision K.K.", "acme")


@pytest.fixture
def rival_exporter(db: object) -> object:
    from tests.factories import exporter_at

    return exporter_at("Rival Electronics Co., Ltd.", "rival")


@pytest.fixture
def officer(db: object) -> object:
    from licensing.models import Role
    from tests.factories import authority_user

    return authority_user("officer1", Role.OFFICER)


@pytest.fixture
def list_admin(db: object) -> object:
    from licensing.models import Role
    from tests.factories import authority_user

    return authority_user("listadmin1", Role.LIST_ADMIN)


# --- list samples --------------------------------------------------------------------------------


@pytest.fixture
def sample_eul(db: object) -> object:
    """The project's small End User List sample, active."""
    from screening.services import list_version_import

    return list_version_import(
        source="meti-eul", path=SAMPLES / "meti-eul-sample.csv", activate=True
    )


@pytest.fixture
def sample_sanctions(db: object) -> object:
    from screening.services import list_version_import

    return [
        list_version_import(source="un", path=SAMPLES / "un-sample.xml", activate=True),
        list_version_import(source="ofac-sdn", path=SAMPLES / "ofac-sdn-sample", activate=True),
    ]


@pytest.fixture(autouse=True)
def _empty_cache() -> object:
    """Login throttling counters live in the cache; no test inherits another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
