"""Retention (NĐ 154 art. 24): every entry keeps a retention period (ARCHIVE_RETENTION_YEARS, default 20)
and may be put on legal hold; nothing is deleted before its time, and expiry only lists candidates for a
person to decide (command `archive_expiry`, the admin's retention filter)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from addons.tiepdan_bridge.models import ArchiveEntry, ArchiveHold, ArchiveImmutableError
from addons.tiepdan_bridge.services import archive as archive_service
from addons.tiepdan_bridge.tests.archive_support import archive_settings, store  # noqa: F401
from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.services.errors import Invalid, NotAllowed
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.api_support import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("archive_settings")]


def later(entry, years, days=0):
    signed = timezone.localtime(entry.signed_at).date()  # the local day, as the model counts it
    return signed.replace(year=signed.year + years) + dt.timedelta(days=days)


def test_every_entry_keeps_the_retention_period_of_the_settings_default_twenty_years(settings):
    entry = store(b"a")
    assert entry.retention_years == 20
    assert entry.retain_until == later(entry, 20)
    settings.ARCHIVE_RETENTION_YEARS = 30
    assert store(b"b").retention_years == 30
    assert ArchiveEntry.objects.get(pk=entry.pk).retention_years == 20  # kept as it was stored


def test_only_entries_past_their_time_and_not_on_hold_are_candidates(board_user):
    old, held, young = store(b"old"), store(b"held"), store(b"young")
    archive_service.place_hold(board_user, held, "Đang thanh tra vụ việc")
    today = later(old, 20)
    assert archive_service.expiry_candidates(today=today - dt.timedelta(days=1)) == []
    assert archive_service.expiry_candidates(today=today) == [old, young]  # same day stored
    archive_service.release_hold(board_user, held, "Đã kết thúc thanh tra")
    assert archive_service.expiry_candidates(today=today) == [old, held, young]


def entry_signed_years_ago(years: int, name="cu.mp4") -> ArchiveEntry:
    """An entry as store_file wrote it `years` ago (its time is in the signed manifest)."""
    import base64
    import hashlib

    from addons.tiepdan_bridge.models import manifest_bytes
    from addons.tiepdan_bridge.services import signing

    identity = signing.signing_identity()
    entry = ArchiveEntry(
        name=name,
        original_name=name,
        size=3,
        sha256=hashlib.sha256(b"old").hexdigest(),
        signed_at=timezone.now().replace(microsecond=0) - dt.timedelta(days=365 * years + 10),
        owner_ref="session:1",
        storage_key=f"old/{name}",
        signature_scheme="cms",
        signer=signing.subject_of(identity.certificate),
        certificate_sha256=identity.fingerprint,
        retention_years=20,
    )
    entry.signature = base64.b64encode(signing.sign_detached(manifest_bytes(entry), identity)).decode()
    entry.save()
    return entry


def test_the_expiry_command_lists_candidates_and_deletes_nothing(capsys, board_user):
    due, held, recent = entry_signed_years_ago(21, "a.mp4"), entry_signed_years_ago(21, "b.mp4"), store(b"c")
    archive_service.place_hold(board_user, held, "Tranh chấp đang giải quyết")
    call_command("archive_expiry")
    out = capsys.readouterr().out
    assert f"#{due.pk} a.mp4" in out
    assert f"#{held.pk}" not in out and f"#{recent.pk}" not in out
    assert "1 bản ghi đã hết thời hạn lưu trữ và không bị phong tỏa; không có gì bị xóa." in out
    assert ArchiveEntry.objects.count() == 3
    with pytest.raises(ArchiveImmutableError):
        due.delete()  # past its time it is still only a candidate: a person decides, the code deletes nothing


def test_the_admin_retention_filter_lists_the_candidates_for_a_person(client, board_user):
    due = entry_signed_years_ago(21, "a.mp4")
    store(b"c", name="moi.mp4")
    client.force_login(staff_user("vp_ubnd"))
    page = client.get(
        reverse("admin:tiepdan_bridge_archiveentry_changelist"), {"retention": "due"}
    ).content.decode()
    assert "a.mp4" in page and "moi.mp4" not in page
    detail = client.get(reverse("admin:tiepdan_bridge_archiveentry_change", args=[due.pk])).content.decode()
    assert "hết thời hạn: chờ người có thẩm quyền quyết định" in detail


def test_a_hold_needs_a_reason_and_a_holding_role_and_writes_the_history(board_user, user_in_role):
    entry = store(b"x")
    with pytest.raises(Invalid, match="điều 24"):
        archive_service.place_hold(board_user, entry, "  ")
    for role in ("quan_tri", "chu_tich"):
        with pytest.raises(NotAllowed):
            archive_service.place_hold(user_in_role(role), entry, "lý do")
    archive_service.place_hold(board_user, entry, "Khiếu nại đang giải quyết")
    with pytest.raises(Invalid):
        archive_service.place_hold(board_user, entry, "lần hai")
    archive_service.release_hold(board_user, entry, "Đã giải quyết xong")
    actions = [e.action for e in history_of(entry)]
    assert "legal_hold" in actions and "legal_hold_release" in actions


def test_the_api_places_and_releases_a_hold_with_a_reason_and_refuses_quan_tri():
    entry = store(b"x")
    api = client_for(staff_user("thanh_tra"))
    refused = api.post(f"/api/v1/archive-entries/{entry.pk}/legal-hold/", {"reason": ""}, format="json")
    assert refused.status_code == 400 and "điều 24" in refused.json()["detail"]
    placed = api.post(
        f"/api/v1/archive-entries/{entry.pk}/legal-hold/", {"reason": "Thanh tra"}, format="json"
    )
    assert placed.status_code == 200 and placed.json()["legal_hold"] is True
    admin = client_for(staff_user("quan_tri"))
    response = admin.post(f"/api/v1/archive-entries/{entry.pk}/release-hold/", {"reason": "x"}, format="json")
    assert response.status_code == 403
    released = api.post(
        f"/api/v1/archive-entries/{entry.pk}/release-hold/", {"reason": "Xong"}, format="json"
    )
    assert released.json()["legal_hold"] is False
    assert ArchiveHold.objects.get().release_reason == "Xong"


def test_the_admin_places_a_hold_from_the_entry_and_releases_it(client):
    entry = store(b"x")
    client.force_login(staff_user("ban_tcd"))
    add = reverse("admin:tiepdan_bridge_archivehold_add")
    assert (
        f"{add}?entry={entry.pk}"
        in client.get(reverse("admin:tiepdan_bridge_archiveentry_change", args=[entry.pk])).content.decode()
    )
    assert client.post(add, {"entry": entry.pk, "reason": ""}).status_code == 200  # reason required
    assert client.post(add, {"entry": entry.pk, "reason": "Tranh chấp"}).status_code == 302
    hold = ArchiveHold.objects.get()
    change = reverse("admin:tiepdan_bridge_archivehold_change", args=[hold.pk])
    assert client.post(change, {"release_reason": "Hết tranh chấp"}).status_code == 302
    hold.refresh_from_db()
    assert hold.released_at is not None and hold.released_by.username.startswith("ban_tcd")
    client.force_login(staff_user("quan_tri"))
    assert client.get(add).status_code == 403
