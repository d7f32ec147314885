"""Every screen a demo user can open speaks Vietnamese: no English UI word left untranslated.

The demo data is loaded once for the module (inside one transaction rolled back at the end); each demo
user then visits the admin index, every changelist of their menu (also with a search that finds nothing),
the add page where allowed, one change page per model, the new reception page, the readiness board, and
the session module's pages (each visible session, its readiness, its move forms, the month calendar and
the public schedule).
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, reverse

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
    "ubnd_xa_28249",
]

# English words and phrases of Django admin, Unfold and our own screens that mean a string escaped gettext.
# Case-sensitive, whole words only: Vietnamese text and codes such as "so_nganh" never match.
ENGLISH_UI = [
    "Add",
    "Save",
    "Delete",
    "Search",
    "Filter",
    "Filters",
    "Change",
    "History",
    "Choose",
    "Remove",
    "Select",
    "Show all",
    "Show counts",
    "Hide counts",
    "Action",
    "Actions",
    "Today",
    "Now",
    "Yesterday",
    "Tomorrow",
    "Yes",
    "No",
    "Unknown",
    "None",
    "Log out",
    "Logout",
    "View site",
    "Recent actions",
    "Submit",
    "Cancel",
    "Required",
    "required",
    "results",
    "result",
    "Clear",
    "Previous",
    "Next",
    "Go",
    "Run",
    "Apply",
    "Reset",
    "Edit",
    "Close",
    "Back",
    "Home",
    "Dashboard",
    "Welcome",
    "Password",
    "Username",
    "Export",
    "Import",
    "Download",
    "Upload",
    "Print",
    "Loading",
    "Navigation",
    "Toggle",
    "Theme",
    "Light",
    "Dark",
    "System",
    "Total",
    "Page",
    "All",
    "Empty",
    "Currently",
    "Nothing",
    "Return to",
    "this field",
    "This field",
    "Please",
    "Enter",
    "selected",
    "Sort",
    "Ascending",
    "Descending",
    "Status",
    "Details",
    "Settings",
    "Profile",
    "Help",
    "Date",
    "Time",
    "Name",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Sunday",
    "note",
    "Note",
    "Notes",
    "Type",
    "Code",
    "Level",
    "Description",
    "Title",
    "Summary",
    "Address",
    "Phone",
    "Created",
    "Updated",
    "Active",
    "Pass",
    "Fail",
    "Items",
]
ENGLISH_RE = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH_UI) + r")(?![\w-])")

MAX_PAGE_BYTES = 150 * 1024  # issue 8: no back-office page heavier at the default page size
SKIPPED_TAGS = {"script", "style", "noscript", "svg"}
READ_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}


class _VisibleText(HTMLParser):
    """Text of <body> a person can read: text nodes outside scripts and styles, plus placeholders,
    titles and the labels of buttons given as value=."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_body = False
        self.skipping = 0
        self.skipped_stack: list[str] = []  # tags opened while skipping: scripts, styles, icon ligatures
        self.chunks: list[str] = []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "body":
            self.in_body = True
        if tag in SKIPPED_TAGS or "material-symbols-outlined" in (attrs.get("class") or ""):
            self.skipping += 1
            self.skipped_stack.append(tag)
            return
        if not self.in_body or self.skipping:
            return
        for name in READ_ATTRIBUTES:
            if attrs.get(name):
                self.chunks.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.chunks.append(attrs["value"])

    def handle_startendtag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            return
        self.handle_starttag(tag, attrs)
        if self.skipped_stack and self.skipped_stack[-1] == tag:  # a self-closed tag opens nothing
            self.skipped_stack.pop()
            self.skipping -= 1

    def handle_endtag(self, tag):
        if self.skipped_stack and self.skipped_stack[-1] == tag:
            self.skipped_stack.pop()
            self.skipping -= 1

    def handle_data(self, data):
        if self.in_body and not self.skipping and data.strip():
            self.chunks.append(data.strip())


def visible_text(html: str) -> tuple[str, str | None]:
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(parser.chunks), parser.lang


def english_snippets(text: str) -> list[str]:
    found = []
    for match in ENGLISH_RE.finditer(text):
        start, end = max(0, match.start() - 40), min(len(text), match.end() + 40)
        found.append(f"{match.group(0)!r} in …{text[start:end]!r}…")
    return found


@pytest.fixture(scope="module")
def demo_data(django_db_setup, django_db_blocker):
    """The demo data, loaded once; everything rolls back when the module ends."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                call_command("load_demo", "--force", verbosity=0)
            if connection.vendor == "postgresql":
                # A fresh test database has no planner statistics; production has (autovacuum). Without
                # them PostgreSQL may pick nested loops that make each page take seconds.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _urls_for(user) -> list[str]:
    """Every page of the user's menu: index, changelists (plain and searched), add, one change page."""
    request = RequestFactory().get("/")
    request.user = user
    urls = [reverse("admin:index")]
    for app in admin.site.get_app_list(request):
        for entry in app["models"]:
            if not entry.get("admin_url"):
                continue
            urls.append(entry["admin_url"])
            model_admin = admin.site._registry[entry["model"]]
            if model_admin.get_search_fields(request):
                urls.append(entry["admin_url"] + "?q=khong-co-ket-qua-nao-zzz")
            if entry.get("add_url"):
                urls.append(entry["add_url"])
            row = model_admin.get_queryset(request).order_by("-pk").first()
            if row is not None:
                opts = entry["model"]._meta
                try:
                    urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]))
                except NoReverseMatch:
                    pass
    return urls


