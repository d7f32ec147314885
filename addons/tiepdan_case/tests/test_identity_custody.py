"""Identity custody (issue 12): a non-handler asks with a reason to see a denouncer's identity; a
custodian (chu_tich, or a user made custodian) grants it for that case until a date, or denies it, with a
reason; while granted the requester sees the identity through the usual path (admin page, API) and each
view is logged; the case's history says access was granted, not to whom; the rows are append-only."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from addons.tiepdan_case.models import (
    AuditEvent,
    CaseParticipant,
    IdentityAccessDecision,
    IdentityAccessLog,
    IdentityAccessRequest,
)
from addons.tiepdan_case.services import custody
from addons.tiepdan_case.services.errors import Conflict, Invalid, NotAllowed
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import API, client_for
from addons.tiepdan_case.tests.factories import CaseFactory, CitizenFactory

pytestmark = pytest.mark.django_db

REASON = "Xác minh nội dung tố cáo theo Quyết định số 12/QĐ-TTr"


@pytest.fixture
def denunciation():
    case = CaseFactory(case_type="to_cao", state="submitted")
    denouncer = CitizenFactory(full_name="Huỳnh Thị Bí Mật", phone="+84987654321")
    CaseParticipant.objects.create(case=case, citizen=denouncer, role="nguoi_dung_don")
    return case


def _ask(client, case, reason=REASON):
    return client.post(
        reverse("admin:tiepdan_case_identityaccessrequest_ask", args=[case.pk]), {"reason": reason}
    )


def _decide(client, access, granted, days=7, reason="Cần cho việc xác minh, trong 7 ngày"):
    return client.post(
        reverse("admin:tiepdan_case_identityaccessrequest_decide", args=[access.pk]),
        {"granted": "1" if granted else "0", "days": days, "reason": reason},
    )


def _case_page(client, case):
    return client.get(reverse("admin:tiepdan_case_case_change", args=[case.pk])).content.decode()


def test_a_verifier_asks_the_chairman_grants_and_the_verifier_then_sees_the_identity(client, denunciation):
    verifier = staff_user("thanh_tra")
    chairman = staff_user("chu_tich")
    client.force_login(verifier)
    assert "Huỳnh Thị Bí Mật" not in _case_page(client, denunciation)
    assert _ask(client, denunciation).status_code == 302
    access = IdentityAccessRequest.objects.get(case=denunciation, requester=verifier)
    assert "Huỳnh Thị Bí Mật" not in _case_page(client, denunciation)  # asking is not seeing

    client.force_login(chairman)
    assert (
        "Quyết định"
        in client.get(reverse("admin:tiepdan_case_identityaccessrequest_changelist")).content.decode()
    )
    assert _decide(client, access, granted=True).status_code == 302
    decision = access.decision
    assert decision.granted and decision.decided_by == chairman
    assert (
        timezone.now() + dt.timedelta(days=6) < decision.expires_at <= timezone.now() + dt.timedelta(days=7)
    )

    client.force_login(verifier)
    assert "Huỳnh Thị Bí Mật" in _case_page(client, denunciation)
    api = client_for(verifier).get(f"{API}/cases/{denunciation.pk}/").content.decode()
    assert "Huỳnh Thị Bí Mật" in api
    assert IdentityAccessLog.objects.filter(case=denunciation, user=verifier).count() >= 2  # each view logged


def test_the_grant_covers_that_case_only(client, denunciation):
    other = CaseFactory(case_type="to_cao", state="submitted")
    CaseParticipant.objects.create(
        case=other, citizen=CitizenFactory(full_name="Lâm Văn Khác"), role="nguoi_dung_don"
    )
    verifier = staff_user("thanh_tra")
    access = custody.request_access(verifier, denunciation, REASON)
    custody.decide(staff_user("chu_tich"), access, granted=True, reason="Cho phép xác minh", days=3)
    client.force_login(verifier)
    assert "Lâm Văn Khác" not in _case_page(client, other)


def test_a_grant_ends_on_its_date(client, denunciation):
    verifier = staff_user("thanh_tra")
    access = custody.request_access(verifier, denunciation, REASON)
    # A grant whose date has passed (written as the service writes it, a week ago for one day).
    IdentityAccessDecision.objects.create(
        request=access,
        granted=True,
        reason="Cho phép xác minh trong một ngày",
        expires_at=timezone.now() - dt.timedelta(seconds=1),
        decided_by=staff_user("chu_tich"),
    )
    client.force_login(verifier)
    page = _case_page(client, denunciation)
    assert "Huỳnh Thị Bí Mật" not in page and "hết hạn" in page


def test_a_denied_request_shows_nothing_and_the_requester_may_ask_again(client, denunciation):
    verifier = staff_user("so_nganh")
    denunciation.assigned_agencies.add(verifier.profile.agency)
    client.force_login(verifier)
    _ask(client, denunciation)
    access = IdentityAccessRequest.objects.get()
    custody.decide(
        staff_user("chu_tich"), access, granted=False, reason="Không cần thiết cho việc giải quyết"
    )
    page = _case_page(client, denunciation)
    assert "Huỳnh Thị Bí Mật" not in page and "Từ chối" in page
    assert 'id="identity-access-ask"' in page


def test_the_history_says_access_was_granted_but_not_to_whom_except_to_handlers(client, denunciation):
    verifier = staff_user("thanh_tra")
    verifier.first_name, verifier.last_name = "Thẩm", "Trần Văn"
    verifier.save()
    access = custody.request_access(verifier, denunciation, REASON)
    custody.decide(staff_user("chu_tich"), access, granted=True, reason="Cho phép xác minh", days=3)
    onlooker = staff_user("vp_ubnd")
    client.force_login(onlooker)
    page = _case_page(client, denunciation)
    history = page.split('id="case-history"')[1].split("</section>")[0]
    assert "Đã cho phép xem danh tính người tố cáo" in history
    assert "Trần Văn Thẩm" not in page and REASON not in page
    audit = client.get(reverse("admin:tiepdan_case_auditevent_changelist")).content.decode()
    assert "Trần Văn Thẩm" not in audit
    client.force_login(staff_user("ban_tcd"))  # a handler sees who
    history = _case_page(client, denunciation).split('id="case-history"')[1].split("</section>")[0]
    assert "Trần Văn Thẩm" in history


def test_a_user_made_custodian_decides_and_nobody_decides_their_own_request(denunciation):
    custodian = staff_user("vp_ubnd")
    custodian.profile.identity_custodian = True
    custodian.profile.save()
    access = custody.request_access(staff_user("thanh_tra"), denunciation, REASON)
    assert (
        custody.decide(custodian, access, granted=False, reason="Chưa đủ căn cứ để cho xem").granted is False
    )
    own = custody.request_access(custodian, denunciation, REASON)
    with pytest.raises(NotAllowed):
        custody.decide(custodian, own, granted=True, reason="Tự cho phép mình xem", days=1)


def test_others_cannot_decide_and_the_decision_needs_a_reason_and_a_bounded_length(client, denunciation):
    access = custody.request_access(staff_user("thanh_tra"), denunciation, REASON)
    client.force_login(staff_user("vp_ubnd"))
    assert _decide(client, access, granted=True).status_code == 404
    with pytest.raises(NotAllowed):
        custody.decide(staff_user("lanh_dao"), access, granted=True, reason="Cho phép xác minh", days=1)
    chairman = staff_user("chu_tich")
    with pytest.raises(Invalid):
        custody.decide(chairman, access, granted=True, reason="", days=1)
    with pytest.raises(Invalid):
        custody.decide(chairman, access, granted=True, reason="Cho phép xác minh", days=365)
    custody.decide(chairman, access, granted=True, reason="Cho phép xác minh", days=2)
    with pytest.raises(Conflict):
        custody.decide(chairman, access, granted=False, reason="Đổi ý, không cho nữa", days=None)


def test_a_request_needs_a_reason_a_denunciation_and_no_earlier_pending_request(client, denunciation):
    verifier = staff_user("thanh_tra")
    client.force_login(verifier)
    response = _ask(client, denunciation, reason="vì")
    assert response.status_code == 200 and not IdentityAccessRequest.objects.exists()
    with pytest.raises(Conflict):
        custody.request_access(verifier, CaseFactory(case_type="khieu_nai"), REASON)
    custody.request_access(verifier, denunciation, REASON)
    with pytest.raises(Conflict):
        custody.request_access(verifier, denunciation, REASON)
    with pytest.raises(Conflict):
        custody.request_access(staff_user("ban_tcd"), denunciation, REASON)  # a handler already sees it


def test_both_steps_are_logged_on_the_case(denunciation):
    verifier, chairman = staff_user("thanh_tra"), staff_user("chu_tich")
    access = custody.request_access(verifier, denunciation, REASON)
    custody.decide(chairman, access, granted=True, reason="Cho phép xác minh", days=2)
    events = AuditEvent.objects.filter(object_id=denunciation.pk, action__startswith="identity_access")
    assert {(e.action, e.actor_id) for e in events} == {
        (custody.REQUESTED, verifier.pk),
        (custody.GRANTED, chairman.pk),
    }


def test_the_requester_lists_only_their_own_requests(client, denunciation):
    mine, theirs = staff_user("thanh_tra"), staff_user("thanh_tra")
    custody.request_access(mine, denunciation, REASON)
    custody.request_access(theirs, denunciation, REASON)
    client.force_login(mine)
    page = client.get(reverse("admin:tiepdan_case_identityaccessrequest_changelist"))
    assert [r.requester for r in page.context["cl"].result_list] == [mine]


def test_access_rows_cannot_be_changed_or_deleted(denunciation):
    access = custody.request_access(staff_user("thanh_tra"), denunciation, REASON)
    decision = custody.decide(
        staff_user("chu_tich"), access, granted=True, reason="Cho phép xác minh", days=2
    )
    for row in (access, decision):
        with pytest.raises(PermissionError):
            row.save()
        with pytest.raises(PermissionError):
            row.delete()
    with pytest.raises(PermissionError):
        IdentityAccessDecision.objects.filter(pk=decision.pk).update(expires_at=timezone.now())
    with pytest.raises(PermissionError):
        IdentityAccessRequest.objects.all().delete()


@pytest.mark.postgres_only
def test_on_postgresql_a_trigger_refuses_changing_or_deleting_access_rows(denunciation):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL trigger")
    access = custody.request_access(staff_user("thanh_tra"), denunciation, REASON)
    IdentityAccessLog.objects.create(case=denunciation, user=access.requester, channel="admin")
    for table in ("identityaccessrequest", "identityaccesslog"):
        for sql in (f"UPDATE tiepdan_case_{table} SET at = now()", f"DELETE FROM tiepdan_case_{table}"):
            with (
                pytest.raises(Exception, match="append-only"),
                transaction.atomic(),
                connection.cursor() as c,
            ):
                c.execute(sql)


def test_the_database_refuses_a_grant_without_an_end(denunciation):
    access = custody.request_access(staff_user("thanh_tra"), denunciation, REASON)
    with pytest.raises(IntegrityError), transaction.atomic():
        IdentityAccessDecision.objects.create(
            request=access,
            granted=True,
            reason="Cho phép mãi mãi",
            expires_at=None,
            decided_by=staff_user("chu_tich"),
        )


def test_a_user_granted_sight_signs_in_with_the_second_factor(denunciation):
    from addons.tiepdan_case.services.second_factor import requires_second_factor

    officer = staff_user("so_tu_phap")
    denunciation.assigned_agencies.add(officer.profile.agency)
    assert not requires_second_factor(officer)
    access = custody.request_access(officer, denunciation, REASON)
    custody.decide(staff_user("chu_tich"), access, granted=True, reason="Cho phép xác minh", days=2)
    officer = type(officer).objects.get(pk=officer.pk)
    assert requires_second_factor(officer)
