"""Shared pieces of the archive tests: a fixed signing key and a temporary archive root and inbox."""

import base64
import io

import pytest

from addons.tiepdan_bridge.services import archive as archive_service

TEST_KEY = base64.b64encode(bytes(range(32))).decode("ascii")


@pytest.fixture
def archive_settings(settings, tmp_path):
    settings.ARCHIVE_STORAGE = "filesystem"
    settings.ARCHIVE_ROOT = tmp_path / "archive"
    settings.ARCHIVE_IMPORT_DIR = str(tmp_path / "inbox")
    settings.ARCHIVE_SIGNING_KEY = TEST_KEY
    (tmp_path / "inbox").mkdir()
    return settings


def store(content: bytes = b"recording bytes", name="ghi-hinh.mp4", owner_ref="session:12", actor=None):
    return archive_service.store_file(io.BytesIO(content), name, owner_ref, actor)


def path_of(entry, settings):
    return settings.ARCHIVE_ROOT / entry.storage_key
