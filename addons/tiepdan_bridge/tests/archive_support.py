"""Shared pieces of the archive tests: the agency's certificate (a throwaway CA's PKCS#12, tests/pki.py)
and a temporary archive root and inbox."""

import io

import pytest

from addons.tiepdan_bridge.services import archive as archive_service
from addons.tiepdan_bridge.tests.pki import build_pki, use_pki


@pytest.fixture
def archive_settings(settings, tmp_path):
    settings.ARCHIVE_STORAGE = "filesystem"
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    settings.ARCHIVE_IMPORT_DIR = str(tmp_path / "inbox")
    settings.ARCHIVE_SIGNING_KEY = ""
    settings.ARCHIVE_TRUSTED_PUBLIC_KEYS = []
    settings.ARCHIVE_DEV_KEY_PATH = tmp_path / "no-dev-key"
    settings.SIGNING_TRUSTED_CERTIFICATES = ""
    settings.ARCHIVE_RETENTION_YEARS = 20
    settings.PKI = use_pki(settings, build_pki(tmp_path / "pki"))
    (tmp_path / "inbox").mkdir()
    return settings


def store(content: bytes = b"recording bytes", name="ghi-hinh.mp4", owner_ref="session:12", actor=None):
    return archive_service.store_file(io.BytesIO(content), name, owner_ref, actor)


def path_of(entry, settings):
    return settings.ARCHIVE_ROOT / entry.storage_key
