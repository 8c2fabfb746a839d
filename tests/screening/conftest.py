from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from screening.models import ListVersion
from screening.services import list_version_import

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture
def sample_eul(db: Any) -> ListVersion:
    """The project's small End User List sample, active."""
    return list_version_import(
        source="meti-eul", path=SAMPLES / "meti-eul-sample.csv", activate=True
    )


@pytest.fixture
def sample_sanctions(db: Any) -> list[ListVersion]:
    return [
        list_version_import(source="un", path=SAMPLES / "un-sample.xml", activate=True),
        list_version_import(source="ofac-sdn", path=SAMPLES / "ofac-sdn-sample", activate=True),
    ]
