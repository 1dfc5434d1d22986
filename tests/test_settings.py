"""Settings come only from the environment, strictly; production mode passes check --deploy."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from shuangsuiji.config.env import env_bool, env_list, env_str

SRC = Path(__file__).resolve().parent.parent / "src"


@pytest.mark.parametrize("raw", ["1", "true", "YES", " on "])
def test_env_bool_accepts_true_words(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("SSJ_TEST_FLAG", raw)
    assert env_bool("SSJ_TEST_FLAG") is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_accepts_false_words(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("SSJ_TEST_FLAG", raw)
    assert env_bool("SSJ_TEST_FLAG", True) is False


@pytest.mark.parametrize("raw", ["2", "ture", "是", "enabled"])
def test_env_bool_rejects_anything_else(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("SSJ_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="SSJ_TEST_FLAG"):
        env_bool("SSJ_TEST_FLAG")


def test_env_bool_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSJ_TEST_FLAG", raising=False)
    assert env_bool("SSJ_TEST_FLAG", True) is True
    assert env_bool("SSJ_TEST_FLAG") is False


def test_env_str_reads_secret_from_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("from-file\n", encoding="utf-8")
    monkeypatch.setenv("SSJ_TEST_SECRET", "from-env")
    monkeypatch.setenv("SSJ_TEST_SECRET_FILE", str(secret))
    assert env_str("SSJ_TEST_SECRET") == "from-file"


def test_env_list_splits_and_trims(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSJ_TEST_HOSTS", " a.example , ,b.example,")
    assert env_list("SSJ_TEST_HOSTS") == ["a.example", "b.example"]
    monkeypatch.delenv("SSJ_TEST_HOSTS")
    assert env_list("SSJ_TEST_HOSTS", "x,y") == ["x", "y"]


def _console(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SSJ_", "DJANGO_"))}
    base.pop("DATABASE_URL", None)
    base["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), base.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "shuangsuiji.cli", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    env = {
        "SSJ_DEBUG": "0",
        "SSJ_HTTPS": "1",
        "SSJ_SECRET_KEY": secrets.token_urlsafe(60),
        "SSJ_ALLOWED_HOSTS": "ssj.example.gov.cn",
        "SSJ_DATA_DIR": str(tmp_path),
    }
    result = _console(["check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_bad_boolean_stops_the_console_command(tmp_path: Path) -> None:
    result = _console(["check"], {"SSJ_DEBUG": "maybe", "SSJ_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SSJ_DEBUG" in result.stderr
