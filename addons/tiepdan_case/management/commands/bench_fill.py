"""Fill a PostgreSQL database with a synthetic province for the benchmark (issue 13).

`manage.py bench_fill --scale 1` writes 1,000,000 cases over ten years across the 102 communes, 300,000
citizens with Vietnamese names, about 1,600,000 participants, 1,500,000 receptions and one history row
per case, then 10,000 reception sessions (agendas of 3–8 cases linking the cases' commune sites, the
invitations, two sessions of 30 items: the last closed one and today's, in progress) and 30,000 directives
with their progress reports and the history rows of both, in plain `INSERT … SELECT` statements (no ORM
row by row). `--scale 0.01` makes a small province for CI (every count is proportional). Re-runnable: the
case tables are emptied first (only with `--wipe` when they hold rows), the same seed gives the same rows;
`--only sessions` empties and refills the session module's rows alone over the cases already there.

Derived columns are those the application computes: `search_text` is `text.search_key(...)` of the same
parts (the names are built from accented parts whose accent-free forms are known), case codes are
`VV-<year>-<n:05d>` numbered per year and the yearly sequence continues after them, `is_group` follows
`group_size`, session codes are `PTCD-<year>-<n:03d>` and their yearly sequence continues after them,
directive deadlines are `calendar.add_working_days(<issue day>, 30)` on the working-day calendar, an
agenda item is open while its session is, a heard item has its register row. Text columns the fill does
not name (e.g. fields added by later migrations) get the empty string, as their blank model default.
It also creates one bench user per role (`bench_<role>`, password `bench-password-13`) and
a clerk of the busiest commune (`bench_xa`).
"""

