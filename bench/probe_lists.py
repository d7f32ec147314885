"""Probe: the case module's lists, searches and pickers against a filled PostgreSQL (issue 13, items 1–6).

    DATABASE_URL=postgres://…/tiepdan_bench13 manage.py bench_fill --scale 1 --wipe
    DATABASE_URL=postgres://…/tiepdan_bench13 DJANGO_DEBUG=true .venv/bin/python bench/probe_lists.py

Each scenario is a real request through the middleware (Django test client, logged in as a `bench_<role>`
user that `bench_fill` made): p50/p95 over PROBE_REPEAT requests (default 7) with its query count, and
the slowest SQL statement of the request with its `EXPLAIN (ANALYZE, BUFFERS)` plan written to
PROBE_PLANS (default var/probe_plans.txt). A table on stdout, the numbers in PROBE_JSON (default
var/probe_lists.json). PROBE_ONLY=<text> keeps the scenarios whose "role name" contains it.
Not part of `make bench` (it needs the big database); no assertion on times.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

# PROBE_ROOT: the checkout whose code is measured (e.g. an older one, for "before" numbers).
ROOT = Path(os.environ.get("PROBE_ROOT", Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from addons.tiepdan_case.tests.second_factor import login_with_second_factor  # noqa: E402

REPEAT = int(os.environ.get("PROBE_REPEAT", "7"))
ONLY = os.environ.get("PROBE_ONLY", "")
PLANS = Path(os.environ.get("PROBE_PLANS", ROOT / "var" / "probe_plans.txt"))
OUT = Path(os.environ.get("PROBE_JSON", ROOT / "var" / "probe_lists.json"))

CASES = "/tiepdan_case/case/"
CITIZENS = "/tiepdan_case/citizen/"
RECEPTIONS = "/tiepdan_case/reception/"
PICKER = "/autocomplete/?app_label=tiepdan_case&model_name=caseparticipant&field_name=citizen&term="


def scenarios(case_id, unit_id):
    filt = "?state__exact=closed&case_type__exact=khieu_nai"
    yield from (
        (role, name, url)
        for role in ("ban_tcd", "lanh_dao", "xa", "so_nganh")
        for name, url in (
            ("case list p1", CASES),
            ("case list p500", CASES + "?p=500"),
            ("case list state+type", CASES + filt),
            ("case list state+type+commune", CASES + filt + f"&unit__id__exact={unit_id}"),
            ("case search", CASES + "?q=nguyen+van+an"),
            ("citizen list p1", CITIZENS),
            ("citizen search", CITIZENS + "?q=nguyen+van+an"),
            ("citizen picker", PICKER + "nguyen+van"),
            ("reception list p1", RECEPTIONS),
            ("API case list", "/api/v1/cases/"),
            ("API case search", "/api/v1/cases/?search=nguyen+van+an"),
            ("API citizen search", "/api/v1/citizens/?search=nguyen+van+an"),
            ("case page", f"{CASES}{case_id}/change/"),
        )
    )


def explain(sql):
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cur.fetchall())


def main():
    if connection.vendor != "postgresql":
        sys.exit("probe_lists needs the PostgreSQL database filled by `manage.py bench_fill`.")
    settings.ALLOWED_HOSTS = ["*"]
    timeout = int(os.environ.get("PROBE_TIMEOUT_S", "30"))
    with connection.cursor() as cur:  # a statement that never ends is reported, not waited for
        cur.execute(f"SET statement_timeout = '{timeout}s'")
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id, unit_id FROM tiepdan_case_case WHERE case_type = 'khieu_nai' ORDER BY id LIMIT 1"
        )
        case_id, _unit = cur.fetchone()
        cur.execute(
            "SELECT unit_id FROM tiepdan_case_userprofile p JOIN auth_user u ON u.id = p.user_id "
            "WHERE u.username = 'bench_xa'"
        )
        unit_id = cur.fetchone()[0]
        cur.execute("SELECT id FROM tiepdan_case_case WHERE unit_id = %s ORDER BY id LIMIT 1", [unit_id])
        commune_case = cur.fetchone()[0]
    results, plans = [], []
    print(f"{'role':<10} {'scenario':<30} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7}  slowest")
    for role, name, url in scenarios(case_id, unit_id):
        if ONLY and ONLY not in f"{role} {name}":
            continue
        if role == "xa" and name == "case page":
            url = f"{CASES}{commune_case}/change/"
        client = Client(raise_request_exception=False)
        # both sign-in steps (issue 12): a confirmed TOTP device named on the session
        login_with_second_factor(client, User.objects.get(username=f"bench_{role}"))
        if name.startswith("API"):
            client.defaults["HTTP_ACCEPT"] = "application/json"
        times, status, captured = [], None, None
        for _ in range(REPEAT):
            with CaptureQueriesContext(connection) as ctx:
                began = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - began) * 1000)
            status, captured = response.status_code, ctx.captured_queries
            if status >= 500:  # cut by the statement timeout: once is enough
                break
        times.sort()
        p50 = statistics.median(times)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        slowest = max(captured, key=lambda q: float(q["time"])) if captured else None
        row = {
            "role": role,
            "scenario": name,
            "url": url,
            "status": status,
            "p50_ms": round(p50, 1),
            "p95_ms": round(p95, 1),
            "queries": len(captured or []),
            "slowest_ms": round(float(slowest["time"]) * 1000, 1) if slowest else None,
        }
        results.append(row)
        print(
            f"{role:<10} {name:<30} {status:>6} {p50:>8.1f} {p95:>8.1f} {row['queries']:>7}  "
            f"{row['slowest_ms']} ms"
        )
        if slowest and os.environ.get("PROBE_EXPLAIN", "1") == "1":
            try:
                plan = explain(slowest["sql"])
            except Exception as exc:  # a statement cut by the timeout
                plan = f"(not explained: {exc})"
            plans.append(f"=== {role} · {name} · {url}\n{slowest['sql']}\n{plan}\n\n")
    if os.environ.get("PROBE_EXPLAIN", "1") == "1":
        PLANS.parent.mkdir(parents=True, exist_ok=True)
        PLANS.write_text("".join(plans))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
