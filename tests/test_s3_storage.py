"""Stateless web: with S3-compatible storage configured, attachments, issued documents and the signed
archive live in the bucket (none on the container's disk), are streamed in, hashed, signed and verified.
Runs against a real S3-protocol server on loopback (moto in server mode) through boto3."""

import hashlib
import io
import os

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from addons.tiepdan_bridge.services import archive as archive_service
from addons.tiepdan_bridge.tests.archive_support import archive_settings as archive_settings
from addons.tiepdan_case.models import CaseAttachment
from addons.tiepdan_case.tests.admin_helpers import add, staff_user
from addons.tiepdan_case.tests.factories import MY_THO, CaseFactory
from addons.tiepdan_case.tests.loopback import free_port

pytestmark = [pytest.mark.django_db, pytest.mark.s3]

BUCKET = "tiepdan-test"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def s3_server():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings, monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    options = {
        "bucket_name": BUCKET,
        "endpoint_url": s3_server,
        "region_name": "us-east-1",
        "location": "media",
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    settings.AWS_STORAGE_BUCKET_NAME, settings.AWS_S3_ENDPOINT_URL = BUCKET, s3_server
    settings.MEDIA_ROOT = str(tmp_path / "local-media")  # must stay empty
    yield client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _keys(client, prefix):
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("Contents", [])]


def _read(client, key):
    return client.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def test_an_uploaded_attachment_is_stored_in_the_bucket_and_downloaded_from_it(client, bucket, tmp_path):
    case = CaseFactory()
    client.force_login(staff_user("ubnd_xa", commune=MY_THO))
    response = client.post(
        add("caseattachment"),
        {"case": case.pk, "description": "Đơn khiếu nại", "upload": SimpleUploadedFile("don.pdf", PDF)},
    )
    assert response.status_code == 302
    attachment = CaseAttachment.objects.get(case=case)
    [key] = _keys(bucket, "media/case-attachments/")
    assert key == f"media/{attachment.file.name}"
    assert _read(bucket, key) == PDF and attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert not (tmp_path / "local-media").exists()
    download = client.get(reverse("tiepdan_case:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_an_issued_document_is_kept_in_the_bucket_and_a_tampered_copy_is_refused(client, bucket, settings):
    from addons.tiepdan_report.models import IssuedDocument
    from addons.tiepdan_report.tests.common import download_url, issue_url, refused_case

    settings.SIGNING_PKCS12_PATH = ""
    client.force_login(staff_user("ban_tcd"))
    case = refused_case()
    client.post(issue_url("tu_choi", case))
    document = IssuedDocument.objects.get(case=case)
    [key] = _keys(bucket, "media/report-documents/")
    stored = _read(bucket, key)
    assert hashlib.sha256(stored).hexdigest() == document.sha256
    assert client.get(download_url(document)).content == stored
    bucket.put_object(Bucket=BUCKET, Key=key, Body=stored + b"%tampered")
    assert client.get(download_url(document)).status_code == 409


class OneWayStream:
    """Cannot seek, hands out at most `limit` bytes per read: like a network upload."""

    def __init__(self, data: bytes, limit: int = 64 * 1024):
        self._buffer, self.limit, self.largest_read = io.BytesIO(data), limit, 0

    def read(self, size=-1):
        size = self.limit if size is None or size < 0 else min(size, self.limit)
        self.largest_read = max(self.largest_read, size)
        return self._buffer.read(size)


def test_the_archive_streams_into_the_bucket_signs_and_verifies_and_detects_tampering(
    bucket,
    archive_settings,
    board_user,
):
    archive_settings.ARCHIVE_STORAGE = "s3"
    content = os.urandom(9 * 1024 * 1024 + 5)  # above boto3's multipart threshold: uploaded in parts
    stream = OneWayStream(content)
    entry = archive_service.store_file(stream, "Ghi hình phiên 12.mp4", "session:12", board_user)
    assert stream.largest_read <= 64 * 1024  # read in pieces, never the whole file at once
    assert entry.sha256 == hashlib.sha256(content).hexdigest() and entry.size == len(content)
    [key] = _keys(bucket, "archive/")
    assert key == f"archive/{entry.storage_key}"
    assert hashlib.sha256(_read(bucket, key)).hexdigest() == entry.sha256
    assert archive_service.verify_signature(entry)
    assert archive_service.verify_entry(entry)[0] == "ok"
    bucket.put_object(Bucket=BUCKET, Key=key, Body=content[:-1] + b"\x00")
    assert archive_service.verify_entry(entry)[0] == "mismatch"
    bucket.delete_object(Bucket=BUCKET, Key=key)
    assert archive_service.verify_entry(entry)[0] == "missing"
