"""Settings come from the environment, fail loudly on bad values, and are safe in production."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 50

SHOW_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'secure_cookie': s.SESSION_COOKIE_SECURE, "
    "'hsts': s.SECURE_HSTS_SECONDS, 'engine': s.DATABASES['default']['ENGINE'], "
    "'email': s.EMAIL_BACKEND, 'language': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE}))"
)


def run_django(env_overrides: dict, code: str = "import django; django.setup()"):
    """Start a fresh interpreter with only the given DJANGO_* / DATABASE_* variables set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env_overrides})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_env_bool_reads_the_usual_spellings(monkeypatch):
    for raw, expected in [
        ("true", True),
        ("1", True),
        ("Yes", True),
        ("on", True),
        ("false", False),
        ("0", False),
    ]:
        monkeypatch.setenv("TIEPDAN_TEST_FLAG", raw)
        assert env_bool("TIEPDAN_TEST_FLAG") is expected
    monkeypatch.delenv("TIEPDAN_TEST_FLAG")
    assert env_bool("TIEPDAN_TEST_FLAG", True) is True


def test_env_bool_refuses_a_value_that_is_neither_true_nor_false(monkeypatch):
    monkeypatch.setenv("TIEPDAN_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="TIEPDAN_TEST_FLAG"):
        env_bool("TIEPDAN_TEST_FLAG")


def test_env_int_refuses_a_value_that_is_not_a_number(monkeypatch):
    monkeypatch.setenv("TIEPDAN_TEST_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="TIEPDAN_TEST_NUMBER"):
        env_int("TIEPDAN_TEST_NUMBER", 1)
    monkeypatch.setenv("TIEPDAN_TEST_NUMBER", "")
    assert env_int("TIEPDAN_TEST_NUMBER", 7) == 7


def test_env_str_without_default_requires_the_variable(monkeypatch):
    monkeypatch.delenv("TIEPDAN_TEST_TEXT", raising=False)
    with pytest.raises(ImproperlyConfigured, match="TIEPDAN_TEST_TEXT"):
        env_str("TIEPDAN_TEST_TEXT")


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("TIEPDAN_TEST_LIST", " a.gov.vn, ,b.gov.vn ,")
    assert env_list("TIEPDAN_TEST_LIST") == ["a.gov.vn", "b.gov.vn"]


def test_production_refuses_to_start_without_a_secret_key():
    result = run_django({})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_django({"DJANGO_SECRET_KEY": "too-short"})
    assert result.returncode != 0
    assert "at least 32 characters" in result.stderr


def test_a_bad_debug_flag_stops_the_start_instead_of_being_read_as_false():
    result = run_django({"DJANGO_SECRET_KEY": GOOD_KEY, "DJANGO_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_production_with_a_good_key_starts_with_safe_defaults():
    result = run_django(
        {"DJANGO_SECRET_KEY": GOOD_KEY, "DJANGO_ALLOWED_HOSTS": "tiepdan.dongthap.gov.vn"}, SHOW_SETTINGS
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["debug"] is False
    assert shown["hosts"] == ["tiepdan.dongthap.gov.vn"]
    assert shown["secure_cookie"] is True
    assert shown["hsts"] > 0
    assert shown["email"] == "django.core.mail.backends.smtp.EmailBackend"


def test_database_url_selects_postgresql():
    result = run_django(
        {"DJANGO_SECRET_KEY": GOOD_KEY, "DATABASE_URL": "postgres://u:p@db.example:5432/tiepdan"},
        SHOW_SETTINGS,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["engine"] == "django.db.backends.postgresql"


def test_language_is_vietnamese_and_time_is_vietnam_time():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ is True
    assert [code for code, _name in settings.LANGUAGES] == ["vi"]
    assert ROOT / "config" / "locale" in [Path(p) for p in settings.LOCALE_PATHS]


def test_every_environment_variable_the_settings_read_is_documented_in_the_readme():
    source = (ROOT / "config" / "settings.py").read_text()
    names = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', source))
    assert "DJANGO_SECRET_KEY" in names and len(names) > 20
    readme = (ROOT / "README.md").read_text()
    assert sorted(name for name in names if f"`{name}`" not in readme) == []


def test_dates_show_as_day_month_year_in_vietnamese():
    import datetime as dt

    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.date_format(dt.date(2026, 12, 7)) == "07/12/2026"
        assert formats.date_format(dt.datetime(2026, 12, 7, 8, 30), "DATETIME_FORMAT") == "07/12/2026 08:30"


def test_logs_are_plain_in_development_and_json_lines_in_production():
    code = "import django; django.setup(); from django.conf import settings as s; print(s.LOG_FORMAT)"
    dev = run_django({"DJANGO_DEBUG": "true"}, code)
    prod = run_django({"DJANGO_SECRET_KEY": GOOD_KEY}, code)
    assert (dev.stdout.strip(), prod.stdout.strip()) == ("plain", "json"), (dev.stderr, prod.stderr)
    bad = run_django({"DJANGO_DEBUG": "true", "LOG_FORMAT": "xml"})
    assert bad.returncode != 0 and "LOG_FORMAT" in bad.stderr


def test_sessions_are_kept_in_the_database_so_any_web_container_serves_any_user():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
