"""The Content-Security-Policy (django-csp; settings.CONTENT_SECURITY_POLICY, issue 12): every page carries
it; scripts and frames come from this site and the configured Jitsi server only; no inline script runs, so
none of our templates or HTML-producing code holds one (ours live in static files). The browser side
(every main screen under the policy, no violation) is tests/browser/test_content_security_policy.py."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.test_settings import GOOD_KEY, run_django

ROOT = Path(__file__).resolve().parent.parent


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.django_db
def test_every_page_carries_a_policy_without_inline_scripts_and_with_jitsi_as_the_only_other_origin(client):
    policy = directives(client.get("/login/")["Content-Security-Policy"])
    jitsi = f"https://{settings.JITSI_DOMAIN}"
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", "'unsafe-eval'", jitsi]  # unsafe-eval: Unfold's Alpine.js
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["frame-src"] == [jitsi]
    assert policy["connect-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]


@pytest.mark.django_db
def test_the_api_and_its_docs_carry_the_policy_too(client, django_user_model):
    user = django_user_model.objects.create_user("csp_api", password="x-Password-123456")
    client.force_login(user)
    for url in ("/api/v1/", "/api/v1/docs/"):
        assert "script-src 'self'" in client.get(url)["Content-Security-Policy"], url
    docs = client.get("/api/v1/docs/").content.decode()
    assert "<script>" not in docs  # the split view: its start-up script is a separate, same-origin file
    assert "cdn.jsdelivr.net" not in docs  # Swagger UI from drf-spectacular-sidecar's static files


def test_the_jitsi_server_of_the_environment_is_the_one_allowed_and_none_without_jitsi():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "d = s.CONTENT_SECURITY_POLICY['DIRECTIVES']; print(json.dumps([d['script-src'], d['frame-src']]))"
    )
    env = {"DJANGO_SECRET_KEY": GOOD_KEY, "JITSI_DOMAIN": "meet.dongthap.gov.vn"}
    jitsi = run_django(env, code)
    assert jitsi.returncode == 0, jitsi.stderr
    assert json.loads(jitsi.stdout.strip().splitlines()[-1]) == [
        ["'self'", "'unsafe-eval'", "https://meet.dongthap.gov.vn"],
        ["https://meet.dongthap.gov.vn"],
    ]
    external = run_django({**env, "VIDEO_PROVIDER": "external"}, code)
    assert external.returncode == 0, external.stderr
    assert json.loads(external.stdout.strip().splitlines()[-1]) == [["'self'", "'unsafe-eval'"], ["'none'"]]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def our_sources():
    for folder in ("addons", "config"):
        for path in (ROOT / folder).rglob("*"):
            if (
                path.suffix in (".html", ".py")
                and "tests" not in path.parts
                and "migrations" not in path.parts
            ):
                yield path


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (INLINE_SCRIPT, "inline <script>"),
        (EVENT_ATTRIBUTE, "on…= attribute"),
        (JAVASCRIPT_URL, "javascript: URL"),
    ],
)
def test_no_template_or_html_of_ours_holds_code_the_policy_would_refuse(pattern, what):
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)[:80]}"
        for path in our_sources()
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == [], f"{what} (move the code to a static file):\n" + "\n".join(found)


def test_the_scan_finds_what_it_looks_for():
    assert INLINE_SCRIPT.search("<div></div><script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js"></script>')
    assert not INLINE_SCRIPT.search('<script id="o" type="application/json">{}</script>')
    assert EVENT_ATTRIBUTE.search('<select name="start" onchange="this.form.submit()">')
    assert not EVENT_ATTRIBUTE.search('<select name="start" data-autosubmit>')
    assert JAVASCRIPT_URL.search('<a href="javascript:void(0)">')
