from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .builders import Publicized, publicized_task


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def publicized(db: None) -> Publicized:
    return publicized_task()
