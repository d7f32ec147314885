"""No state change on a GET anywhere (issue 12): every URL pattern the site resolves — admin index, sidebar,
every model's list/add/change/history/delete page, every custom admin view and action URL (each move,
transition, upload, decision, download…) with a real object id, the non-admin pages and downloads, and
every API endpoint — is opened with GET by each demo role, and not one domain row changes.

How a change is seen: before and after each GET, one query reads for every domain table its row count, its
largest id and the latest value of each auto-updated timestamp; before and after each role's whole walk,
a hash of every row of every domain table (a change that moves no counter is caught there).

Not compared (and why):
- `django_session`: being signed in is kept there (IdleSessionMiddleware refreshes the last activity);
- django-axes' attempts and logs: sign-in bookkeeping;
- `IdentityAccessLog` and `ArchiveAccessLog`: the record that a person *read* a protected identity or
  downloaded/played a recording (Luật Tố cáo art. 47.2, NĐ 154 art. 24). Logging a read is the point of
  those tables; it changes nothing a user sees of the case, the session or the archive;
- `auth_user.last_login`: written by signing in, done before the walk;
- `tiepdan_report.StoredFigure`: the dashboard's medians kept for a few minutes (services/stored_figures.py),
  a number computed from the domain rows and written when a dashboard is read; no domain row changes.
"""

import hashlib

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, models, transaction
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

DEMO_USERS = [
    "quan_tri",
    "vp_ubnd",
    "ban_tcd",
    "thanh_tra",
    "chu_tich",
    "lanh_dao",
    "so_tai_chinh",
    "so_khcn",
    "so_tu_phap",
    "cong_an",
    "dien_luc",
    "so_nganh",
    "bao_ptth",
    "ubnd_xa",
    "trung_uong",
]

DOMAIN_APPS = {"tiepdan_case", "tiepdan_bridge", "tiepdan_session", "tiepdan_report", "auth", "authtoken"}
DOMAIN_APPS |= {"otp_totp", "otp_static"}  # second-factor devices and recovery codes: never made by a GET
READ_LOGS = {"tiepdan_case.identityaccesslog", "tiepdan_bridge.archiveaccesslog"}
KEPT_FIGURES = {"tiepdan_report.storedfigure"}
IGNORED_COLUMNS = {"auth_user": {"last_login"}}

# Patterns not walked: the catch-all and the format-suffix twins of the API's routes (the same views).
SKIPPED_NAMES = {"admin:view_on_site", "api-not-found", ""}


def domain_models():
    found = []
    for model in apps.get_models(include_auto_created=True):
        label = f"{model._meta.app_label}.{model._meta.model_name}"
        if (
            model._meta.app_label in DOMAIN_APPS
            and label not in READ_LOGS | KEPT_FIGURES
            and model._meta.managed
        ):
            if not model._meta.proxy:
                found.append(model)
    return found


EMPTY = "''"


def _fingerprint_sql(models_) -> str:
    quote = connection.ops.quote_name
    parts = []
    for model in models_:
        table = model._meta.db_table
        stamps = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.DateTimeField)
            and (f.auto_now or f.auto_now_add)
            and f.column not in IGNORED_COLUMNS.get(table, ())
        ]
        stamp_sql = " || '|' || ".join(f"COALESCE(CAST(MAX({quote(f.column)}) AS TEXT), '')" for f in stamps)
        parts.append(
            f"SELECT '{table}', COUNT(*), CAST(MAX({quote(model._meta.pk.column)}) AS TEXT), "
            f"{stamp_sql or EMPTY} FROM {quote(table)}"
        )
    return " UNION ALL ".join(parts)


class Snapshot:
    def __init__(self):
        self.models = domain_models()
        self.sql = _fingerprint_sql(self.models)

    def quick(self) -> dict:
        with connection.cursor() as cursor:
            cursor.execute(self.sql)
            return {row[0]: row[1:] for row in cursor.fetchall()}

    def full(self) -> dict:
        hashes = {}
        for model in self.models:
            table = model._meta.db_table
            columns = [
                f.column
                for f in model._meta.concrete_fields
                if f.column not in IGNORED_COLUMNS.get(table, ())
            ]
            digest = hashlib.sha256()
            for row in model._base_manager.order_by("pk").values_list(
                *[f.attname for f in model._meta.concrete_fields if f.column in columns]
            ):
                digest.update(repr(row).encode())
            hashes[table] = digest.hexdigest()
        return hashes


