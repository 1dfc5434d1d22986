from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from shuangsuiji.directory.models import User

from .world import World, build


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def world(db: None, office_admin: User, health_admin: User) -> World:
    return build(office_admin=office_admin, health_admin=health_admin)
