"""Benchmark: the back office at provincial scale, scenarios 1–7 of issue 13, against PostgreSQL.

    make bench                                     # SCALE=small: a throwaway database, under two minutes
    DATABASE_URL=postgres://…/tiepdan_bench13 BENCH_SCALE=full .venv/bin/python bench/bench_scale.py

SCALE (BENCH_SCALE) small: creates the test copy of the BENCH_DATABASE_URL (else DATABASE_URL) database
(`test_<name>`: migrated, then `manage.py bench_fill --scale 0.01`: 10,000 cases, 100 sessions, 300
directives), measures, drops it. Without a PostgreSQL URL it says so and skips (the fill and the plans
are PostgreSQL's; CI passes its database as BENCH_DATABASE_URL).
SCALE full: measures the DATABASE_URL database as it is (filled by `bench_fill --scale 1`); it writes
nothing that stays: a login's session rows, and the minutes PDF issued inside a transaction rolled back.

Every scenario is a real request through the whole middleware stack (Django test client, signed in with
both factors as a `bench_<role>` user of `bench_fill`): p50/p95 over BENCH_REPEAT requests (small 3, full
15) after one warm-up, the CPU time this process spent on it (p50: the Python side, whatever the load of a
shared machine), and its query count (one more request, captured). Beside it the bare SQL that
returns the same rows (the floor: the page's rows and its count, written by hand on the same indexes;
the ids are compared with the page's) and the ratio p50 / floor p50. The search scenarios carry the
`EXPLAIN` plan of their slowest statement and say which index it scans. The issue's targets are printed
with pass/miss; the table goes to stdout and everything to BENCH_JSON (var/bench/results[-small].json).
Exit 1 on a server error or an unexpected status; on a missed target only with BENCH_STRICT=1 (a shared
or CI machine measures its load, not the code).
"""

import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCALE = os.environ.get("BENCH_SCALE", "small")
FULL = SCALE == "full"
REPEAT = int(os.environ.get("BENCH_REPEAT", "15" if FULL else "3"))
ONLY = os.environ.get("BENCH_ONLY", "")  # keep the scenarios whose "group role name" contains it
JSON_OUT = Path(
    os.environ.get("BENCH_JSON", ROOT / "var" / "bench" / ("results.json" if FULL else "results-small.json"))
)
WATCHERS = 50
SEARCH = "nguyen van an"
SEARCH_KEY = "nguyen van an"
ROLES = ("ban_tcd", "lanh_dao", "xa")
ROLE_NAMES = {"ban_tcd": "ban_tcd", "lanh_dao": "lanh_dao", "xa": "commune clerk"}

# Targets of issue 13 (this 2-core machine, PostgreSQL, full scale): (what, limit, unit).
LIST_MS, RATIO, CASE_PAGE_MS, HOME_MS, EXPORT_S, EXPORT_MB, PDF_S = 150, 1.5, 100, 300, 10, 200, 1


def status_kb(field: str) -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def vn(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def machine() -> dict:
    cpu = ""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    mem_gb = 0.0
    try:
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem_gb = round(mem_kb / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "memory_gb": mem_gb,
        "python": platform.python_version(),
        "system": platform.platform(),
    }


def main() -> int:
    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ["DJANGO_MEDIA_ROOT"] = str(work / "media")  # the minutes PDF's file, thrown away
    os.environ["ARCHIVE_ROOT"] = str(work / "archive")
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            f"bench_scale ({SCALE}): skipped, it needs PostgreSQL (BENCH_DATABASE_URL or DATABASE_URL="
            "postgres://…); CI passes its own."
        )
        return 0
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False  # measured as in production: no query log kept, no debug pages
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    import logging
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: no collected static files

    for name in ("tiepdan.request", "axes"):  # one line per request or login otherwise
        logging.getLogger(name).setLevel(logging.WARNING)
    began = time.monotonic()
    old_name = None
    try:
        if not FULL:
            old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
            fill_began = time.monotonic()
            call_command("bench_fill", scale=0.01, stdout=open(os.devnull, "w"))  # noqa: SIM115
            print(f"bench_scale: small province filled in {time.monotonic() - fill_began:.0f} s")
        return Bench(work).run(began)
    finally:
        if old_name is not None:
            connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(work, ignore_errors=True)