def changed(before: dict, after: dict) -> list[str]:
    return sorted(table for table in set(before) | set(after) if before.get(table) != after.get(table))


# ------------------------------------------------------------------------------------------ the URLs
def walk_patterns(patterns=None, namespace=""):
    """(name, parameter names) of every pattern the site resolves."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from walk_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            params = list(pattern.pattern.regex.groupindex)
            yield namespace + (pattern.name or ""), params


def _admin_model(name: str):
    """The model of an admin URL name such as admin:tiepdan_case_case_transition."""
    bare = name.removeprefix("admin:")
    best = None
    for model in admin.site._registry:
        key = f"{model._meta.app_label}_{model._meta.model_name}_"
        if bare.startswith(key) and (best is None or len(key) > len(best[0])):
            best = (key, model)
    return best[1] if best else None


def _api_models() -> dict:
    from config.api_urls import root

    found = {}
    for _prefix, viewset, basename in root.registry:
        model = getattr(getattr(viewset, "queryset", None), "model", None)
        if model is None:
            serializer = getattr(viewset, "serializer_class", None)
            model = getattr(getattr(serializer, "Meta", None), "model", None)
        found[basename] = model
    return found


def _model(label: str):
    return apps.get_model(label)


EXPLICIT_MODELS = {
    "tiepdan_case:attachment_download": {"pk": "tiepdan_case.CaseAttachment"},
    "tiepdan_archive:download": {"pk": "tiepdan_bridge.ArchiveEntry"},
    "tiepdan_session:directive_report_file": {"pk": "tiepdan_session.DirectiveReport"},
    "tiepdan_session:directive_answer_file": {"pk": "tiepdan_session.Directive"},
    "tiepdan_session:case_answer_file": {"pk": "tiepdan_session.CaseAnswer"},
    "tiepdan_session:recording_file": {"recording_id": "tiepdan_session.SessionRecording"},
    "tiepdan_session:briefing_file": {"pk": "tiepdan_session.DossierRequest"},
    "tiepdan_session:authorisation_file": {"pk": "tiepdan_session.ReceptionSession"},
    "admin:tiepdan_case_identityaccessrequest_ask": {"case_id": "tiepdan_case.Case"},
}
SESSION_PARAM = "tiepdan_session.ReceptionSession"


def _ids(model, user) -> list:
    """A real id: the newest row the user may see (the view does its work), else any row."""
    manager = model._default_manager
    rows = []
    if hasattr(manager, "visible_to"):
        rows = list(manager.visible_to(user).order_by("-pk").values_list("pk", flat=True)[:1])
    if not rows:
        rows = list(model._base_manager.order_by("-pk").values_list("pk", flat=True)[:1])
    return rows or [999999]


def _words() -> dict:
    from addons.tiepdan_case.services import case_workflow
    from addons.tiepdan_report.models.document import DocumentKind
    from addons.tiepdan_session.admin.directives import MOVES
    from addons.tiepdan_session.services import workflow

    return {
        "tiepdan_case_case": list(case_workflow.ACTIONS),
        "tiepdan_session_receptionsession": list(workflow.ACTIONS),
        "move": list(MOVES),
        "kind": [kind.value for kind in DocumentKind],
        "action": ["play", "download"],
        "app_label": sorted({m._meta.app_label for m in admin.site._registry}),
    }


def urls_for(user) -> list[str]:
    return sorted({url for _name, url in named_urls_for(user)})


def named_urls_for(user) -> set[tuple[str, str]]:
    api_models = _api_models()
    words = _words()
    urls = set()
    for name, params in walk_patterns():
        if name in SKIPPED_NAMES or "format" in params or name.endswith(":"):
            continue
        values: dict[str, list] = {}
        model = None
        if name.startswith("admin:"):
            model = _admin_model(name)
        else:
            basenames = [b for b in api_models if name.startswith(b + "-")]
            model = api_models[max(basenames, key=len)] if basenames else None
        for param in params:
            explicit = EXPLICIT_MODELS.get(name, {}).get(param)
            if explicit:
                values[param] = _ids(_model(explicit), user)
            elif param == "session_id":
                values[param] = _ids(_model(SESSION_PARAM), user)
            elif param == "recording_id":
                values[param] = _ids(_model("tiepdan_session.SessionRecording"), user)
            elif param == "action_code":
                values[param] = words.get(f"{model._meta.app_label}_{model._meta.model_name}", [])
            elif param in words:
                values[param] = words[param]
            elif param == "code" and model is not None:
                values[param] = list(model._base_manager.order_by("pk").values_list("code", flat=True)[:1])
            elif param == "object_id" and name == "admin:tiepdan_report_issueddocument_issue":
                values[param] = [1]
            elif param in ("object_id", "pk", "id") and model is not None:
                values[param] = _ids(model, user)
            else:
                raise AssertionError(f"{name}: no value for <{param}>; teach the walk this parameter")
        combos = [{}]
        for param, options in values.items():
            combos = [{**combo, param: option} for combo in combos for option in options]
        for kwargs in combos:
            try:
                urls.add((name, reverse(name, kwargs=kwargs)))
            except NoReverseMatch:
                pass
    return urls


def _sidebar_urls(user) -> list[str]:
    from config.unfold import navigation

    request = RequestFactory().get("/")
    request.user = user
    return [
        str(item["link"])
        for group in navigation(request)
        for item in group["items"]
        if item.get("permission") is None or item["permission"](request)
    ]


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, loaded once; everything rolls back when the module ends."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                call_command("load_demo", "--force", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.django_db
@pytest.mark.parametrize("username", DEMO_USERS)
def test_no_get_of_any_url_changes_a_domain_row(demo_data, client, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    urls = sorted({*urls_for(user), *_sidebar_urls(user)})
    assert len(urls) > 150
    snapshot = Snapshot()
    start_full = snapshot.full()
    problems = []
    before = snapshot.quick()
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, f"{username} GET {url}: {response.status_code}"
        after = snapshot.quick()
        if tables := changed(before, after):
            problems.append(f"{username} GET {url} ({response.status_code}) changed {', '.join(tables)}")
            before = after
    if tables := changed(start_full, snapshot.full()):
        problems.append(f"{username}: the walk changed rows of {', '.join(tables)}")
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_no_get_by_a_user_still_to_enrol_changes_a_domain_row(demo_data, client):
    """The walk above signs in with both factors (conftest), so every enrolment page it opens redirects.
    A user who must enrol and has not yet (password only, no device) reaches the second-factor pages and
    is sent there from everything else: no GET of those writes a row, the enrolment's QR code included."""
    from addons.tiepdan_case.tests.factories import make_user
    from addons.tiepdan_case.tests.second_factor import password_only_login

    user = make_user("ban_tcd", username="ban_tcd_not_enrolled")
    user.is_staff = True
    user.save()
    password_only_login(client, user)
    pages = [
        reverse(name) for name, params in walk_patterns() if name.startswith("tiepdan_case:second_factor")
    ]
    assert reverse("tiepdan_case:second_factor_enrol") in pages
    snapshot = Snapshot()
    before = snapshot.full()
    for url in [*pages, *pages, "/", reverse("admin:tiepdan_case_case_changelist")]:
        assert client.get(url).status_code in (200, 302), url
    assert changed(before, snapshot.full()) == []


@pytest.mark.django_db
def test_the_walk_sees_a_get_that_writes(demo_data):
    """The comparison can fail: a row written between two snapshots is seen, by both of its checks."""
    from django.contrib.auth.models import Group

    from addons.tiepdan_case.models import Agency

    snapshot = Snapshot()
    full, quick = snapshot.full(), snapshot.quick()
    agency = Agency.objects.order_by("pk").first()
    Agency.objects.filter(pk=agency.pk).update(name=agency.name + " (đã sửa)")  # moves no counter
    assert changed(full, snapshot.full()) == [Agency._meta.db_table]
    get_user_model().objects.get(username="bao_ptth").groups.add(Group.objects.get(name="lanh_dao"))
    assert changed(quick, snapshot.quick()) == ["auth_user_groups"]


@pytest.mark.django_db
def test_the_walk_opens_every_pattern_of_the_site(demo_data):
    """A pattern the walk cannot fill would silently drop out of it: every named pattern gives a URL."""
    walked = {name for name, _url in named_urls_for(get_user_model().objects.get(username="ban_tcd"))}
    names = {name for name, params in walk_patterns() if name not in SKIPPED_NAMES and "format" not in params}
    names = {name for name in names if not name.endswith(":")}
    assert sorted(names - walked) == []
