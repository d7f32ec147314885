"""Benchmark: server time of every back-office page a demo user opens, with the demo data (issue 8:
none slower than 300 ms on the server).

Standalone: sets up Django on a temporary SQLite database (or the PostgreSQL database of DATABASE_URL,
whose test copy it creates and drops), migrates, loads the demo data (`load_demo`), then for each demo
user opens every page of their menu and sidebar (the crawl test's list: index, lists, a search, the add
form, one change page, the session pages), REPEATS times each, in process (no network: the time is the
server's — view, queries, template). Prints the slowest pages and how many miss LIMIT_MS
(BENCH_PAGE_LIMIT_MS, default 300); fails (exit 1) on a server error, and on a missed target only with
BENCH_STRICT=1 (a loaded CI runner measures the runner, not the code).
BENCH_PAGE_USERS=ban_tcd,ubnd_xa limits the users, BENCH_PAGE_MATCH=<regex> the pages.
"""

import logging
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MS = float(os.environ.get("BENCH_PAGE_LIMIT_MS", "300"))
REPEATS = int(os.environ.get("BENCH_PAGE_REPEATS", "3"))
USERS = [u for u in os.environ.get("BENCH_PAGE_USERS", "").split(",") if u]  # default: every demo user
MATCH = re.compile(os.environ.get("BENCH_PAGE_MATCH", ""))  # only the pages whose URL matches
SHOWN = 15


def main() -> int:
    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}")
    os.environ["DJANGO_MEDIA_ROOT"] = str(work / "media")
    os.environ["ARCHIVE_ROOT"] = str(work / "archive")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    postgres = connection.vendor == "postgresql"
    if postgres:
        old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    else:
        call_command("migrate", verbosity=0)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["*"]
    try:
        call_command("load_demo", "--force", verbosity=0)
        if postgres:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        from addons.tiepdan_case.tests.second_factor import login_with_second_factor
        from tests.test_screens_in_vietnamese import DEMO_USERS, _session_urls, _sidebar_urls, _urls_for

        timings = []
        logging.getLogger("tiepdan.request").setLevel(logging.WARNING)  # one line per request otherwise
        for username in USERS or DEMO_USERS:
            user = get_user_model().objects.get(username=username)
            client = Client()
            login_with_second_factor(client, user)  # both sign-in steps (issue 12), as a person has done
            urls = list(dict.fromkeys([*_urls_for(user), *_sidebar_urls(user), *_session_urls(user)]))
            for url in urls:
                if not MATCH.search(url):
                    continue
                client.get(url)  # warm: the first request of a page compiles its templates
                samples = []
                for _ in range(REPEATS):
                    began = time.perf_counter()
                    response = client.get(url)
                    samples.append((time.perf_counter() - began) * 1000)
                row = (
                    statistics.median(samples),
                    max(samples),
                    username,
                    url,
                    response.status_code,
                )
                timings.append(row)
        timings.sort(reverse=True)
        print(f"{len(timings)} pages × {REPEATS} on {connection.vendor}; slowest (median, max):")
        for median, worst, username, url, status in timings[:SHOWN]:
            print(f"  {median:7.1f} ms {worst:7.1f} ms  {status}  {username:16} {url}")
        over = [t for t in timings if t[0] > LIMIT_MS]
        print(f"pages over {LIMIT_MS:.0f} ms (median): {len(over)}")
        errors = [t for t in timings if t[4] >= 500]
        for _median, _worst, username, url, status in errors:
            print(f"  server error {status}: {username} {url}")
        strict = os.environ.get("BENCH_STRICT") == "1"
        return 1 if errors or (over and strict) else 0
    finally:
        if postgres:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
