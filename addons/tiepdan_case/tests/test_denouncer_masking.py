"""A denouncer's identity: shown only to the case's handlers, logged each time (Luật Tố cáo arts. 8.2, 47.2,
56). Secrecy is the default for every denunciation, whether or not the denouncer asks for protection."""

import datetime as dt

import pytest

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.models import Case, IdentityAccessLog
from addons.tiepdan_case.services import identity
from addons.tiepdan_case.tests.factories import (
    DAO_THANH,
    MY_THO,
    CaseFactory,
    CitizenFactory,
    make_user,
    unit,
)

pytestmark = pytest.mark.django_db

HANDLER_ROLES = [R.BAN_TCD, R.CHU_TICH]
NON_HANDLER_ROLES = [r for r in R.ALL_ROLES if r not in (R.BAN_TCD, R.CHU_TICH, R.UBND_XA)]


@pytest.fixture
def denouncer():
    return CitizenFactory(
        full_name="Huỳnh Văn Tố",
        id_number="087075123456",
        date_of_birth=dt.date(1975, 1, 2),
        phone="+84987654321",
        address="Ấp Tân Thuận, xã Tân Phú",
    )


@pytest.fixture
def protected(denouncer):
    return CaseFactory(
        case_type="to_cao",
        identity_protection=True,
        applicant=denouncer,
        unit=unit(MY_THO),
        state="submitted",
    )


@pytest.fixture
def ordinary(denouncer):
    """A denunciation whose denouncer asks for no protection measures: still secret."""
    return CaseFactory(case_type="to_cao", identity_protection=False, applicant=denouncer, unit=unit(MY_THO))


@pytest.fixture
def complaint(denouncer):
    return CaseFactory(case_type="khieu_nai", applicant=denouncer, unit=unit(MY_THO))


@pytest.mark.parametrize("role", HANDLER_ROLES)
def test_the_board_and_the_chairman_handle_every_case(protected, role):
    user = make_user(role)
    assert identity.is_handler(user, protected)
    assert not identity.must_mask(user, protected)


def test_the_registering_commune_handles_its_case_and_another_commune_does_not(protected):
    assert identity.is_handler(make_user(R.UBND_XA, commune=MY_THO), protected)
    other = make_user(R.UBND_XA, commune=DAO_THANH)
    assert not identity.is_handler(other, protected)
    assert identity.must_mask(other, protected)


@pytest.mark.parametrize("role", NON_HANDLER_ROLES)
def test_every_other_role_sees_the_denouncer_masked(protected, role):
    user = make_user(role)
    assert not identity.is_handler(user, protected)
    assert identity.must_mask(user, protected)


@pytest.mark.parametrize("role", [R.THANH_TRA, R.VP_UBND, R.SO_NGANH])
def test_a_user_named_as_handler_sees_the_denouncer(protected, role):
    user = make_user(role)
    protected.handlers.add(user)
    assert identity.is_handler(user, protected)
    assert not identity.must_mask(user, protected)


def test_an_anonymous_visitor_is_never_a_handler(protected):
    from django.contrib.auth.models import AnonymousUser

    assert not identity.is_handler(AnonymousUser(), protected)
    assert identity.must_mask(AnonymousUser(), protected)


def test_a_denunciation_without_a_protection_request_is_masked_all_the_same(ordinary, complaint):
    # Before issue 7 secrecy was opt-in: only a ticked `identity_protection` masked the denouncer.
    assert identity.must_mask(make_user(R.THANH_TRA), ordinary)
    assert not identity.must_mask(make_user(R.THANH_TRA), complaint)


def test_masked_fields_give_away_nothing(protected, denouncer):
    fields = identity.citizen_fields(make_user(R.THANH_TRA), protected, denouncer, channel="admin")
    assert fields["masked"] is True
    assert fields["citizen_id"] is None
    assert fields["full_name"] == str(identity.MASKED_NAME)
    values = " ".join(str(v) for v in fields.values())
    for secret in ("Huỳnh", "087075123456", "987", "Tân Thuận"):
        assert secret not in values
    assert not IdentityAccessLog.objects.exists()  # nothing was shown, nothing to log


def test_a_handler_sees_the_identity_and_the_view_is_logged(protected, denouncer):
    board = make_user(R.BAN_TCD)
    fields = identity.citizen_fields(board, protected, denouncer, channel="api:case-detail")
    assert fields == {
        "citizen_id": denouncer.pk,
        "full_name": "Huỳnh Văn Tố",
        "id_number": "087075123456",
        "phone": "0987 654 321",
        "address": "Ấp Tân Thuận, xã Tân Phú",
        "masked": False,
    }
    log = IdentityAccessLog.objects.get()
    assert (log.case, log.user, log.channel) == (protected, board, "api:case-detail")


def test_every_unmasked_view_writes_its_own_log_row(protected, denouncer):
    board = make_user(R.CHU_TICH)
    for _ in range(3):
        identity.citizen_fields(board, protected, denouncer, channel="admin")
    assert IdentityAccessLog.objects.filter(user=board).count() == 3


def test_views_of_a_complaint_are_not_logged(complaint, denouncer):
    fields = identity.citizen_fields(make_user(R.THANH_TRA), complaint, denouncer, channel="admin")
    assert fields["full_name"] == "Huỳnh Văn Tố"
    assert not IdentityAccessLog.objects.exists()


def test_a_long_channel_name_is_cut_to_fit(protected):
    board = make_user(R.BAN_TCD)
    identity.log_unmasked_view(board, protected, "x" * 100)
    assert IdentityAccessLog.objects.get().channel == "x" * 40