import datetime as dt
import json
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from ...text import search_key

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ"]
SURNAMES += ["Ngô", "Hồ", "Dương", "Đinh", "Lý", "Châu", "Lâm", "Mai", "Tạ", "Quách", "Lương", "Đoàn"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Đức", "Quốc", "Hoàng", "Thu", "Kim", "Công"]
MIDDLE += ["Xuân", "Gia", "Bảo", "Thành", "Mỹ", "Phương", "Tấn", "Hồng"]
GIVEN = ["An", "Anh", "Ánh", "Bình", "Cường", "Dũng", "Dung", "Đạt", "Giang", "Hà", "Hải", "Hạnh", "Hiếu"]
GIVEN += ["Hòa", "Hùng", "Hương", "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Nhung", "Phúc"]
GIVEN += ["Quân", "Quang", "Sơn", "Tâm", "Thắng", "Thảo", "Thủy", "Tiến", "Trang", "Trung", "Tuấn", "Vân"]
GIVEN += ["Việt", "Xuân", "Yến", "Khoa", "Lộc", "Nhân", "Phát", "Tài", "Thiện", "Trí", "Vinh", "Bảo"]
SUBJECTS = [
    "Khiếu nại quyết định thu hồi đất",
    "Tố cáo cán bộ địa chính nhận tiền",
    "Kiến nghị bồi thường giải phóng mặt bằng",
    "Phản ánh ô nhiễm từ cơ sở chế biến thủy sản",
    "Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất",
    "Tố cáo sai phạm trong đấu thầu xây dựng đường",
    "Kiến nghị sửa chữa cầu giao thông nông thôn",
    "Phản ánh tranh chấp ranh giới đất ruộng",
    "Khiếu nại mức hỗ trợ tái định cư",
    "Tố cáo hành vi lấn chiếm đất công",
]
PLACES = ["ấp Tân Lợi", "ấp Bình Hòa", "khóm 3", "ấp Mỹ Phú", "ấp Long Thạnh", "khóm 1", "ấp Phú Điền"]


CASE_TABLES = (
    "tiepdan_case_citizen",
    "tiepdan_case_case",
    "tiepdan_case_caseparticipant",
    "tiepdan_case_reception",
    "tiepdan_case_auditevent",
)
SESSION_TABLES = (
    "tiepdan_session_receptionsession",
    "tiepdan_session_agendaitem",
    "tiepdan_session_sessionsite",
    "tiepdan_session_invitation",
    "tiepdan_session_directive",
    "tiepdan_session_directivereport",
    "tiepdan_case_auditevent",
)
SESSION_DAY0 = dt.date(2016, 12, 5)
_SET_DEFAULTS: dict[str, set] = {}  # the defaults _blank_defaults set, dropped again after the fill


def _array(values) -> str:
    return "ARRAY[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _pick(array_sql: str, n: int, expr: str) -> str:
    """The element of a 1-based SQL array chosen by a non-negative integer expression."""
    return f"({array_sql})[1 + (({expr}) % {n})]"


class Command(BaseCommand):
    help = "Fill PostgreSQL with a synthetic province for the benchmark (INSERT … SELECT; --scale, --wipe)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = 1,000,000 cases (default).")
        parser.add_argument(
            "--wipe", action="store_true", help="Empty the case tables first if they hold rows."
        )
        parser.add_argument(
            "--only",
            choices=["sessions"],
            help="Refill only the sessions, agendas and directives (over the cases already there).",
        )

    def handle(self, *args, scale, wipe, only=None, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark data generator needs PostgreSQL (DATABASE_URL=postgres://…).")
        n_cases = max(100, int(1_000_000 * scale))
        n_citizens = max(40, int(300_000 * scale))
        self.started = time.monotonic()
        if only == "sessions":
            users = self._users()
            with connection.cursor() as cur:
                cur.execute("SELECT count(*) FROM tiepdan_case_case")
                n_cases = cur.fetchone()[0]
            if n_cases < 1000:
                raise CommandError("Fill the cases first (bench_fill --scale N).")
            self._fill_sessions(n_cases, scale, users)
            with connection.cursor() as cur:
                self._step(cur, "ANALYZE", "ANALYZE")
            self.stdout.write(f"done in {time.monotonic() - self.started:.0f} s")
            return
        with connection.cursor() as cur:
            cur.execute("SELECT EXISTS (SELECT 1 FROM tiepdan_case_case)")
            if cur.fetchone()[0] and not wipe:
                raise CommandError("The database already has cases; run again with --wipe to replace them.")
        users = self._users()
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("SET LOCAL synchronous_commit = off")
            self._blank_defaults(cur, CASE_TABLES)
            self._step(cur, "empty the case tables", self._wipe_sql())
            self._step(cur, f"{n_citizens:,} citizens", self._citizens_sql(n_citizens))
            self._step(cur, f"{n_cases:,} cases", self._cases_sql(n_cases))
            self._step(cur, "participants", self._participants_sql(n_citizens))
            self._secret_only_flag()
            self._step(cur, "receptions", self._receptions_sql())
            self._step(cur, "named handlers and assigned agencies", self._links_sql(users))
            self._step(cur, "history rows", self._history_sql())
            self._step(cur, "yearly case numbers", self._sequence_sql())
            self._step(cur, "identity sequences", self._identity_sql())
            self._step(cur, "foreign-key checks", "SET CONSTRAINTS ALL IMMEDIATE")
            self._blank_defaults(cur, CASE_TABLES, drop=True)
        self._fill_sessions(n_cases, scale, users)
        with connection.cursor() as cur:
            self._step(cur, "ANALYZE", "ANALYZE")
            cur.execute("SELECT count(*) FROM tiepdan_case_case")
            cases = cur.fetchone()[0]
            cur.execute("SELECT count(*) FROM tiepdan_case_caseparticipant")
            participants = cur.fetchone()[0]
            cur.execute("SELECT count(*) FROM tiepdan_case_reception")
            receptions = cur.fetchone()[0]
        self.stdout.write(
            f"done in {time.monotonic() - self.started:.0f} s: {cases:,} cases, {n_citizens:,} citizens, "
            f"{participants:,} participants, {receptions:,} receptions"
        )

    def _step(self, cur, label, sql):
        began = time.monotonic()
        self.stdout.write(f"  … {label}", ending="")
        self.stdout.flush()
        for statement in [sql] if isinstance(sql, str) else sql:
            cur.execute(statement)
        rows = f", {cur.rowcount:,} rows" if cur.rowcount and cur.rowcount > 0 else ""
        self.stdout.write(f"\r  ✓ {label} ({time.monotonic() - began:.1f} s{rows})")

    def _secret_only_flag(self):
        """`Citizen.only_in_secret_cases` as the model layer keeps it (models.case.refresh_secret_only and
        migration 0020): in a denunciation and in no other case. One UPDATE."""
        from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef

        from ...models import CaseParticipant, Citizen
        from ...scoping import secret_identity_q

        began = time.monotonic()
        secret = secret_identity_q("case__")
        theirs = CaseParticipant.objects.filter(citizen_id=OuterRef("pk"))
        flagged = Citizen.objects.filter(Exists(theirs.filter(secret))).update(
            only_in_secret_cases=ExpressionWrapper(
                ~Exists(theirs.exclude(secret)), output_field=BooleanField()
            )
        )
        self.stdout.write(
            f"  ✓ citizens known only through denunciations ({time.monotonic() - began:.1f} s, {flagged:,} rows)"
        )

    @staticmethod
    def _blank_defaults(cur, tables, drop=False):
        """NOT NULL columns without a database default that the INSERTs below do not name (fields added by
        later migrations) get their model field's default for the fill (`''` for a blank text, `false`,
        `"VN"`…), and lose it again at the end: Django keeps defaults in Python, not in the schema."""
        from django.apps import apps

        if drop:
            if any(_SET_DEFAULTS.get(table) for table in tables):
                cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred foreign-key checks, now
            for table in tables:
                for column in _SET_DEFAULTS.pop(table, ()):
                    cur.execute(f'ALTER TABLE {table} ALTER COLUMN "{column}" DROP DEFAULT')
            return
        models = {m._meta.db_table: m for m in apps.get_models()}
        cur.execute(
            """SELECT table_name, column_name FROM information_schema.columns
               WHERE table_schema = current_schema() AND table_name = ANY(%s) AND is_nullable = 'NO'
                 AND column_default IS NULL""",
            [list(tables)],
        )
        for table, column in cur.fetchall():
            field = next((f for f in models[table]._meta.concrete_fields if f.column == column), None)
            if field is None or (field.has_default() and callable(field.default)):
                continue
            value = field.get_db_prep_save(field.get_default(), connection)  # a blank text: ''
            if value is None:
                continue
            cur.execute(
                f'ALTER TABLE {table} ALTER COLUMN "{column}" SET DEFAULT %s',
                [value if not isinstance(value, dict | list) else json.dumps(value)],
            )
            _SET_DEFAULTS.setdefault(table, set()).add(column)

    def _users(self) -> dict:
        """One bench user per role (idempotent), through the ORM: a handful of rows."""
        from django.contrib.auth.hashers import make_password
        from django.contrib.auth.models import Group, User

        from ...models import AdministrativeUnit, Agency, UserProfile
        from ...roles import ALL_ROLES, sync_roles

        sync_roles()
        password = make_password("bench-password-13")  # hashed once: sixteen hashes take seconds
        busiest = AdministrativeUnit.objects.filter(kind__in=["xa", "phuong"]).order_by("id").first()
        made = {}
        for role in [*ALL_ROLES, "xa"]:
            user, _created = User.objects.get_or_create(
                username=f"bench_{role}",
                defaults={"is_staff": True, "first_name": "Bench", "last_name": role},
            )
            user.password = password
            user.is_staff = True
            user.save()
            group = "ubnd_xa" if role == "xa" else role
            user.groups.set([Group.objects.get(name=group)])
            agency = Agency.objects.filter(code__startswith=f"ubnd-{busiest.code}").first()
            if role != "xa":
                agency = Agency.objects.filter(kind=role).first() or Agency.objects.order_by("id").first()
            UserProfile.objects.update_or_create(
                user=user, defaults={"agency": agency, "unit": busiest if role in ("xa", "ubnd_xa") else None}
            )
            made[role] = user.pk
        return made

    @staticmethod
    def _wipe_sql():
        return (
            "TRUNCATE tiepdan_case_case_handlers, tiepdan_case_case_assigned_agencies, "
            "tiepdan_case_reception, tiepdan_case_caseparticipant, tiepdan_case_caseattachment, "
            "tiepdan_case_identityaccesslog, tiepdan_case_case, tiepdan_case_citizen, "
            "tiepdan_case_auditevent RESTART IDENTITY CASCADE",
            "DELETE FROM tiepdan_case_yearsequence WHERE series = 'case'",
        )

    @staticmethod
    def _citizens_sql(n: int) -> str:
        sur, mid, giv = _array(SURNAMES), _array(MIDDLE), _array(GIVEN)
        sur_k = _array([search_key(x) for x in SURNAMES])
        mid_k = _array([search_key(x) for x in MIDDLE])
        giv_k = _array([search_key(x) for x in GIVEN])
        ns, nm, ng = len(SURNAMES), len(MIDDLE), len(GIVEN)
        # Hashes of the row number spread the parts without correlation; the same seed gives the same rows.
        a, b, c = "(i * 7919)", "(i / 7 * 104729 + i)", "(i * 31 + i / 13)"
        return f"""
        WITH units AS (
            SELECT array_agg(id ORDER BY id) AS ids FROM tiepdan_case_administrativeunit
            WHERE kind IN ('xa', 'phuong')
        ), rows AS (
            SELECT i,
                   {_pick(sur, ns, a)} || ' ' || {_pick(mid, nm, b)} || ' ' || {_pick(giv, ng, c)} AS full_name,
                   {_pick(sur_k, ns, a)} || ' ' || {_pick(mid_k, nm, b)} || ' ' || {_pick(giv_k, ng, c)} AS name_key,
                   '087' || CASE WHEN i % 2 = 0 THEN '1' ELSE '0' END || lpad((i % 100)::text, 2, '0')
                       || lpad(i::text, 6, '0') AS id_number
            FROM generate_series(1::bigint, {n}) AS i
        )
        INSERT INTO tiepdan_case_citizen (id, full_name, id_type, id_number, date_of_birth, gender, phone,
            address, search_text, created_at, updated_at, unit_id)
        SELECT i, full_name, 'can_cuoc', id_number, date '1950-01-01' + (i * 37 % 20000)::int,
               CASE WHEN i % 2 = 0 THEN 'nu' ELSE 'nam' END,
               '+8491' || lpad((i % 10000000)::text, 7, '0'),
               {_pick(_array(PLACES), len(PLACES), "i")}, name_key || ' ' || id_number,
               now(), now(), units.ids[1 + (i * 13 % array_length(units.ids, 1))]
        FROM rows, units
        """

    @staticmethod
    def _cases_sql(n: int):
        subjects = _array(SUBJECTS)
        subject_keys = _array([search_key(x) for x in SUBJECTS])
        places = _array(PLACES)
        place_keys = _array([search_key(x) for x in PLACES])
        # Shares: half complaints, 15% denunciations (a third asking protection), 20% recommendations, 15%
        # reports; 3% groups; old cases closed, recent ones spread over the early states. A few communes
        # (the low ids) are busier than the rest.
        return [
            "DROP TABLE IF EXISTS bench_case",
            f"""
            CREATE TEMP TABLE bench_case ON COMMIT DROP AS
            WITH units AS (
                SELECT array_agg(id ORDER BY id) AS ids FROM tiepdan_case_administrativeunit
                WHERE kind IN ('xa', 'phuong')
            )
            SELECT i,
                   date '2016-12-01' + ((i::bigint * 3650) / {n})::int AS received_date,
                   CASE WHEN i % 20 < 10 THEN 'khieu_nai' WHEN i % 20 < 13 THEN 'to_cao'
                        WHEN i % 20 < 17 THEN 'kien_nghi' ELSE 'phan_anh' END AS case_type,
                   (i % 20 = 11) AS identity_protection,
                   (i % 33 = 0) AS is_group,
                   i % 7 AS subject, i % 5 AS place,
                   units.ids[1 + ((CASE WHEN i % 4 = 0 THEN i % 5 ELSE (i * 13) END)
                       % array_length(units.ids, 1))] AS unit_id
            FROM generate_series(1::bigint, {n}) AS i, units
            """,
            """
            ALTER TABLE bench_case ADD COLUMN code text;
            UPDATE bench_case SET code = numbered.code FROM (
                SELECT i, 'VV-' || y || '-' || lpad(n::text, greatest(5, length(n::text)), '0') AS code
                FROM (SELECT i, extract(year FROM received_date)::int AS y,
                             row_number() OVER (PARTITION BY extract(year FROM received_date) ORDER BY i) AS n
                      FROM bench_case) AS per_year
            ) AS numbered WHERE numbered.i = bench_case.i
            """,
            f"""
            INSERT INTO tiepdan_case_case (id, code, case_type, title, summary, received_date, channel,
                is_group, group_size, identity_protection, eligibility, within_provincial_competence,
                previous_handling, is_repeat, state, refusal_ground, outcome_due, outcome_notified_on,
                search_text, created_at, updated_at, unit_id, registered_unit_id)
            SELECT i, code, case_type,
                   ({subjects})[1 + ((i % 20 / 5 * 2 + subject) % 10)] || ' tại ' || ({places})[1 + place],
                   'Nội dung đơn số ' || i || '.', received_date,
                   CASE WHEN i % 10 < 5 THEN 'truc_tiep' WHEN i % 10 < 7 THEN 'buu_chinh'
                        WHEN i % 10 < 9 THEN 'truc_tuyen' ELSE 'chuyen_den' END,
                   is_group, CASE WHEN is_group THEN 5 + i % 26 ELSE 1 END, identity_protection, '', true, '',
                   i % 9 = 0,
                   CASE WHEN received_date < date '2026-06-01' THEN
                            (ARRAY['closed','closed','closed','closed','closed','following_up','received',
                                   'rejected','withdrawn','closed'])[1 + i % 10]
                        ELSE (ARRAY['draft','submitted','accepted','returned','scheduled','received',
                                    'following_up','submitted','accepted','closed'])[1 + i % 10] END,
                   '', received_date + 60, NULL,
                   lower(code) || ' ' || ({subject_keys})[1 + ((i % 20 / 5 * 2 + subject) % 10)] || ' tai '
                       || ({place_keys})[1 + place],
                   received_date::timestamptz, received_date::timestamptz, unit_id, unit_id
            FROM bench_case
            """,
            # A rejected case has its ground (the refusal is recorded with it).
            "UPDATE tiepdan_case_case SET refusal_ground = 'luat_9_3' WHERE state = 'rejected'",
        ]

    @staticmethod
    def _participants_sql(n_citizens: int) -> str:
        # About 1.6 people per case; one citizen in ~5 cases; the last 5% of citizens are in no case.
        reach = max(1, int(n_citizens * 0.95))
        return f"""
        INSERT INTO tiepdan_case_caseparticipant (role, authorization_document, case_id, citizen_id)
        SELECT CASE WHEN k = 0 THEN 'nguoi_dung_don' ELSE 'thanh_vien' END, '', c.id,
               1 + ((c.id * 7919 + k * 104729) % {reach})
        FROM tiepdan_case_case AS c
        CROSS JOIN LATERAL generate_series(0, CASE WHEN c.id % 5 < 3 THEN 1 ELSE 0 END
                                             + CASE WHEN c.is_group THEN 3 ELSE 0 END) AS k
        ON CONFLICT DO NOTHING
        """

    @staticmethod
    def _receptions_sql() -> str:
        # Cases received, followed up or closed: one to three receptions each (about 1.5 million in all).
        return """
        WITH agencies AS (SELECT array_agg(id ORDER BY id) AS ids FROM tiepdan_case_agency)
        INSERT INTO tiepdan_case_reception (received_at, place, kind, by_head, received_by, people_count,
            direction, guided_to, document_number, refusal_ground, note, created_at, case_id,
            receiving_agency_id)
        SELECT (c.received_date + 7 * k)::timestamptz + interval '8 hours' + (c.id % 480) * interval '1 minute',
               'Trụ sở tiếp công dân', CASE WHEN c.id % 10 = 0 THEN 'dinh_ky' ELSE 'thuong_xuyen' END,
               c.id % 10 = 0, 'Cán bộ tiếp dân', c.group_size,
               CASE WHEN c.id % 6 = 0 THEN 'huong_dan' ELSE 'thu_ly' END,
               CASE WHEN c.id % 6 = 0 THEN 'UBND cấp xã' ELSE '' END, '', '', '',
               c.received_date::timestamptz, c.id,
               agencies.ids[1 + c.id % array_length(agencies.ids, 1)]
        FROM tiepdan_case_case AS c
        CROSS JOIN agencies
        CROSS JOIN LATERAL generate_series(0, CASE WHEN c.id % 4 = 0 THEN 2 WHEN c.id % 4 = 1 THEN 1
                                                   ELSE 0 END) AS k
        WHERE c.state IN ('received', 'following_up', 'closed')
        """

    @staticmethod
    def _links_sql(users: dict):
        handler = users["so_nganh"]
        return [
            # 1 case in 200 names the department user as a handler; 1 in 10 is assigned to an agency.
            f"""INSERT INTO tiepdan_case_case_handlers (case_id, user_id)
                SELECT id, {handler} FROM tiepdan_case_case WHERE id % 200 = 7""",
            """WITH agencies AS (
                   SELECT array_agg(id ORDER BY id) AS ids FROM tiepdan_case_agency WHERE kind = 'so_nganh'
               )
               INSERT INTO tiepdan_case_case_assigned_agencies (case_id, agency_id)
               SELECT c.id, agencies.ids[1 + c.id / 10 % array_length(agencies.ids, 1)]
               FROM tiepdan_case_case AS c, agencies WHERE c.id % 10 = 3""",
        ]

    @staticmethod
    def _history_sql() -> str:
        return """
        INSERT INTO tiepdan_case_auditevent (content_type_id, object_id, kind, action, from_state, to_state,
            changes, note, actor_id, at)
        SELECT ct.id, c.id, 'created', '', '', 'draft', '{}'::jsonb, '', NULL, c.created_at
        FROM tiepdan_case_case AS c,
             (SELECT id FROM django_content_type WHERE app_label = 'tiepdan_case' AND model = 'case') AS ct
        """

    @staticmethod
    def _sequence_sql() -> str:
        return """
        INSERT INTO tiepdan_case_yearsequence (series, year, last_value)
        SELECT 'case', extract(year FROM received_date)::int, count(*)
        FROM tiepdan_case_case GROUP BY 2
        """

    @staticmethod
    def _identity_sql():
        return [
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"
            for table in ("tiepdan_case_case", "tiepdan_case_citizen")
        ]

    # --- the session module: sessions, agendas, invitations, directives (issue 13) -----------------------

    def _fill_sessions(self, n_cases: int, scale: float, users: dict):
        from django.utils import timezone

        n_sessions = max(30, int(10_000 * scale))
        n_directives = max(90, int(30_000 * scale))
        per = n_cases // n_sessions  # each session takes its cases from its own block of case ids
        if per < 30:
            raise CommandError(
                f"{n_cases:,} cases are too few for {n_sessions:,} sessions of up to 30 items."
            )
        today = timezone.localdate()
        days = (dt.date(2026, 12, 31) - SESSION_DAY0).days
        day_of = [
            SESSION_DAY0 + dt.timedelta(days=(s - 1) * days // n_sessions) for s in range(n_sessions + 1)
        ]
        live = max((s for s in range(1, n_sessions + 1) if day_of[s] <= today), default=n_sessions)
        day_of[live] = today  # today's session runs today, whatever the spacing of a small fill
        minutes = live - 1  # the last session before today's: closed, 30 items (the minutes PDF)
        # The session steps join the freshly filled case, participant and reception tables: without their
        # statistics the planner reads all 1.4M receptions once per agenda item (the fill ran for hours).
        with connection.cursor() as cur:
            self._step(cur, "ANALYZE the case tables", [f"ANALYZE {table}" for table in CASE_TABLES])
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("SET LOCAL synchronous_commit = off")
            self._blank_defaults(cur, SESSION_TABLES)
            from ...append_only import suspended
            from ...models import AuditEvent

            # The previous fill's session history is synthetic: lifted for this block only, the history's
            # append-only trigger lets the generator delete it (the transaction puts the trigger back).
            with suspended(connection, [AuditEvent]):
                self._step(cur, "empty the session tables", self._session_wipe_sql())
            self._step(cur, "working-day deadlines", self._deadlines_sql(sorted(set(day_of[1:]))))
            self._step(
                cur,
                f"{n_sessions:,} sessions",
                self._sessions_sql(n_sessions, days, live, minutes, today, users),
            )
            self._step(cur, "agenda items", self._agenda_sql(per))
            self._step(cur, "component sites", self._session_sites_sql())
            self._step(cur, "invitations", self._invitations_sql(users))
            self._step(cur, f"{n_directives:,} directives", self._directives_sql(n_directives, today, users))
            self._step(cur, "progress reports", self._directive_reports_sql(users))
            self._step(cur, "session and directive history", self._session_history_sql(users))
            self._step(cur, "yearly session numbers", self._session_sequence_sql())
            self._step(cur, "foreign-key checks", "SET CONSTRAINTS ALL IMMEDIATE")
            self._blank_defaults(cur, SESSION_TABLES, drop=True)
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM tiepdan_session_agendaitem")
            items = cur.fetchone()[0]
            cur.execute("SELECT count(*) FROM tiepdan_session_directive")
            directives = cur.fetchone()[0]
        self.stdout.write(f"  {n_sessions:,} sessions, {items:,} agenda items, {directives:,} directives")

    @staticmethod
    def _session_wipe_sql():
        return (
            "DELETE FROM tiepdan_case_auditevent WHERE content_type_id IN (SELECT id FROM django_content_type"
            " WHERE app_label = 'tiepdan_session' AND model IN ('receptionsession', 'directive'))",
            "UPDATE tiepdan_session_receptionsession SET current_item_id = NULL",
            "TRUNCATE tiepdan_session_directivereport, tiepdan_session_directive_supporting_agencies, "
            "tiepdan_session_directive, tiepdan_session_invitation, tiepdan_session_sessionsite, "
            "tiepdan_session_sessionagency, tiepdan_session_agendaitem, tiepdan_session_receptionsession "
            "RESTART IDENTITY CASCADE",
            "DELETE FROM tiepdan_case_yearsequence WHERE series = 'reception_session'",
        )

    @staticmethod
    def _deadlines_sql(days):
        """Deadline of a directive issued on each session day: 30 working days on the app's calendar."""
        from ...services.calendar import add_working_days

        values = ", ".join(
            f"('{d.isoformat()}'::date, '{add_working_days(d, 30).isoformat()}'::date)" for d in days
        )
        return [
            "DROP TABLE IF EXISTS bench_deadline",  # a fill inside an outer transaction (a test) runs twice
            "CREATE TEMP TABLE bench_deadline (day date PRIMARY KEY, deadline date) ON COMMIT DROP",
            f"INSERT INTO bench_deadline VALUES {values}",
        ]

    @staticmethod
    def _sessions_sql(n, days, live, minutes, today, users):
        # Up to three sessions a day, in turn at the two provincial host sites: 07:30, 10:45, 14:00 (+07).
        return [
            "DROP TABLE IF EXISTS bench_session",
            f"""
            CREATE TEMP TABLE bench_session ON COMMIT DROP AS
            SELECT s, day, row_number() OVER (PARTITION BY day ORDER BY s) - 1 AS slot,
                   CASE WHEN s = {live} THEN 'in_progress'
                        WHEN s > {live} THEN (ARRAY['draft', 'approved', 'announced', 'ready'])[1 + s % 4]
                        WHEN s <> {minutes} AND s % 20 = 0 THEN 'cancelled'
                        WHEN day > date '{today.isoformat()}' - 30 THEN 'concluded'
                        ELSE 'closed' END AS state,
                   CASE WHEN s IN ({live}, {minutes}) THEN 30 ELSE 3 + s % 6 END AS items
            FROM (SELECT s, CASE WHEN s = {live} THEN date '{today.isoformat()}'
                             ELSE date '{SESSION_DAY0.isoformat()}' + ((s - 1) * {days} / {n})::int END AS day
                  FROM generate_series(1, {n}) AS s) AS d
            """,
            """
            ALTER TABLE bench_session ADD COLUMN start timestamptz, ADD COLUMN code text;
            UPDATE bench_session SET
                start = (day + time '07:30' + slot * interval '195 minutes') AT TIME ZONE 'Asia/Ho_Chi_Minh',
                code = 'PTCD-' || extract(year FROM day)::int || '-' || lpad(n::text, 3, '0')
            FROM (SELECT s AS num_s, row_number() OVER (PARTITION BY extract(year FROM day) ORDER BY s) AS n
                  FROM bench_session) AS numbered
            WHERE numbered.num_s = bench_session.s
            """,
            f"""
            WITH hosts AS (
                SELECT array_agg(id ORDER BY code) AS ids FROM tiepdan_bridge_bridgesite
                WHERE level = 'tinh' AND can_host AND is_active
            )
            INSERT INTO tiepdan_session_receptionsession (id, code, kind, title, focus, start, "end", chair_id,
                chair_capacity, authorisation_number, authorisation_date, authorisation_file, host_site_id,
                central_participation, central_body_id, note_taker_id, state, submitted_at, approved_at,
                announced_at, version, external_meeting_url, video_provider, video_room, video_url,
                cancel_reason, started_at, concluded_at, current_item_id, article_url, article_title,
                article_linked_at, closed_at, created_by_id, created_at, updated_at)
            SELECT s, code, CASE WHEN slot = 0 THEN 'dinh_ky' ELSE 'dot_xuat' END,
                   'Phiên tiếp công dân trực tuyến ' || to_char(day, 'DD/MM/YYYY')
                       || CASE WHEN slot > 0 THEN ' (buổi ' || slot + 1 || ')' ELSE '' END,
                   'Đất đai, bồi thường giải phóng mặt bằng', start, start + interval '3 hours',
                   {users["chu_tich"]}, 'chu_tich', '', NULL, '', hosts.ids[1 + s % array_length(hosts.ids, 1)],
                   false, NULL, {users["vp_ubnd"]}, state,
                   CASE WHEN state <> 'draft' THEN start - interval '20 days' END,
                   CASE WHEN state NOT IN ('draft') THEN start - interval '18 days' END,
                   CASE WHEN state NOT IN ('draft', 'approved') AND NOT (state = 'cancelled' AND s % 40 = 0)
                        THEN start - interval '15 days' END,
                   1, '', '', '', '',
                   CASE WHEN state = 'cancelled' THEN 'Chủ tịch bận công tác đột xuất' ELSE '' END,
                   CASE WHEN state IN ('in_progress', 'concluded', 'closed') THEN start END,
                   CASE WHEN state IN ('concluded', 'closed') THEN start + interval '170 minutes' END,
                   NULL, '', '', NULL,
                   CASE WHEN state = 'closed' THEN start + interval '10 days' END,
                   {users["ban_tcd"]}, start - interval '25 days', start
            FROM bench_session, hosts
            """,
            "UPDATE tiepdan_session_receptionsession SET announced_at = NULL WHERE approved_at IS NULL",
        ]

    @staticmethod
    def _agenda_sql(per: int):
        stride = max(1, per // 30)
        return [
            f"""
            INSERT INTO tiepdan_session_agendaitem (session_id, case_id, "order", slot_start, slot_end, is_open,
                started_at, ended_at, presentation, conclusion, outcome, outcome_note, outcome_at,
                outcome_by_id, reception_id, no_recording, no_streaming, restriction_reason, restricted_by_id,
                restricted_at)
            SELECT b.s, c.id, k + 1, t.slot_start, t.slot_start + t.slot_len, b.state NOT IN ('cancelled', 'closed'),
                   CASE WHEN heard THEN t.slot_start END, CASE WHEN heard THEN t.slot_start + t.slot_len END,
                   CASE WHEN heard THEN 'Công dân trình bày nội dung đơn số ' || c.id || '.' ELSE '' END,
                   CASE WHEN heard THEN 'Giao cơ quan chủ trì kiểm tra, trả lời công dân bằng văn bản.'
                        ELSE '' END,
                   CASE WHEN heard THEN 'heard' WHEN done THEN 'absent' ELSE '' END, '',
                   CASE WHEN done THEN t.slot_start + t.slot_len END, NULL,
                   CASE WHEN heard THEN r.first_id END, false, false, '', NULL, NULL
            FROM bench_session AS b
            CROSS JOIN LATERAL generate_series(0, b.items - 1) AS k
            JOIN tiepdan_case_case AS c ON c.id = (b.s - 1) * {per} + 1 + k * {stride}
            CROSS JOIN LATERAL (SELECT b.start + k * (interval '170 minutes' / b.items) AS slot_start,
                                       interval '170 minutes' / b.items AS slot_len) AS t
            LEFT JOIN LATERAL (SELECT min(id) AS first_id FROM tiepdan_case_reception WHERE case_id = c.id) AS r
                ON true
            CROSS JOIN LATERAL (SELECT b.state IN ('concluded', 'closed') AS done) AS d
            CROSS JOIN LATERAL (SELECT done AND r.first_id IS NOT NULL AS heard) AS h
            """,
            # Today's session is on its first item.
            """UPDATE tiepdan_session_receptionsession AS s SET current_item_id = a.id
               FROM tiepdan_session_agendaitem AS a
               WHERE s.state = 'in_progress' AND a.session_id = s.id AND a."order" = 1""",
        ]

    @staticmethod
    def _session_sites_sql() -> str:
        # The commune site of each agenda case joins the session (as planning.add_agenda_item does).
        return """
        INSERT INTO tiepdan_session_sessionsite (session_id, site_id, from_agenda)
        SELECT DISTINCT a.session_id, site.id, true
        FROM tiepdan_session_agendaitem AS a
        JOIN tiepdan_case_case AS c ON c.id = a.case_id
        JOIN tiepdan_bridge_bridgesite AS site ON site.unit_id = c.unit_id AND site.level = 'xa'
        ON CONFLICT DO NOTHING
        """

    @staticmethod
    def _invitations_sql(users) -> str:
        # The applicant of each agenda case, invited at the case's commune site.
        return f"""
        INSERT INTO tiepdan_session_invitation (session_id, agenda_item_id, citizen_id, role, site_id, status,
            delivery_method, delivered_at, responded_at, note, updated_by_id, updated_at)
        SELECT a.session_id, a.id, p.citizen_id, 'applicant', site.id,
               CASE WHEN s.state IN ('draft', 'approved') THEN 'pending' WHEN a.outcome = 'absent' THEN 'delivered'
                    ELSE 'confirmed' END,
               CASE WHEN s.state IN ('draft', 'approved') THEN '' ELSE 'phone' END,
               CASE WHEN s.state NOT IN ('draft', 'approved') THEN s.start - interval '7 days' END,
               CASE WHEN s.state NOT IN ('draft', 'approved') AND a.outcome <> 'absent'
                    THEN s.start - interval '5 days' END,
               '', {users["ban_tcd"]}, s.start - interval '5 days'
        FROM tiepdan_session_agendaitem AS a
        JOIN tiepdan_session_receptionsession AS s ON s.id = a.session_id
        JOIN tiepdan_case_case AS c ON c.id = a.case_id
        JOIN tiepdan_case_caseparticipant AS p ON p.case_id = c.id AND p.role = 'nguoi_dung_don'
        JOIN tiepdan_bridge_bridgesite AS site ON site.unit_id = c.unit_id AND site.level = 'xa'
        ON CONFLICT DO NOTHING
        """

    @staticmethod
    def _directives_sql(n: int, today, users):
        # One directive per heard item (a second on some), issued at `conclude`; the lead is a department
        # or, one in three, the case's commune. Done when long past its deadline, else still running.
        return f"""
        WITH agencies AS (
            SELECT array_agg(id ORDER BY id) AS ids FROM tiepdan_case_agency WHERE kind = 'so_nganh'
        ), heard AS (
            SELECT a.id AS item_id, a.session_id, a.case_id, c.case_type, c.unit_id, s.concluded_at, d.deadline, k
            FROM tiepdan_session_agendaitem AS a
            JOIN tiepdan_session_receptionsession AS s ON s.id = a.session_id
            JOIN tiepdan_case_case AS c ON c.id = a.case_id
            JOIN bench_deadline AS d ON d.day = (s.start AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
            CROSS JOIN generate_series(0, 1) AS k
            WHERE a.outcome = 'heard'
            ORDER BY k, a.id
            LIMIT {n}
        ), rows AS (
            SELECT h.*, row_number() OVER (ORDER BY h.item_id, h.k) AS i,
                   CASE WHEN h.deadline < date '{today.isoformat()}' - 20 THEN
                            CASE WHEN h.item_id % 10 = 0 THEN 'in_progress' ELSE 'done' END
                        ELSE (ARRAY['open', 'in_progress', 'reported'])[1 + h.item_id % 3] END AS state
            FROM heard AS h
        )
        INSERT INTO tiepdan_session_directive (session_id, agenda_item_id, case_id, instruction,
            redacted_instruction, lead_agency_id, lead_unit_id, deadline, working_days, must_report,
            must_answer_citizen, state, issued_at, drafted_by_id, reported_at, reported_by_id, answer_number,
            answer_date, answer_file, answer_file_name, answer_sha256, accepted_at, accepted_by_id,
            return_reason, escalated_at, created_at, updated_at)
        SELECT r.session_id, r.item_id, r.case_id,
               CASE WHEN r.k = 0 THEN 'Kiểm tra, xác minh nội dung đơn và trả lời công dân bằng văn bản.'
                    ELSE 'Phối hợp rà soát hồ sơ đất đai liên quan, báo cáo Chủ tịch UBND tỉnh.' END,
               CASE WHEN r.case_type = 'to_cao' THEN 'Kiểm tra, xác minh nội dung tố cáo theo quy định.'
                    ELSE '' END,
               CASE WHEN r.i % 3 <> 0 THEN agencies.ids[1 + r.i % array_length(agencies.ids, 1)] END,
               CASE WHEN r.i % 3 = 0 THEN r.unit_id END,
               r.deadline, 30, true, true, r.state, r.concluded_at, {users["ban_tcd"]},
               CASE WHEN r.state IN ('reported', 'done') THEN r.deadline - 3 END,
               CASE WHEN r.state IN ('reported', 'done') THEN {users["so_nganh"]} END,
               CASE WHEN r.state IN ('reported', 'done') THEN r.i || '/TB-BTCD' ELSE '' END,
               CASE WHEN r.state IN ('reported', 'done') THEN r.deadline - 3 END,
               '', '', '',
               CASE WHEN r.state = 'done' THEN r.deadline + 2 END,
               CASE WHEN r.state = 'done' THEN {users["ban_tcd"]} END,
               '',
               CASE WHEN r.state IN ('open', 'in_progress') AND r.deadline < date '{today.isoformat()}' - 20
                    THEN r.deadline + 20 END,
               r.concluded_at - interval '1 hour', coalesce(r.deadline + 2, r.concluded_at::date)
        FROM rows AS r, agencies
        """

    @staticmethod
    def _directive_reports_sql(users) -> str:
        return f"""
        INSERT INTO tiepdan_session_directivereport (directive_id, text, is_final, file, original_name,
            content_type, size, sha256, agency_id, created_by_id, created_at)
        SELECT d.id,
               CASE WHEN d.state = 'in_progress' THEN 'Đang xác minh tại địa phương, dự kiến hoàn thành đúng hạn.'
                    ELSE 'Đã kiểm tra, xác minh và có văn bản trả lời công dân.' END,
               d.state IN ('reported', 'done'), '', '', '', NULL, '', d.lead_agency_id, {users["so_nganh"]},
               coalesce(d.reported_at, d.issued_at + interval '10 days')
        FROM tiepdan_session_directive AS d
        WHERE d.state <> 'open'
        """

    @staticmethod
    def _session_history_sql(users):
        # What workflow.perform and directives.* write: created, then each move (sessions: the last one).
        session_ct = "(SELECT id FROM django_content_type WHERE app_label = 'tiepdan_session' AND model = 'receptionsession')"
        directive_ct = (
            "(SELECT id FROM django_content_type WHERE app_label = 'tiepdan_session' AND model = 'directive')"
        )
        return [
            f"""INSERT INTO tiepdan_case_auditevent (content_type_id, object_id, kind, action, from_state,
                    to_state, changes, note, actor_id, at)
                SELECT {session_ct}, s.id, 'created', '', '', 'draft', '{{}}'::jsonb, '', {users["ban_tcd"]},
                       s.created_at
                FROM tiepdan_session_receptionsession AS s""",
            f"""INSERT INTO tiepdan_case_auditevent (content_type_id, object_id, kind, action, from_state,
                    to_state, changes, note, actor_id, at)
                SELECT {session_ct}, s.id, 'transition', m.action, m.from_state, s.state, '{{}}'::jsonb,
                       s.cancel_reason, {users["ban_tcd"]}, coalesce(s.closed_at, s.concluded_at, s.started_at,
                       s.announced_at, s.approved_at, s.updated_at)
                FROM tiepdan_session_receptionsession AS s
                JOIN (VALUES ('approved', 'approve', 'draft'), ('announced', 'announce', 'approved'),
                             ('ready', 'declare_ready', 'announced'), ('in_progress', 'start', 'ready'),
                             ('concluded', 'conclude', 'in_progress'), ('closed', 'close', 'concluded'),
                             ('cancelled', 'cancel', 'announced')) AS m (state, action, from_state)
                  ON m.state = s.state""",
            f"""INSERT INTO tiepdan_case_auditevent (content_type_id, object_id, kind, action, from_state,
                    to_state, changes, note, actor_id, at)
                SELECT {directive_ct}, d.id, 'created', '', '', '', '{{"supporting_agencies": [null, []]}}'::jsonb,
                       '', {users["ban_tcd"]}, d.created_at
                FROM tiepdan_session_directive AS d""",
            f"""INSERT INTO tiepdan_case_auditevent (content_type_id, object_id, kind, action, from_state,
                    to_state, changes, note, actor_id, at)
                SELECT {directive_ct}, d.id, 'transition', 'issue', '', 'open',
                       jsonb_build_object('deadline', jsonb_build_array(NULL, d.deadline::text)), '',
                       {users["ban_tcd"]}, d.issued_at
                FROM tiepdan_session_directive AS d""",
            f"""INSERT INTO tiepdan_case_auditevent (content_type_id, object_id, kind, action, from_state,
                    to_state, changes, note, actor_id, at)
                SELECT {directive_ct}, d.id, 'transition', 'accept', 'reported', 'done', '{{}}'::jsonb, '',
                       {users["ban_tcd"]}, d.accepted_at
                FROM tiepdan_session_directive AS d WHERE d.state = 'done'""",
        ]

    @staticmethod
    def _session_sequence_sql():
        return [
            """INSERT INTO tiepdan_case_yearsequence (series, year, last_value)
               SELECT 'reception_session', split_part(code, '-', 2)::int, count(*)
               FROM tiepdan_session_receptionsession GROUP BY 2""",
            *(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))"
                for table in ("tiepdan_session_receptionsession",)
            ),
        ]
