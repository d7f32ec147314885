"""Soft delete (issue 12): a deleted case or citizen is absent from every `visible_to`, for every role,
together with the rows reached through the case; nothing erases a row; codes are never reused."""

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.models import (
    AuditEvent,
    Case,
    CaseAttachment,
    CaseParticipant,
    Citizen,
    ReceivedPaper,
    Reception,
)
from addons.tiepdan_case.models.deletion import HardDeleteRefused
from addons.tiepdan_case.services import cases as case_service
from addons.tiepdan_case.services.deletion import soft_delete
from addons.tiepdan_case.tests.factories import (
    MY_THO,
    CaseFactory,
    CitizenFactory,
    make_user,
    register_row,
    unit,
)

pytestmark = pytest.mark.django_db


def _everyone():
    users = [make_user(role) for role in R.ALL_ROLES if role != R.UBND_XA]
    users.append(make_user(R.UBND_XA, commune=MY_THO))
    users.append(User.objects.create_superuser("root_soft_delete", password="Test@12345678"))
    return users


def _deleted_case():
    board = make_user(R.BAN_TCD)
    case = CaseFactory(unit=unit(MY_THO))
    reception = register_row(case)
    ReceivedPaper.objects.create(reception=reception, name="Đơn khiếu nại")
    CaseAttachment.objects.create(
        case=case, file="case-attachments/x", original_name="don.pdf", content_type="application/pdf",
        size=10, sha256="0" * 64,
    )  # fmt: skip
    case.handlers.add(*User.objects.filter(groups__name=R.UBND_XA))
    soft_delete(case, reason="Nhập trùng với vụ việc khác.", actor=board)
    return case


def test_a_deleted_case_is_seen_by_no_role_not_even_a_superuser():
    case = _deleted_case()
    for user in _everyone():
        assert not Case.objects.visible_to(user).filter(pk=case.pk).exists(), user.username


def test_the_receptions_papers_documents_and_people_of_a_deleted_case_are_seen_by_no_role():
    case = _deleted_case()
    for user in _everyone():
        assert not Reception.objects.visible_to(user).filter(case=case).exists(), user.username
        assert not ReceivedPaper.objects.visible_to(user).filter(reception__case=case).exists(), user.username
        assert not CaseAttachment.objects.visible_to(user).filter(case=case).exists(), user.username
        assert not CaseParticipant.objects.visible_to(user).filter(case=case).exists(), user.username


def test_a_live_case_beside_a_deleted_one_is_still_seen():
    _deleted_case()
    live = CaseFactory(unit=unit(MY_THO))
    for user in _everyone():
        if user.is_superuser or R.user_roles(user) & (R.CASE_READ_ALL | {R.UBND_XA}):
            assert Case.objects.visible_to(user).filter(pk=live.pk).exists(), user.username


def test_a_deleted_citizen_is_seen_by_no_role():
    board = make_user(R.BAN_TCD)
    citizen = CitizenFactory(unit=unit(MY_THO))
    soft_delete(citizen, reason="Đăng ký trùng.", actor=board)
    for user in _everyone():
        assert not Citizen.objects.visible_to(user).filter(pk=citizen.pk).exists(), user.username


def test_the_row_stays_in_the_database_with_who_when_and_why_and_a_history_row():
    case = _deleted_case()
    stored = Case.objects.get(pk=case.pk)
    assert stored.deleted_at is not None
    assert stored.deleted_by.groups.filter(name=R.BAN_TCD).exists()
    assert stored.deletion_reason == "Nhập trùng với vụ việc khác."
    event = AuditEvent.objects.filter(object_id=case.pk, kind="deleted").get()
    assert event.note == "Nhập trùng với vụ việc khác."
    assert Case.objects.deleted().filter(pk=case.pk).exists()
    assert not Case.objects.alive().filter(pk=case.pk).exists()


def test_the_model_refuses_a_hard_delete():
    case = CaseFactory()
    citizen = CitizenFactory()
    with pytest.raises(HardDeleteRefused):
        case.delete()
    with pytest.raises(HardDeleteRefused):
        citizen.delete()
    assert Case.objects.filter(pk=case.pk).exists() and Citizen.objects.filter(pk=citizen.pk).exists()


def test_the_queryset_refuses_a_hard_delete():
    CaseFactory()
    with pytest.raises(HardDeleteRefused):
        Case.objects.all().delete()
    with pytest.raises(HardDeleteRefused):
        Citizen.objects.filter(unit__code=MY_THO).delete()
    assert Case.objects.count() == 1


def test_the_database_refuses_a_deleted_row_without_a_reason_and_a_reason_without_deletion():
    case = CaseFactory()
    citizen = CitizenFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(deleted_at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(deletion_reason="Không có ngày xoá")
    with pytest.raises(IntegrityError), transaction.atomic():
        Citizen.objects.filter(pk=citizen.pk).update(deleted_at=timezone.now())


def test_a_deleted_cases_code_is_never_given_again():
    clerk = make_user(R.UBND_XA, commune=MY_THO)
    data = {
        "case_type": "khieu_nai",
        "title": "Khiếu nại về bồi thường",
        "summary": "Công dân khiếu nại quyết định bồi thường.",
        "received_date": timezone.localdate(),
    }
    first = case_service.create_case(
        clerk, dict(data), [(CitizenFactory(unit=unit(MY_THO)), "nguoi_dung_don")]
    )
    soft_delete(first, reason="Nhập nhầm.", actor=clerk)
    second = case_service.create_case(
        clerk, dict(data), [(CitizenFactory(unit=unit(MY_THO)), "nguoi_dung_don")]
    )
    assert second.code != first.code
    assert Case.objects.filter(code=first.code).count() == 1
