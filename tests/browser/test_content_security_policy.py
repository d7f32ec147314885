"""The main screens of several roles under the Content-Security-Policy (issue 12): not one violation.

Every page of the walk — the login and second-factor pages on the way in, home and dashboard, case list
and case page, new reception, the readiness board, the session page, console and live view with the video
room, a site check, the API docs — is watched two ways: Chromium's console messages ("Refused to … because
it violates the following Content Security Policy directive") and the page's `securitypolicyviolation`
events. The screens' own scripts must still work under the policy (Unfold's Alpine.js, the charts, htmx,
our static scripts).

The Jitsi server is on the Internet; the browser's requests to it are answered here (Playwright's routing)
with a stand-in `external_api.js` that frames a room page of the same domain, so the test sees the frame
allowed for the configured domain — and a frame of any other domain refused.
"""

import pytest
from django.conf import settings

from addons.tiepdan_bridge.models import SiteCheck
from addons.tiepdan_case.tests.factories import MY_THO, make_user
from addons.tiepdan_session.tests.common import accepted_case, connect_sites, ready_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("securitypolicyviolation: " + event.violatedDirective + " blocked " + event.blockedURI +
                " (" + event.sourceFile + ":" + event.lineNumber + ")");
});
"""

STAND_IN_API = """
window.JitsiMeetExternalAPI = function (domain, options) {
  var frame = document.createElement("iframe");
  frame.id = "jitsi-room";
  frame.src = "https://" + domain + "/" + encodeURIComponent(options.roomName || "room");
  options.parentNode.appendChild(frame);
  this.addListener = function () {};
  this.executeCommand = function () {};
};
"""


def _staff(role, username, **kwargs):
    user = make_user(role, username=username, **kwargs)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


class Watch:
    """Collects what the policy refused, page by page."""

    def __init__(self, page):
        self.violations: list[str] = []
        self.errors: list[str] = []
        self.where = ""
        page.context.add_init_script(WATCH)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"{self.where}: {error}"))

    def _console(self, message):
        text = message.text
        if "Content Security Policy" in text or text.startswith("securitypolicyviolation"):
            self.violations.append(f"{self.where}: {text}")


def _serve_jitsi(page, domain):
    def answer(route):
        if route.request.url.endswith("/external_api.js"):
            route.fulfill(status=200, content_type="application/javascript", body=STAND_IN_API)
        else:
            route.fulfill(status=200, content_type="text/html", body="<html><body>Phòng họp</body></html>")

    page.context.route(f"https://{domain}/**", answer)


def _visit(page, watch, url, ready=None):
    watch.where = url
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if ready:
        page.wait_for_function(ready)


ALPINE_STARTED = "() => window.Alpine !== undefined && document.body._x_dataStack !== undefined"


def test_the_main_screens_of_several_roles_raise_no_violation_of_the_policy(page, live_url, login):
    domain = settings.JITSI_DOMAIN
    board = _staff("ban_tcd", "csp_ban_tcd")
    chair = _staff("chu_tich", "csp_chu_tich")
    _staff("ubnd_xa", "csp_xa_my_tho", commune=MY_THO)
    _staff("lanh_dao", "csp_lanh_dao")
    _staff("quan_tri", "csp_quan_tri")
    _staff("so_khcn", "csp_so_khcn")
    case = accepted_case(MY_THO, title="Khiếu nại về bồi thường đất", case_type="khieu_nai")
    session = ready_session({"board": board, "chair": chair}, cases=[case])
    connect_sites(session)
    check = SiteCheck.objects.order_by("-pk").first()
    _serve_jitsi(page, domain)
    watch = Watch(page)
    case_page = f"{live_url}/tiepdan_case/case/{case.pk}/change/"

    watch.where = "login ban_tcd"
    login(page, "csp_ban_tcd")
    _visit(page, watch, f"{live_url}/", ALPINE_STARTED)
    _visit(page, watch, f"{live_url}/tiepdan_case/case/", ALPINE_STARTED)
    _visit(page, watch, case_page, ALPINE_STARTED)
    _visit(page, watch, f"{live_url}/tiepdan_case/case/tiep-cong-dan-moi/", ALPINE_STARTED)
    rows = page.locator("#people-rows .person-row").count()
    page.click("#add-person")  # our static script runs under the policy
    assert page.locator("#people-rows .person-row").count() == rows + 1
    _visit(page, watch, f"{live_url}/bridge/board/", ALPINE_STARTED)
    _visit(page, watch, f"{live_url}/tiepdan_session/receptionsession/{session.pk}/change/", ALPINE_STARTED)
    _visit(page, watch, f"{live_url}/sessions/{session.pk}/dieu-hanh/", ALPINE_STARTED)
    page.wait_for_selector("#jitsi-room")  # the video room's frame, of the configured Jitsi domain
    assert any(frame.url.startswith(f"https://{domain}/") for frame in page.frames)
    _visit(page, watch, f"{live_url}/sessions/{session.pk}/san-sang/", ALPINE_STARTED)
    _visit(page, watch, f"{live_url}/sessions/lich-thang/", ALPINE_STARTED)
    _visit(
        page, watch, f"{live_url}/api/v1/docs/", "() => document.querySelector('.swagger-ui .info') !== null"
    )
    _visit(page, watch, f"{live_url}/api/v1/")

    watch.where = "login ubnd_xa"
    login(page, "csp_xa_my_tho")
    _visit(page, watch, f"{live_url}/", ALPINE_STARTED)
    _visit(page, watch, f"{live_url}/tiepdan_case/case/", ALPINE_STARTED)
    _visit(page, watch, case_page, ALPINE_STARTED)
    _visit(page, watch, f"{live_url}/tiepdan_case/case/tiep-cong-dan-moi/", ALPINE_STARTED)
    _visit(page, watch, f"{live_url}/sessions/{session.pk}/truc-tiep/", "() => window.htmx !== undefined")

    watch.where = "login lanh_dao"
    login(page, "csp_lanh_dao")
    _visit(
        page,
        watch,
        f"{live_url}/",
        "() => [...document.querySelectorAll('canvas.chart')].every(c => Chart.getChart(c))",
    )
    _visit(page, watch, f"{live_url}/tiepdan_report/issueddocument/exports/", ALPINE_STARTED)

    watch.where = "login quan_tri"
    login(page, "csp_quan_tri")
    _visit(page, watch, f"{live_url}/", ALPINE_STARTED)
    _visit(page, watch, f"{live_url}/auth/user/", ALPINE_STARTED)

    watch.where = "login so_khcn"
    login(page, "csp_so_khcn")
    _visit(page, watch, f"{live_url}/tiepdan_bridge/sitecheck/{check.pk}/change/", ALPINE_STARTED)

    assert watch.violations == [], "\n".join(watch.violations)
    assert watch.errors == [], "\n".join(watch.errors)


def test_the_policy_refuses_an_inline_script_and_a_frame_of_another_domain(page, live_url, login):
    """The watch above can fail: what the policy forbids is refused and seen."""
    _staff("ban_tcd", "csp_ban_tcd_neg")
    watch = Watch(page)
    login(page, "csp_ban_tcd_neg")
    _visit(page, watch, f"{live_url}/", ALPINE_STARTED)
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__injected = true";
            document.body.appendChild(script);
            const frame = document.createElement("iframe");
            frame.src = "https://video.example.org/room";
            document.body.appendChild(frame);
        }"""
    )
    page.wait_for_timeout(500)
    assert page.evaluate("window.__injected") is None
    assert any("script-src" in v for v in watch.violations), watch.violations
    assert any("frame-src" in v and "video.example.org" in v for v in watch.violations), watch.violations