TEXT = (
    "Ông Huỳnh Văn Tố (CCCD 087075123456, ĐT 0987 654 321 hoặc 0987654321 hoặc +84987654321), "
    "ngụ ấp Tân Thuận, xã Tân Phú, tố cáo cán bộ địa chính."
)


def _shown(case, user, field="summary"):
    return identity.case_text(case, field, masked=identity.must_mask(user, case))


def test_free_text_is_never_shown_to_a_non_handler_until_a_handler_writes_a_redacted_copy(protected):
    # Before issue 6 the text was "redacted" by replacing known spellings of the name: a sieve and an oracle.
    protected.summary = TEXT
    protected.save()
    assert _shown(protected, make_user(R.THANH_TRA)) == "(nội dung được bảo mật)"
    protected.redacted_summary = "Người tố cáo tố cáo cán bộ địa chính."
    protected.save()
    assert _shown(protected, make_user(R.THANH_TRA)) == "Người tố cáo tố cáo cán bộ địa chính."


def test_free_text_is_hidden_whatever_the_spelling_of_the_name_or_the_digits(protected):
    # The spellings replacement missed: no diacritics, dotted or spaced digits, the given name alone.
    protected.summary = "Pham Van Tai, ĐT 0329.337.510, CCCD 087 065 927 066, ông Tài ở ấp 3"
    protected.save()
    shown = _shown(protected, make_user(R.LANH_DAO))
    for secret in ("Pham Van Tai", "0329.337.510", "087 065 927 066", "Tài", "ấp 3"):
        assert secret not in shown


def test_free_text_with_decomposed_accents_or_double_spaces_is_hidden_as_well(protected):
    import unicodedata

    protected.title = unicodedata.normalize("NFD", "Ông Huỳnh  Văn Tố trình bày")
    protected.save()
    shown = _shown(protected, make_user(R.THANH_TRA), "title")
    assert "Huỳnh" not in unicodedata.normalize("NFC", shown)
    assert shown == "(nội dung được bảo mật)"


def test_free_text_is_left_as_written_for_a_handler(protected):
    protected.summary = TEXT
    protected.save()
    assert _shown(protected, make_user(R.BAN_TCD)) == TEXT


def test_free_text_of_a_complaint_is_left_as_written(complaint):
    complaint.summary = TEXT
    complaint.save()
    assert _shown(complaint, make_user(R.THANH_TRA)) == TEXT


# --- a user who sees the denouncer masked cannot lift the protection or swap the people --------------------


def test_an_editor_who_sees_the_denouncer_masked_cannot_retype_it_or_change_the_protection_request(protected):
    from addons.tiepdan_case.services.cases import update_case
    from addons.tiepdan_case.services.errors import NotAllowed

    office = make_user(R.VP_UBND)  # edits every open case, but is not a handler
    assert identity.must_mask(office, protected)
    for change in ({"identity_protection": False}, {"case_type": "khieu_nai", "identity_protection": False}):
        with pytest.raises(NotAllowed):
            update_case(office, protected, change)
    protected.refresh_from_db()
    assert (protected.case_type, protected.identity_protection) == ("to_cao", True)
    assert identity.must_mask(office, protected)
    # other fields stay editable; a handler may record that the request was withdrawn, and the identity
    # stays secret all the same (every denunciation is)
    assert update_case(office, protected, {"is_repeat": True}).is_repeat is True
    lifted = update_case(make_user(R.BAN_TCD), protected, {"identity_protection": False})
    assert lifted.asks_protection is False and lifted.is_protected is True
    assert identity.must_mask(office, lifted)


def test_an_editor_who_sees_the_denouncer_masked_cannot_replace_the_people(protected, denouncer):
    from addons.tiepdan_case.services.cases import set_participants
    from addons.tiepdan_case.services.errors import NotAllowed

    office = make_user(R.VP_UBND)
    with pytest.raises(NotAllowed):
        set_participants(office, protected, [(CitizenFactory(), "nguoi_dung_don")])
    assert [p.citizen_id for p in protected.participants.all()] == [denouncer.pk]
    Case.objects.filter(pk=protected.pk).update(group_size=2)  # two people came: the list may hold two
    set_participants(
        make_user(R.BAN_TCD), protected, [(denouncer, "nguoi_dung_don"), (CitizenFactory(), "thanh_vien")]
    )
    assert protected.participants.count() == 2


def test_an_editor_who_sees_the_text_hidden_cannot_overwrite_it_but_may_send_it_back(protected):
    from addons.tiepdan_case.services.cases import update_case
    from addons.tiepdan_case.services.errors import NotAllowed

    protected.title = "Ông Huỳnh Văn Tố tố cáo cán bộ địa chính"
    protected.save()
    office = make_user(R.VP_UBND)
    shown = _shown(protected, office, "title")
    assert "Huỳnh Văn Tố" not in shown
    # Sending back the redacted text as shown (a PUT of what the API returned) keeps the stored text.
    update_case(office, protected, {"title": shown, "is_repeat": True})
    protected.refresh_from_db()
    assert protected.title == "Ông Huỳnh Văn Tố tố cáo cán bộ địa chính"
    assert protected.is_repeat is True
    with pytest.raises(NotAllowed):
        update_case(office, protected, {"summary": "Tóm tắt mới"})
    # A handler reads the full text and may rewrite it.
    assert update_case(make_user(R.BAN_TCD), protected, {"summary": "Tóm tắt mới"}).summary == "Tóm tắt mới"