def _session_urls(user) -> list[str]:
    """The session module's pages outside the model lists: every visible session's page, its readiness
    page, its live view and console on the day, and the forms of its moves; the month calendar; the
    public schedule."""
    from addons.tiepdan_session.models import ReceptionSession
    from addons.tiepdan_session.services import console, workflow

    urls = [reverse("tiepdan_session:calendar"), reverse("tiepdan_session_public:schedule")]
    for session in ReceptionSession.objects.visible_to(user).order_by("pk"):
        urls.append(reverse("admin:tiepdan_session_receptionsession_change", args=[session.pk]))
        urls.append(reverse("tiepdan_session:readiness", args=[session.pk]))
        if session.state in console.DAY_STATES:
            urls.append(reverse("tiepdan_session:live", args=[session.pk]))
            if console.is_operator(user):
                urls.append(reverse("tiepdan_session:console", args=[session.pk]))
        for action in workflow.allowed_actions(user, session):
            if action.needs_note or action.needs_time:
                urls.append(
                    reverse(
                        "admin:tiepdan_session_receptionsession_transition", args=[session.pk, action.code]
                    )
                )
    return urls


def _sidebar_urls(user) -> list[str]:
    """Every link of the user's sidebar, as Unfold shows it (items whose permission callback passes)."""
    from config.unfold import navigation

    request = RequestFactory().get("/")
    request.user = user
    urls = []
    for group in navigation(request):
        for item in group["items"]:
            permission = item.get("permission")
            if permission is None or permission(request):
                urls.append(str(item["link"]))
    return urls


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.hrefs.append(href)


# Links that are not pages: static files, downloads (answered with a file), leaving the site.
NOT_PAGES = re.compile(r"^/(static|media|tai-lieu)/|/logout/|\.xlsx$|/(download|tai-ve)/")


def internal_links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    links = []
    for href in parser.hrefs:
        if not href.startswith("/") or href.startswith("//") or NOT_PAGES.search(href.split("?")[0]):
            continue
        links.append(href.split("#")[0])
    return links


def _pattern(url: str) -> str:
    """One link checked per shape: /case/12/change/ and /case/13/change/ are the same page to a user."""
    path, _sep, query = url.partition("?")
    names = sorted({part.split("=")[0] for part in query.split("&") if part})
    return re.sub(r"/\d+/", "/N/", path) + ("?" + "&".join(names) if names else "")


@pytest.mark.django_db
@pytest.mark.parametrize("username", DEMO_USERS)
def test_every_screen_a_demo_user_opens_is_in_vietnamese(demo_data, client, username):
    """Every screen of the menu and the sidebar, and one page behind each kind of link on them: in
    Vietnamese, and no link leads to a page the user may not open (403/404) or to an error."""
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    pages = [(url, {200}) for url in [*_urls_for(user), *_sidebar_urls(user)]]
    # Pages outside the menu: a role that may not register cases or see the board gets a clean refusal.
    pages.append((reverse("admin:tiepdan_case_case_reception"), {200, 403, 404}))
    pages.append((reverse("tiepdan_bridge:board"), {200, 403, 404}))
    pages += [(url, {200}) for url in _session_urls(user)]
    assert len(pages) > 2

    problems = []
    seen = {_pattern(url) for url, _allowed in pages}
    queue = [(url, allowed, "") for url, allowed in pages]
    while queue:
        url, allowed, source = queue.pop(0)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        if response.status_code in (301, 302) and 302 in allowed:
            continue
        if response.status_code not in allowed:
            problems.append(
                f"{username} {url}: HTTP {response.status_code}" + (f" (link on {source})" if source else "")
            )
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if len(response.content) > MAX_PAGE_BYTES:
            problems.append(f"{username} {url}: {len(response.content) // 1024} KB of HTML (at most 150 KB)")
        text, lang = visible_text(html)
        if lang != "vi":
            problems.append(f'{username} {url}: <html lang="{lang}"> instead of "vi"')
        problems += [f"{username} {url}: {snippet}" for snippet in english_snippets(text)]
        if not source:  # one level: the pages behind the links of the menu's screens
            for link in internal_links(html):
                if _pattern(link) not in seen:
                    seen.add(_pattern(link))
                    queue.append((link, {200, 302}, url))
    assert problems == [], "\n".join(problems)


@pytest.mark.django_db
def test_the_new_reception_form_shows_its_errors_in_vietnamese(demo_data, client):
    client.force_login(get_user_model().objects.get(username="ubnd_xa"))
    url = reverse("admin:tiepdan_case_case_reception")
    response = client.post(
        url,
        {"people-TOTAL_FORMS": "1", "people-INITIAL_FORMS": "0", "papers-TOTAL_FORMS": "0", "_save": "1"},
    )
    assert response.status_code == 200
    text, lang = visible_text(response.content.decode())
    assert lang == "vi"
    assert "Trường này là bắt buộc" in text
    assert english_snippets(text) == []


def test_the_denylist_catches_english_and_spares_vietnamese():
    assert english_snippets("Add case\nSave and continue editing")
    assert english_snippets("0 results (12 total)")
    assert english_snippets("Log out")
    assert not english_snippets("Thêm vụ việc\nLưu và tiếp tục sửa\nso_nganh ubnd_xa_28249 Đồng Tháp")
    assert not english_snippets("Người tố cáo (được bảo vệ) — Số: 05/TB-UBND")
    text, lang = visible_text(
        '<html lang="vi"><head><title>Add</title></head><body><script>var x="Save";</script>'
        '<p>Lưu</p><span class="material-symbols-outlined">search</span><input type="submit" value="Delete">'
        "<p>Xóa</p></body></html>"
    )
    assert lang == "vi" and "Save" not in text and "Add" not in text and "search" not in text
    assert "Delete" in text and "Xóa" in text
