"""`make run` shows the session documents: the demo issues the schedule notice of each announced demo
session and Phường Mỹ Tho's file of invitations, the minutes and the draft conclusions notice of the
concluded one; a second run issues nothing more."""

import pytest
from django.core.management import call_command

from addons.tiepdan_report.models import IssuedDocument

pytestmark = pytest.mark.django_db


def test_the_demo_issues_the_session_documents_once():
    call_command("load_demo", "--force", verbosity=0)
    kinds = list(IssuedDocument.objects.values_list("kind", "session__state"))
    assert ("lich_tiep", "announced") in kinds and ("lich_tiep", "ready") in kinds
    assert ("giay_moi_xa", "announced") in kinds
    assert ("ket_luan", "concluded") in kinds and ("bien_ban", "concluded") in kinds
    count = IssuedDocument.objects.count()
    call_command("load_demo", "--force", verbosity=0)
    assert IssuedDocument.objects.count() == count
