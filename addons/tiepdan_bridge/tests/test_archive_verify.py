import os

import pytest
from django.core.management import CommandError, call_command

from addons.tiepdan_bridge.services import archive as archive_service
from addons.tiepdan_bridge.tests.archive_support import archive_settings, path_of, store  # noqa: F401
from addons.tiepdan_bridge.tests.pki import build_pki, use_pki

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("archive_settings")]


def overwrite(path, data):
    os.chmod(path, 0o640)
    path.write_bytes(data)


def test_an_intact_archive_verifies(capsys):
    store(b"one"), store(b"two")
    report = archive_service.verify_all()
    assert (report.checked, report.ok, report.problems) == (2, 2, 0)
    call_command("verify_archive")
    assert (
        "Đã kiểm tra 2 tệp: 2 nguyên vẹn, 0 bị thay đổi, 0 bị mất, 0 sai chữ ký." in capsys.readouterr().out
    )


def test_a_file_changed_on_disk_and_a_missing_file_are_reported(settings, capsys):
    changed, missing, intact = store(b"original"), store(b"gone"), store(b"fine")
    overwrite(path_of(changed, settings), b"0riginal")  # same size, other content
    path_of(missing, settings).unlink()
    report = archive_service.verify_all()
    assert [e.pk for e, _sha, _size in report.mismatched] == [changed.pk]
    assert [e.pk for e in report.missing] == [missing.pk]
    assert report.ok == 1
    with pytest.raises(CommandError, match="3 tệp: 1 nguyên vẹn, 1 bị thay đổi, 1 bị mất"):
        call_command("verify_archive")
    err = capsys.readouterr().err
    assert f"BỊ THAY ĐỔI #{changed.pk}" in err
    assert f"BỊ MẤT #{missing.pk}" in err
    assert f"#{intact.pk}" not in err


def test_a_file_grown_on_disk_is_a_mismatch(settings):
    entry = store(b"abc")
    overwrite(path_of(entry, settings), b"abcd")
    assert archive_service.verify_entry(entry)[0] == "mismatch"


def test_an_entry_signed_with_another_certificate_is_reported(settings, tmp_path):
    entry = store(b"abc")
    use_pki(settings, build_pki(tmp_path / "other", ca_slot=3, key_slot=4))
    report = archive_service.verify_all()
    assert [e.pk for e in report.bad_signature] == [entry.pk]


def test_after_a_renewal_old_entries_verify_only_while_their_certificate_is_trusted(settings, tmp_path):
    entry = store(b"abc")
    old = settings.PKI
    use_pki(settings, old.issue(tmp_path / "renewed", common_name="UBND tỉnh Đồng Tháp (gia hạn)"))
    assert not archive_service.verify_signature(entry)
    (tmp_path / "old.pem").write_bytes(old.cert_pem)
    settings.SIGNING_TRUSTED_CERTIFICATES = str(tmp_path / "old.pem")
    assert archive_service.verify_signature(entry)
    newer = store(b"def")
    assert newer.certificate_sha256 != entry.certificate_sha256
    assert archive_service.verify_all().problems == 0
