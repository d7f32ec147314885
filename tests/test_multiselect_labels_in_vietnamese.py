"""The multi-select boxes of the back office (a user's roles) speak Vietnamese: “Có sẵn …” and
“Đã chọn …”, and every other text of Django's SelectFilter2 widget is translated."""

import json
import re
from pathlib import Path

import django
import pytest
from django.urls import reverse

from addons.tiepdan_case.tests.admin_helpers import staff_user

pytestmark = pytest.mark.django_db
WIDGET_JS = Path(django.__file__).parent / "contrib/admin/static/admin/js/SelectFilter2.js"


def catalogue(client) -> dict:
    script = client.get(reverse("admin:jsi18n")).content.decode()
    return json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))


def test_the_two_boxes_are_called_co_san_and_da_chon(client):
    client.force_login(staff_user("quan_tri"))
    strings = catalogue(client)
    assert strings["Available %s"] == "Có sẵn %s"
    assert strings["Chosen %s"] == "Đã chọn %s"


def test_every_text_of_the_multi_select_widget_is_translated(client):
    client.force_login(staff_user("quan_tri"))
    strings = catalogue(client)
    msgids = set(re.findall(r"""gettext\((['"])(.+?)\1\)""", WIDGET_JS.read_text()))
    assert len(msgids) >= 10
    untranslated = [m for _q, m in msgids if not strings.get(m) or strings[m] == m]
    assert untranslated == []


def test_the_user_form_uses_the_two_box_picker_for_roles(client):
    admin = staff_user("quan_tri")
    client.force_login(admin)
    other = staff_user("ban_tcd")
    html = client.get(reverse("admin:auth_user_change", args=[other.pk])).content.decode()
    assert reverse("admin:jsi18n") in html and "SelectFilter2.js" in html
    assert 'class="selectfilter' in html or "selectfilter" in html
