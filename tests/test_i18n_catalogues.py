"""Every catalogue is complete and compiled, and the back office (Unfold included) speaks Vietnamese."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
import unfold
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
CONFIG_VI_PO = ROOT / "config" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
CATALOGUES = sorted(
    [
        *(ROOT / "config" / "locale").glob("*/LC_MESSAGES/*.po"),
        *(ROOT / "addons").glob("*/locale/*/LC_MESSAGES/*.po"),
    ]
)


def _messages(entries) -> dict:
    """{(context, msgid): translation} of the translated, non-fuzzy entries (plurals as a tuple)."""
    result = {}
    for entry in entries:
        if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            value = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            value = entry.msgstr
        result[(entry.msgctxt, entry.msgid)] = value
    return result


def test_there_are_catalogues_to_check():
    assert CONFIG_VI_PO in CATALOGUES
    assert any("tiepdan_case" in str(path) for path in CATALOGUES)


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_has_no_untranslated_or_fuzzy_entry(po_path):
    catalogue = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    empty_plurals = [
        e.msgid for e in catalogue if e.msgid_plural and not all(e.msgstr_plural.values()) and not e.obsolete
    ]
    assert untranslated == [], f"untranslated in {po_path}"
    assert fuzzy == [], f"fuzzy in {po_path}"
    assert empty_plurals == [], f"plural forms left empty in {po_path}"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_mo_is_what_the_po_compiles_to(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run make compile-<module>"
    assert _messages(polib.mofile(str(mo_path))) == _messages(polib.pofile(str(po_path)))


def _gettext_tools_or_skip():
    if shutil.which("xgettext") and shutil.which("msguniq"):
        return
    if os.environ.get("CI"):
        pytest.fail("gettext tools are required in CI (apt-get install gettext)")
    pytest.skip("gettext tools (xgettext) are not installed")


def _unfold_msgids(tmp_path) -> set:
    """Every msgid of the installed Unfold, extracted from its templates and Python the way makemessages
    does (Unfold 0.91 ships no catalogue at all, so its own source is the reference)."""
    source = tmp_path / "unfold"
    shutil.copytree(
        Path(unfold.__file__).parent, source, ignore=shutil.ignore_patterns("static", "__pycache__")
    )
    (source / "locale").mkdir()
    env = {**os.environ, "DJANGO_DEBUG": "true", "DJANGO_SETTINGS_MODULE": "config.settings"}
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "vi", "--no-location", "-v", "0"],
        cwd=source,
        env=env,
        check=True,
    )
    extracted = polib.pofile(str(source / "locale" / "vi" / "LC_MESSAGES" / "django.po"))
    return {(e.msgctxt, e.msgid) for e in extracted if e.msgid}


def test_our_catalogue_translates_every_message_of_unfold(tmp_path):
    _gettext_tools_or_skip()
    unfold_ids = _unfold_msgids(tmp_path)
    assert len(unfold_ids) > 150  # the extraction really found Unfold's strings
    ours = _messages(polib.pofile(str(CONFIG_VI_PO)))
    missing = sorted(msgid for _ctx, msgid in unfold_ids - set(ours))
    assert missing == []
    assert all(ours[key] for key in unfold_ids)


@pytest.mark.django_db
def test_admin_login_page_is_in_vietnamese_even_for_an_english_browser(client):
    response = client.get(reverse("admin:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="vi"' in html
    assert "Đăng nhập" in html
    assert "Mật khẩu" in html
    assert "Tiếp công dân trực tuyến" in html
    for english in (">Log in<", "Password", "Username", "Welcome back to"):
        assert english not in html
