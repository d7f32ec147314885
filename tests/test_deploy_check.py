"""`manage.py check --deploy` is clean under the production settings of config/production.env.example
(issue 12, "Transport and headers"), and those settings do what the check trusts them to do: HTTP is
redirected to HTTPS, honouring the reverse proxy's X-Forwarded-Proto; HSTS; secure, HttpOnly cookies; CSRF
trusted origins from the environment; no page of ours in a frame."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from addons.tiepdan_bridge.tests.pki import build_pki

ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path: Path, **overrides: str) -> dict:
    """The process environment of a web container: every variable of the example file (the app part,
    not the compose-only one) with its example value; empty values mean "the default" and are left out;
    the REQUIRED secrets filled with real values; no DJANGO_*/DATABASE_* of this test process."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "SIGNING_", "JITSI_", "VIDEO_"))
    }
    for line in (ROOT / "config" / "production.env.example").read_text(encoding="utf-8").splitlines():
        if line.startswith("# --- docker compose only"):
            break
        match = re.match(r"^([A-Z0-9_]+)=(.*)$", line)
        if match and match.group(2):
            env[match.group(1)] = match.group(2)
    pki = build_pki(tmp_path / "pki")
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "SIGNING_PKCS12_PATH": str(pki.pkcs12_path),
            "SIGNING_PKCS12_PASSWORD": pki.password,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "SMS_FILE_PATH": str(tmp_path / "sms.jsonl"),
            **overrides,
        }
    )
    return env


def check_deploy(tmp_path: Path, **overrides: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path, **overrides),
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_check_deploy_reports_nothing_under_the_production_example_settings(tmp_path):
    result = check_deploy(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


TURNED_OFF = {
    "DJANGO_SSL_REDIRECT": ("false", "security.W008"),
    "DJANGO_HSTS_SECONDS": ("0", "security.W004"),
    "DJANGO_SECURE_COOKIES": ("false", "security.W012"),
}


def test_check_deploy_fails_when_the_transport_protections_are_turned_off(tmp_path):
    """The clean check above is not a check that cannot fail: each protection, removed, is reported
    (one run with all of them off: each start of Django costs seconds)."""
    result = check_deploy(tmp_path, **{name: value for name, (value, _w) in TURNED_OFF.items()})
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert [w for _v, w in TURNED_OFF.values() if w not in output] == []
    # With HSTS off its two sub-settings are not looked at; so, with HSTS on, each of them off:
    with_hsts = check_deploy(tmp_path, DJANGO_HSTS_INCLUDE_SUBDOMAINS="false", DJANGO_HSTS_PRELOAD="false")
    assert "security.W005" in with_hsts.stdout + with_hsts.stderr
    assert "security.W021" in with_hsts.stdout + with_hsts.stderr


def test_production_settings_read_the_trusted_origins_and_the_proxy_header_from_the_environment(tmp_path):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.CSRF_TRUSTED_ORIGINS, s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.X_FRAME_OPTIONS, "
        "s.SECURE_HSTS_SECONDS]))"
    )
    env = production_env(tmp_path, DJANGO_CSRF_TRUSTED_ORIGINS="https://a.gov.vn, https://b.gov.vn")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    import json

    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown == [
        ["https://a.gov.vn", "https://b.gov.vn"],
        ["HTTP_X_FORWARDED_PROTO", "https"],
        True,
        True,
        True,
        True,
        "DENY",
        31536000,
    ]


PRODUCTION_TRANSPORT = {
    "SECURE_SSL_REDIRECT": True,
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "ALLOWED_HOSTS": ["tiepcongdan.dongthap.gov.vn"],
    "CSRF_TRUSTED_ORIGINS": ["https://tiepcongdan.dongthap.gov.vn"],
}


@pytest.mark.django_db
@override_settings(**PRODUCTION_TRANSPORT)
def test_plain_http_is_redirected_to_https(client):
    response = client.get("/login/", HTTP_HOST="tiepcongdan.dongthap.gov.vn")
    assert response.status_code == 301
    assert response["Location"] == "https://tiepcongdan.dongthap.gov.vn/login/"


@pytest.mark.django_db
@override_settings(**PRODUCTION_TRANSPORT)
def test_a_request_the_proxy_says_is_https_is_served_with_hsts_and_refuses_frames(client):
    response = client.get("/login/", HTTP_HOST="tiepcongdan.dongthap.gov.vn", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    for name in ("csrftoken", "sessionid"):
        if name in response.cookies:
            assert response.cookies[name]["secure"]


@pytest.mark.django_db
@override_settings(**PRODUCTION_TRANSPORT)
def test_the_health_probes_answer_over_plain_http_for_the_container_healthcheck(client):
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
@override_settings(**PRODUCTION_TRANSPORT)
def test_a_post_from_an_origin_not_trusted_is_refused_and_from_the_trusted_one_is_not(client):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    page = csrf_client.get("/login/", HTTP_HOST="tiepcongdan.dongthap.gov.vn", HTTP_X_FORWARDED_PROTO="https")
    token = page.cookies["csrftoken"].value
    data = {"username": "nobody", "password": "wrong-password-123", "csrfmiddlewaretoken": token}
    common = {"HTTP_HOST": "tiepcongdan.dongthap.gov.vn", "HTTP_X_FORWARDED_PROTO": "https"}
    forged = csrf_client.post("/login/", data, HTTP_ORIGIN="https://evil.example", **common)
    assert forged.status_code == 403
    trusted = csrf_client.post("/login/", data, HTTP_ORIGIN="https://tiepcongdan.dongthap.gov.vn", **common)
    assert trusted.status_code == 200  # the login form again, with its error: CSRF let it through
