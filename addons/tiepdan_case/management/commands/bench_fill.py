"""Fill a PostgreSQL database with a synthetic province for the benchmark (issue 13).

`manage.py bench_fill --scale 1` writes 1,000,000 cases over ten years across the 102 communes, 300,000
citizens with Vietnamese names, about 1,600,000 participants, 1,500,000 receptions and one history row
per case, in plain `INSERT … SELECT` statements (no ORM row by row). `--scale 0.01` makes a small province
for CI. Re-runnable: the case tables are emptied first (only with `--wipe` when they hold rows), the
same seed gives the same rows.

Derived columns are those the application computes: `search_text` is `text.search_key(...)` of the same
parts (the names are built from accented parts whose accent-free forms are known), case codes are
`VV-<year>-<n:05d>` numbered per year and the yearly sequence continues after them, `is_group` follows
`group_size`. It also creates one bench user per role (`bench_<role>`, password `bench-password-13`) and
a clerk of the busiest commune (`bench_xa`).
"""

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

    def handle(self, *args, scale, wipe, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark data generator needs PostgreSQL (DATABASE_URL=postgres://…).")
        n_cases = max(100, int(1_000_000 * scale))
        n_citizens = max(40, int(300_000 * scale))
        self.started = time.monotonic()
        with connection.cursor() as cur:
            cur.execute("SELECT EXISTS (SELECT 1 FROM tiepdan_case_case)")
            if cur.fetchone()[0] and not wipe:
                raise CommandError("The database already has cases; run again with --wipe to replace them.")
        users = self._users()
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute("SET LOCAL synchronous_commit = off")
            self._step(cur, "empty the case tables", self._wipe_sql())
            self._step(cur, f"{n_citizens:,} citizens", self._citizens_sql(n_citizens))
            self._step(cur, f"{n_cases:,} cases", self._cases_sql(n_cases))
            self._step(cur, "participants", self._participants_sql(n_citizens))
            self._step(cur, "receptions", self._receptions_sql())
            self._step(cur, "named handlers and assigned agencies", self._links_sql(users))
            self._step(cur, "history rows", self._history_sql())
            self._step(cur, "yearly case numbers", self._sequence_sql())
            self._step(cur, "identity sequences", self._identity_sql())
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
        self.stdout.write(f"\r  ✓ {label} ({time.monotonic() - began:.1f} s)")

    def _users(self) -> dict:
        """One bench user per role (idempotent), through the ORM: a handful of rows."""
        from django.contrib.auth.models import Group, User

        from ...models import AdministrativeUnit, Agency, UserProfile
        from ...roles import ALL_ROLES, sync_roles

        sync_roles()
        busiest = AdministrativeUnit.objects.filter(kind__in=["xa", "phuong"]).order_by("id").first()
        made = {}
        for role in [*ALL_ROLES, "xa"]:
            user, _created = User.objects.get_or_create(
                username=f"bench_{role}",
                defaults={"is_staff": True, "first_name": "Bench", "last_name": role},
            )
            user.set_password("bench-password-13")
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