class Bench:
    def __init__(self, work: Path):
        from django.db import connection

        self.work = work
        self.connection = connection
        self.rows = []
        self.errors = []

    # --- helpers -------------------------------------------------------------------------------------

    def sql(self, statement, params=()):
        with self.connection.cursor() as cur:
            cur.execute(statement, params)
            return cur.fetchall()

    def one(self, statement, params=()):
        rows = self.sql(statement, params)
        return rows[0][0] if rows else None

    def client(self, role):
        from django.contrib.auth.models import User
        from django.test import Client

        from addons.tiepdan_case.tests.second_factor import login_with_second_factor

        client = Client(raise_request_exception=False)
        login_with_second_factor(client, User.objects.get(username=f"bench_{role}"))  # both steps
        return client

    def timed(self, fn, repeat=REPEAT):
        fn()  # warm: templates compiled, caches filled
        samples, cpu = [], []
        response = None
        for _ in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            response = fn()
            samples.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        self.last_cpu = cpu  # this process's CPU time: the Python side, whatever the machine's load
        return samples, response

    def captured(self, fn):
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(self.connection) as ctx:
            response = fn()
        return response, ctx.captured_queries

    def floor(self, statements):
        """p50/p95 (ms) of the bare SQL statements run one after the other, and the last one's rows."""

        def run():
            result = None
            for statement, params in statements:
                result = self.sql(statement, params)
            return result

        samples, rows = self.timed(run)
        return samples, rows

    def explain(self, statement):
        try:
            with self.connection.cursor() as cur:
                cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement)
                return "\n".join(row[0] for row in cur.fetchall())
        except Exception as exc:  # noqa: BLE001 (a statement with parameters the log cannot replay)
            return f"(not explained: {exc})"

    # --- one scenario --------------------------------------------------------------------------------

    def measure(self, group, role, name, url, *, floor=None, ids_of=None, target=None, explain=False,
                expect=200, api=False):  # fmt: skip
        if ONLY and ONLY not in f"{group} {role} {name}":
            return None
        client = self.client(role)
        headers = {"HTTP_ACCEPT": "application/json"} if api else {}

        def get():
            return client.get(url, **headers)

        samples, response = self.timed(get)
        cpu = self.last_cpu
        response, queries = self.captured(get)
        row = {
            "group": group,
            "role": ROLE_NAMES.get(role, role),
            "scenario": name,
            "url": url,
            "status": response.status_code,
            "p50_ms": round(statistics.median(samples), 1),
            "p95_ms": round(percentile(samples, 0.95), 1),
            "cpu_p50_ms": round(statistics.median(cpu), 1),
            "queries": len(queries),
            "sql_ms": round(sum(float(q["time"]) for q in queries) * 1000, 1),
        }
        if response.status_code != expect:
            self.errors.append(f"{role} {name}: status {response.status_code} (expected {expect}) {url}")
        if floor is not None:
            f_samples, f_rows = self.floor(floor)
            row["floor_p50_ms"] = round(statistics.median(f_samples), 2)
            row["floor_p95_ms"] = round(percentile(f_samples, 0.95), 2)
            row["ratio"] = round(row["p50_ms"] / max(row["floor_p50_ms"], 0.01), 1)
            if ids_of is not None:
                page_ids = ids_of(response)
                floor_ids = [r[0] for r in f_rows]
                row["same_rows"] = page_ids == floor_ids
                row["rows"] = len(page_ids)
                if page_ids != floor_ids:
                    row["rows_differ"] = {"page": page_ids[:10], "floor": floor_ids[:10]}
        searching = [q for q in queries if SEARCH_KEY in q["sql"]]
        if explain and searching:
            slowest = max(searching, key=lambda q: float(q["time"]))  # the slowest statement that searches
            plan = self.explain(slowest["sql"])
            indexes = sorted(set(re.findall(r"Index (?:Only )?Scan (?:Backward )?(?:using|on) (\w+)", plan)))
            row["plan_indexes"] = indexes
            row["plan_seq_scans"] = sorted(set(re.findall(r"Seq Scan on (\w+)", plan)))
            row["plan"] = plan
            row["plan_sql"] = slowest["sql"]
        if target:
            row["target"] = target[0]
            row["met"] = bool(target[1](row))
            if len(target) > 2:  # a target of two parts (time, ratio): each part's verdict as well
                row["met_parts"] = {part: bool(check(row)) for part, check in target[2].items()}
        self.rows.append(row)
        self.print_row(row)
        return row

    @staticmethod
    def print_row(row):
        floor = (
            f"{row['floor_p50_ms']:>8.1f} {row['ratio']:>6.1f}x"
            if "floor_p50_ms" in row
            else f"{'':>8} {'':>7}"
        )
        met = "" if "met" not in row else ("pass" if row["met"] else "MISS")
        if not row.get("met", True) and "met_parts" in row:
            met += (
                " ("
                + ", ".join(f"{p} {'pass' if ok else 'miss'}" for p, ok in row["met_parts"].items())
                + ")"
            )
        same = "" if "same_rows" not in row else ("" if row["same_rows"] else " rows≠floor")
        extra = row.get("extra", "")
        if "plan_indexes" in row:
            extra += " index: " + (", ".join(row["plan_indexes"]) or "NONE")
        print(
            f"{row['group']:<3} {row['role']:<13} {row['scenario']:<32} {row['status']:>4} {row['p50_ms']:>8.1f} "
            f"{row['p95_ms']:>8.1f} {row.get('cpu_p50_ms', 0):>7.1f} {row['queries']:>4} {floor} "
            f"{row.get('target', ''):<22} {met:<4}{same}{extra}"
        )

    # --- the run -------------------------------------------------------------------------------------

    def run(self, began) -> int:
        from django.db import connection

        load_before = os.getloadavg()
        with connection.cursor() as cur:
            cur.execute("SET statement_timeout = '60s'")  # a statement that never ends is reported
        counts = {
            table: self.one(f"SELECT count(*) FROM {table}")
            for table in (
                "tiepdan_case_case",
                "tiepdan_case_citizen",
                "tiepdan_case_caseparticipant",
                "tiepdan_case_reception",
                "tiepdan_session_receptionsession",
                "tiepdan_session_agendaitem",
                "tiepdan_session_directive",
                "tiepdan_case_auditevent",
            )
        }
        if not counts["tiepdan_session_receptionsession"]:
            print(
                "bench_scale: no sessions in the database: run `manage.py bench_fill` (or --only sessions)."
            )
            return 1
        pg = self.one("SHOW server_version")
        print(
            f"bench_scale ({SCALE}) on PostgreSQL {pg}, {machine()['cores']} cores, load {load_before[0]:.2f} "
            f"{load_before[1]:.2f} {load_before[2]:.2f}; {REPEAT} requests per scenario"
        )
        print("  " + ", ".join(f"{t.split('_', 2)[-1]} {n:,}" for t, n in counts.items()))
        print(
            f"{'#':<3} {'role':<13} {'scenario':<32} {'http':>4} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>7} {'qry':>4} "
            f"{'floor ms':>8} {'ratio':>7} {'target':<22} met"
        )
        self.scenarios()
        load_after = os.getloadavg()
        elapsed = time.monotonic() - began
        missed = [r for r in self.rows if r.get("met") is False]
        met = [r for r in self.rows if r.get("met")]
        print(
            f"targets: {len(met)} met, {len(missed)} missed; load {load_after[0]:.2f} {load_after[1]:.2f} "
            f"{load_after[2]:.2f} after; {elapsed:.0f} s in all"
        )
        for error in self.errors:
            print(f"  ERROR {error}")
        JSON_OUT.parent.mkdir(parents=True, exist_ok=True)
        JSON_OUT.write_text(
            json.dumps(
                {
                    "scale": SCALE,
                    "taken_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "machine": {**machine(), "postgresql": pg},
                    "load_before": [round(x, 2) for x in load_before],
                    "load_after": [round(x, 2) for x in load_after],
                    "repeat": REPEAT,
                    "rows": counts,
                    "results": self.rows,
                    "errors": self.errors,
                    "seconds": round(elapsed),
                },
                ensure_ascii=False,
                indent=1,
            )
        )
        JSON_OUT.with_suffix(".md").write_text(self.markdown(load_before, load_after, pg, counts))
        print(f"results: {JSON_OUT} (and the table as Markdown: {JSON_OUT.with_suffix('.md')})")
        strict = os.environ.get("BENCH_STRICT") == "1"
        return 1 if self.errors or (missed and strict) else 0

    def markdown(self, load_before, load_after, pg, counts) -> str:
        """The table for the README and docs/scaling.md."""
        box = machine()
        lines = [
            f"Đo ngày {dt.date.today():%d/%m/%Y} (`bench/bench_scale.py`, SCALE={SCALE}, {REPEAT} lượt mỗi kịch bản): "
            f"{box['cpu']}, {box['cores']} lõi, {box['memory_gb']} GB RAM, PostgreSQL {pg.split()[0]} mặc định; "
            f"máy dùng chung, tải (`uptime`) {load_before[0]:.1f} lúc bắt đầu, {load_after[0]:.1f} lúc kết thúc. "
            f"Dữ liệu: {vn(counts['tiepdan_case_case'])} vụ việc, {vn(counts['tiepdan_case_citizen'])} công dân, "
            f"{vn(counts['tiepdan_case_reception'])} lượt tiếp, {vn(counts['tiepdan_session_receptionsession'])} phiên, "
            f"{vn(counts['tiepdan_session_directive'])} chỉ đạo.",
            "",
            "| # | kịch bản | vai trò | p50 ms | p95 ms | CPU Python p50 ms | truy vấn | sàn SQL p50 ms | tỉ lệ | mục tiêu | đạt |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|---|---|",
        ]
        for r in self.rows:
            floor = f"{r['floor_p50_ms']:.1f}" if "floor_p50_ms" in r else "—"
            ratio = f"{r['ratio']:.0f}×" if "ratio" in r else "—"
            note = r.get("extra", "").strip()
            if "plan_indexes" in r:
                trgm = [i for i in r["plan_indexes"] if "trgm" in i]
                note = "EXPLAIN: " + (", ".join(trgm) or "không quét chỉ mục trigram")
            scenario = r["scenario"] + (f" ({note})" if note else "")
            met = "" if "met" not in r else ("đạt" if r["met"] else "**trượt**")
            if not r.get("met", True) and "met_parts" in r:
                parts = {"p95": "p95", "ratio": "tỉ lệ"}
                met += (
                    " ("
                    + ", ".join(
                        f"{parts.get(p, p)} {'đạt' if ok else 'trượt'}" for p, ok in r["met_parts"].items()
                    )
                    + ")"
                )
            lines.append(
                f"| {r['group']} | {scenario} | {r['role']} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
                f"{r.get('cpu_p50_ms', 0):.0f} | "
                f"{r['queries'] if r['queries'] is not None else '—'} | {floor} | {ratio} | {r.get('target', '')} | {met} |"
            )
        return "\n".join(lines) + "\n"

    def scenarios(self):
        from addons.tiepdan_case.models import UserProfile

        clerk = UserProfile.objects.get(user__username="bench_xa")
        unit = clerk.unit_id
        self.clerk_floor(clerk)
        scale_pages = 500 if FULL else 5
        per_admin, per_api = 40, 50

        def admin_ids(prefix):
            pattern = re.compile(rf'href="{prefix}(\d+)/change/')

            def ids(response):
                return list(dict.fromkeys(int(x) for x in pattern.findall(response.content.decode())))

            return ids

        def api_ids(response):
            return [row["id"] for row in response.json().get("results", [])]

        case_ids, citizen_ids = admin_ids("/tiepdan_case/case/"), admin_ids("/tiepdan_case/citizen/")
        lists = (
            "≤150 ms p95, ≤1.5× floor",
            lambda r: r["p95_ms"] <= LIST_MS and r["ratio"] <= RATIO,
            {"p95": lambda r: r["p95_ms"] <= LIST_MS, "ratio": lambda r: r["ratio"] <= RATIO},
        )
        listed = "c.id, c.code, c.title, c.state, c.received_date, c.case_type, c.outcome_due, u.name"

        def scope(role, alias="c"):
            # As `scoping.cases_visible_to` writes it: the live cases; for the clerk `unit_id = X`, with the
            # few live cases elsewhere it reaches (fetched first: prefetch()) as `scoping._commune_q` does.
            alive = f"{alias}.deleted_at IS NULL"
            return alive if role != "xa" else f"{alive} AND {self.clerk_scope(alias)}"

        def prefetch(role):
            return [(self.clerk_ids_sql, ())] if role == "xa" else []

        def case_count(role, where):
            if role != "xa" and where == "true":  # an unfiltered list (only alive) counts from the statistics
                return (
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = 'tiepdan_case_case'::regclass",
                    (),
                )
            return (f"SELECT count(*) FROM tiepdan_case_case AS c WHERE {scope(role)} AND {where}", ())

        def case_page(role, where, per, page=1):
            order = "ORDER BY c.received_date DESC, c.id DESC"
            rows = f"{scope(role)} AND {where}"
            if page > 1:  # a deep page: its ids first (an index-only scan), then their rows
                rows = (
                    f"c.id IN (SELECT c.id FROM tiepdan_case_case AS c WHERE {rows} {order} LIMIT {per} "
                    f"OFFSET {(page - 1) * per})"
                )
            return (
                f"SELECT {listed} FROM tiepdan_case_case AS c JOIN tiepdan_case_administrativeunit AS u "
                f"ON u.id = c.unit_id WHERE {rows} {order} LIMIT {per}",
                (),
            )

        def search_where(role):
            like = f"'%%{SEARCH_KEY}%%'"
            shield = "" if role == "ban_tcd" else " AND NOT (x.case_type = 'to_cao'"
            if role == "xa":
                shield += f" AND NOT (x.unit_id = {unit} OR x.registered_unit_id = {unit}))"
            elif shield:
                shield += ")"
            return (
                f"c.id IN (SELECT x.id FROM tiepdan_case_case AS x WHERE x.search_text LIKE {like}{shield} "
                f"UNION SELECT p.case_id FROM tiepdan_case_caseparticipant AS p JOIN tiepdan_case_citizen AS z "
                f"ON z.id = p.citizen_id JOIN tiepdan_case_case AS x ON x.id = p.case_id "
                f"WHERE z.search_text LIKE {like}{shield})"
            )

        state_type = "c.state = 'closed' AND c.case_type = 'khieu_nai'"
        filt = "?state__exact=closed&case_type__exact=khieu_nai"
        # 1. the case list in the back office
        for role in ROLES:
            self.measure("1", role, "case list, page 1", "/tiepdan_case/case/", target=lists, ids_of=case_ids,
                         floor=[*prefetch(role), case_count(role, "true"), case_page(role, "true", per_admin)])  # fmt: skip
            self.measure("1", role, f"case list, page {scale_pages}", f"/tiepdan_case/case/?p={scale_pages}",
                         target=lists, ids_of=case_ids,
                         floor=[*prefetch(role), case_count(role, "true"), case_page(role, "true", per_admin, scale_pages)])  # fmt: skip
            where = f"{state_type} AND c.unit_id = {unit}"
            self.measure("1", role, "case list, state+type+commune",
                         f"/tiepdan_case/case/{filt}&unit__id__exact={unit}", target=lists, ids_of=case_ids,
                         floor=[*prefetch(role), case_count(role, where), case_page(role, where, per_admin)])  # fmt: skip
        # 2. accent-free name search, in cases and in citizens
        for role in ROLES:
            where = search_where(role)
            self.measure("2", role, f'case search "{SEARCH}"', "/tiepdan_case/case/?q=" + SEARCH.replace(" ", "+"),
                         target=lists, ids_of=case_ids, explain=True,
                         floor=[*prefetch(role), case_count(role, where), case_page(role, where, per_admin)])  # fmt: skip
        for role in ROLES:
            cond = self.citizen_scope(role, unit)
            base = f"FROM tiepdan_case_citizen AS z WHERE z.search_text LIKE '%%{SEARCH_KEY}%%' AND {cond}"
            self.measure("2", role, f'citizen search "{SEARCH}"',
                         "/tiepdan_case/citizen/?q=" + SEARCH.replace(" ", "+"), target=lists, ids_of=citizen_ids,
                         explain=True, floor=[*prefetch(role), (f"SELECT count(*) {base}", ()), (
                             f'SELECT z.id, z.full_name, z.id_number, z.phone {base} '
                             f'ORDER BY z.full_name COLLATE "vi-x-icu", z.id LIMIT 100', ())])  # fmt: skip
        # 3. the home work queue and the dashboard
        homes = ("≤300 ms p95", lambda r: r["p95_ms"] <= HOME_MS)
        for role in ("lanh_dao", "xa"):
            self.measure("3", role, "home (work queue, dashboard)", "/", target=homes)
            self.measure("3", role, "API dashboard", "/api/v1/dashboard/", target=homes, api=True)
        # 4. a case page with its history
        case_id = self.one(
            "SELECT c.id FROM tiepdan_case_case AS c JOIN tiepdan_case_reception AS r ON r.case_id = c.id "
            f"WHERE c.unit_id = {unit} AND c.case_type = 'khieu_nai' GROUP BY c.id HAVING count(*) >= 3 "
            "ORDER BY c.id DESC LIMIT 1"
        )
        ct = self.one(
            "SELECT id FROM django_content_type WHERE app_label = 'tiepdan_case' AND model = 'case'"
        )
        page_floor = [
            (f"SELECT c.*, u.name FROM tiepdan_case_case AS c JOIN tiepdan_case_administrativeunit AS u "
             f"ON u.id = c.unit_id WHERE c.id = {case_id}", ()),
            (f"SELECT p.*, z.full_name, z.id_number, z.phone FROM tiepdan_case_caseparticipant AS p "
             f"JOIN tiepdan_case_citizen AS z ON z.id = p.citizen_id WHERE p.case_id = {case_id}", ()),
            (f"SELECT * FROM tiepdan_case_reception WHERE case_id = {case_id} ORDER BY received_at DESC", ()),
            (f"SELECT * FROM tiepdan_case_auditevent WHERE content_type_id = {ct} AND object_id = {case_id} "
             "ORDER BY at DESC, id DESC LIMIT 100", ()),
        ]  # fmt: skip
        for role in ROLES:
            self.measure("4", role, "case page with history", f"/tiepdan_case/case/{case_id}/change/",
                         target=("≤100 ms p95", lambda r: r["p95_ms"] <= CASE_PAGE_MS), floor=page_floor)  # fmt: skip
        # 5. the same list and search through the API
        for role in ROLES:
            self.measure("5", role, "API case list", "/api/v1/cases/", api=True, target=lists, ids_of=api_ids,
                         floor=[*prefetch(role), case_count(role, "true"), case_page(role, "true", per_api)])  # fmt: skip
            where = search_where(role)
            self.measure("5", role, f'API case search "{SEARCH}"', "/api/v1/cases/?search=" + SEARCH.replace(" ", "+"),
                         api=True, target=lists, ids_of=api_ids, explain=True,
                         floor=[*prefetch(role), case_count(role, where), case_page(role, where, per_api)])  # fmt: skip
        # 6. the register export of 100,000 rows, the quarterly Biểu 01/TCD
        self.export_register()
        today = dt.date.today()
        quarter = (today.month - 1) // 3  # the last full quarter
        year, quarter = (today.year, quarter) if quarter else (today.year - 1, 4)
        self.measure("6", "ban_tcd", f"Biểu 01/TCD q{quarter} {year}",
                     f"/api/v1/reports/bieu-01-tcd/?period=q{quarter}&year={year}",
                     target=("≤10 s", lambda r: r["p95_ms"] <= EXPORT_S * 1000))  # fmt: skip
        # 7. the minutes PDF of a 30-item session; the console's refresh for 50 watchers
        self.minutes_pdf()
        self.console_watchers()

    def clerk_floor(self, clerk):
        """The commune clerk's live cases outside the commune, as `scoping._commune_q` fetches them first
        (one query over a UNION): cases naming the clerk as handler, those moved away from the commune
        that registered them, and those behind an issued directive the commune or the clerk's agency
        leads or supports."""
        unit, agency, user = clerk.unit_id, clerk.agency_id or 0, clerk.user_id
        self.clerk_unit = unit
        self.clerk_ids_sql = (
            f"SELECT id, unit_id FROM tiepdan_case_case WHERE deleted_at IS NULL AND unit_id <> {unit} AND id = ANY(ARRAY("
            f"SELECT case_id FROM tiepdan_case_case_handlers WHERE user_id = {user} "
            f"UNION SELECT id FROM tiepdan_case_case WHERE registered_unit_id = {unit} "
            "AND NOT (registered_unit_id = unit_id AND registered_unit_id IS NOT NULL) "
            "UNION SELECT case_id FROM tiepdan_session_directive WHERE deleted_at IS NULL "
            f"AND issued_at IS NOT NULL AND (lead_unit_id = {unit} OR lead_agency_id = {agency} OR id IN "
            f"(SELECT directive_id FROM tiepdan_session_directive_supporting_agencies WHERE agency_id = {agency}))))"
        )
        outside = sorted(self.sql(self.clerk_ids_sql))
        self.clerk_ids = [pk for pk, _unit in outside]
        self.clerk_units = sorted({unit, *(u for _pk, u in outside)})
        handled = [
            r[0] for r in self.sql(f"SELECT case_id FROM tiepdan_case_case_handlers WHERE user_id = {user}")
        ]
        named = f" OR c.id IN ({', '.join(map(str, handled))})" if handled else ""
        # What the clerk handles (scoping.handled_cases_q): a denunciation outside it is shielded.
        self.clerk_handles = f"(c.unit_id = {unit} OR c.registered_unit_id = {unit}{named})"

    def clerk_scope(self, alias="c"):
        """`unit_id = X`, or with cases elsewhere `unit_id IN (…) AND COALESCE(unit_id = X OR id IN (…), false)`."""
        unit = f"{alias}.unit_id = {self.clerk_unit}"
        if not self.clerk_ids:
            return unit
        units, ids = ", ".join(map(str, self.clerk_units)), ", ".join(map(str, self.clerk_ids))
        return f"{alias}.unit_id IN ({units}) AND COALESCE({unit} OR {alias}.id IN ({ids}), false)"

    def citizen_scope(self, role, unit):
        """As `scoping.citizens_visible_to` writes it, on the live citizens."""
        if role == "ban_tcd":  # handles every case: every citizen
            return "z.deleted_at IS NULL"
        if role == "lanh_dao":  # reads every case, handles none: not those known only through denunciations
            return "z.deleted_at IS NULL AND NOT z.only_in_secret_cases"  # the stored flag
        return (
            "z.deleted_at IS NULL AND (EXISTS (SELECT 1 FROM tiepdan_case_caseparticipant AS p JOIN "
            "tiepdan_case_case AS c ON c.id = p.case_id WHERE p.citizen_id = z.id AND c.deleted_at IS NULL "
            f"AND {self.clerk_scope()} AND NOT (c.case_type = 'to_cao' AND NOT {self.clerk_handles})) "
            f"OR (z.unit_id = {unit} AND NOT EXISTS (SELECT 1 FROM tiepdan_case_caseparticipant AS p "
            "WHERE p.citizen_id = z.id)))"
        )

    def export_register(self):
        if ONLY and ONLY not in "6 ban_tcd register export":
            return
        target_rows = 100_000 if FULL else 1_000
        last = self.one("SELECT max(received_at) FROM tiepdan_case_reception")
        first = self.one(
            "SELECT received_at FROM tiepdan_case_reception ORDER BY received_at DESC OFFSET %s LIMIT 1",
            [target_rows - 1],
        )
        from django.utils import timezone

        day_from, day_to = timezone.localtime(first).date(), timezone.localtime(last).date()
        url = f"/api/v1/reports/so-tiep-cong-dan/?from={day_from:%Y-%m-%d}&to={day_to:%Y-%m-%d}"
        client = self.client("ban_tcd")
        out = self.work / "register.xlsx"
        repeat = int(
            os.environ.get("BENCH_EXPORT_REPEAT", "1")
        )  # 100,000 rows: once is minutes on a loaded box
        samples, cpu, peaks, status = [], [], [], None
        base_kb = status_kb("VmRSS")
        for _ in range(repeat):
            reset_peak()
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(url)
            with out.open("wb") as handle:
                for chunk in response.streaming_content if response.streaming else [response.content]:
                    handle.write(chunk)
            samples.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            peaks.append(status_kb("VmHWM"))
            status = response.status_code
            if status != 200:
                break
        rows = 0
        if status == 200:  # the rows of the first sheet, counted in its XML (constant memory)
            import zipfile

            with zipfile.ZipFile(out) as archive, archive.open("xl/worksheets/sheet1.xml") as xml:
                tail = b""
                while chunk := xml.read(1 << 20):
                    rows += (tail + chunk).count(b"<row ")
                    tail = chunk[-4:]
            rows -= (
                4  # the title, the period, the headers and the column numbers (the empty row is not written)
            )
        peak_mb = max(peaks) / 1024
        row = {
            "group": "6",
            "role": "ban_tcd",
            "scenario": "register export (xlsx)",
            "url": url,
            "status": status,
            "p50_ms": round(statistics.median(samples), 1),
            "p95_ms": round(max(samples), 1),
            "cpu_p50_ms": round(statistics.median(cpu), 1),
            "queries": None,
            "sheet_rows": rows,
            "file_mb": round(out.stat().st_size / 1024 / 1024, 1) if out.exists() else None,
            "peak_rss_mb": round(peak_mb, 1),
            "rss_before_mb": round(base_kb / 1024, 1),
            "target": f"≤{EXPORT_S} s, ≤{EXPORT_MB} MB RSS",
            "met": status == 200 and max(samples) <= EXPORT_S * 1000 and peak_mb <= EXPORT_MB,
            "extra": f" {rows:,} sheet rows, peak RSS {peak_mb:.0f} MB (process before {base_kb / 1024:.0f} MB)",
        }
        if status != 200:
            self.errors.append(f"register export: status {status}")
        self.rows.append(row)
        row_print = {**row, "queries": 0}
        self.print_row(row_print)

    def minutes_pdf(self):
        if ONLY and ONLY not in "7 ban_tcd minutes PDF":
            return
        from django.db import transaction

        session_id, items = self.sql(
            "SELECT s.id, count(a.id) FROM tiepdan_session_receptionsession AS s JOIN tiepdan_session_agendaitem "
            "AS a ON a.session_id = s.id WHERE s.state IN ('closed', 'concluded') GROUP BY s.id "
            "ORDER BY count(a.id) DESC, s.start DESC LIMIT 1"
        )[0]
        client = self.client("ban_tcd")
        url = f"/tiepdan_report/issueddocument/issue/bien_ban/{session_id}/"
        locations = []

        def issue():
            with transaction.atomic():  # issued, then rolled back: nothing stays
                response = client.post(url, {"signer_name": "Nguyễn Văn Bench"})
                locations.append(response.get("Location", ""))
                transaction.set_rollback(True)
            return response

        repeat = 5 if FULL else 2
        samples, response = self.timed(issue, repeat)
        cpu = self.last_cpu
        response, queries = self.captured(issue)
        ok = response.status_code == 302 and "/tiepdan_report/issueddocument/" in locations[-1]
        if not ok:
            self.errors.append(f"minutes PDF: status {response.status_code} → {locations[-1]}")
        row = {
            "group": "7",
            "role": "ban_tcd",
            "scenario": f"minutes PDF, {items}-item session",
            "url": url,
            "status": response.status_code,
            "p50_ms": round(statistics.median(samples), 1),
            "p95_ms": round(percentile(samples, 0.95), 1),
            "cpu_p50_ms": round(statistics.median(cpu), 1),
            "queries": len(queries),
            "sql_ms": round(sum(float(q["time"]) for q in queries) * 1000, 1),
            "target": f"≤{PDF_S} s",
            "met": ok and percentile(samples, 0.95) <= PDF_S * 1000,
        }
        self.rows.append(row)
        self.print_row(row)

    def console_watchers(self):
        if ONLY and ONLY not in "7 console refresh watchers":
            return
        session_id = self.one(
            "SELECT id FROM tiepdan_session_receptionsession WHERE state = 'in_progress' ORDER BY start DESC LIMIT 1"
        )
        url = f"/sessions/{session_id}/truc-tiep/khung/"
        roles = ("ban_tcd", "vp_ubnd", "chu_tich", "lanh_dao", "thanh_tra")
        clients = [self.client(roles[i % len(roles)]) for i in range(WATCHERS)]
        for client in clients:  # warm
            client.get(url)
        rounds, samples, cpu, statuses = [], [], [], set()
        for _ in range(3 if FULL else 1):
            t_round = time.perf_counter()
            for client in clients:
                t0, c0 = time.perf_counter(), time.process_time()
                statuses.add(client.get(url).status_code)
                samples.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            rounds.append(time.perf_counter() - t_round)
        _response, queries = self.captured(lambda: clients[0].get(url))
        from addons.tiepdan_session.views_console import POLL_SECONDS

        if statuses != {200}:
            self.errors.append(f"console refresh: statuses {sorted(statuses)}")
        row = {
            "group": "7",
            "role": "5 roles",
            "scenario": f"console refresh, {WATCHERS} watchers",
            "url": url,
            "status": max(statuses),
            "p50_ms": round(statistics.median(samples), 1),
            "p95_ms": round(percentile(samples, 0.95), 1),
            "cpu_p50_ms": round(statistics.median(cpu), 1),
            "queries": len(queries),
            "round_s": round(max(rounds), 2),
            "target": f"{WATCHERS} in the {POLL_SECONDS} s poll",
            "met": statuses == {200} and max(rounds) <= POLL_SECONDS,
            "extra": f" one round of {WATCHERS}: {max(rounds):.2f} s",
        }
        self.rows.append(row)
        self.print_row(row)


if __name__ == "__main__":
    sys.exit(main())
