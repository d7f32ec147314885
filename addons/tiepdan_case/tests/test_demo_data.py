"""`manage.py load_demo`: demo logins for every role and realistic cases, and a second run changes nothing."""

import base64
import re
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from addons.tiepdan_case import roles as R
from addons.tiepdan_case.models import Case, Citizen, Reception
from addons.tiepdan_case.services.audit import history_of
from addons.tiepdan_case.services.cases import is_outcome_overdue
from addons.tiepdan_case.tests.second_factor import code_for
from addons.tiepdan_case.validators import paper_errors

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", "--force", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for config in apps.get_app_configs()
        if config.name.startswith("addons.") or config.label == "auth"
        for model in config.get_models()
    }


def test_loading_the_demo_twice_changes_nothing():
    load_demo()
    first = row_counts()
    passwords = dict(get_user_model().objects.values_list("username", "password"))
    load_demo()
    assert row_counts() == first
    assert dict(get_user_model().objects.values_list("username", "password")) == passwords


def test_the_demo_refuses_to_run_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=StringIO())
    assert not Case.objects.exists()


def test_the_demo_gives_a_login_per_role_and_realistic_cases(client):
    output = load_demo()
    User = get_user_model()
    usernames = list(R.ALL_ROLES) + ["ubnd_xa_28261", "ubnd_xa_28249"]
    for username in usernames:
        user = User.objects.get(username=username)
        assert user.is_staff
        # Through the login page, as a person signs in (django-axes checks each login with its request).
        login = client.post("/login/", {"username": username, "password": settings.DEMO_PASSWORD})
        assert login.status_code == 302, username
        assert username in output
        # Every demo user is enrolled (issue 12): the printed key's current code passes the second step.
        key = re.search(rf"^  {username} +\S+ +TOTP (\S+)", output, re.M).group(1)
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        assert base64.b32encode(device.bin_key).decode() == key
        home = client.get("/")
        if home.status_code == 302:
            assert "/tai-khoan/xac-thuc/" in home["Location"]
            assert client.post("/tai-khoan/xac-thuc/", {"code": code_for(device)}).status_code == 302
        assert client.get("/").status_code == 200, username
        client.logout()
    for role in R.ALL_ROLES:
        assert User.objects.get(username=role).groups.filter(name=role).exists()
    assert User.objects.get(username="ubnd_xa_28249").profile.unit.code == "28249"
    assert User.objects.get(username="so_nganh").profile.agency.name == "Sở Nông nghiệp và Môi trường"

    assert Citizen.objects.count() >= 50
    for citizen in Citizen.objects.all():
        paper = (citizen.id_type, citizen.id_number, citizen.date_of_birth, citizen.gender)
        assert (
            paper_errors(
                *paper,
                born_abroad=citizen.born_abroad,
                issuing_country=citizen.id_issuing_country,
                issued_on=citizen.id_issued_on,
            )
            == {}
        )
        assert citizen.id_issued_on and citizen.id_issued_place  # Mẫu 01/TCD and 02/TCD print them
        assert citizen.phone.is_valid()
    assert Citizen.objects.filter(born_abroad=True).exists()  # a căn cước with a country prefix
    assert Citizen.objects.filter(id_type="ho_chieu").exclude(id_issuing_country="VN").exists()

    cases = Case.objects.all()
    assert cases.count() >= 80
    assert set(cases.values_list("case_type", flat=True)) == {"khieu_nai", "to_cao", "kien_nghi", "phan_anh"}
    assert set(cases.values_list("state", flat=True)) == {
        "draft", "submitted", "accepted", "returned", "rejected", "scheduled", "received", "following_up",
        "closed", "withdrawn", "in_person",
    }  # fmt: skip
    organisation = cases.exclude(organisation_name="").get()  # an organisation through its representative
    assert organisation.participants.get().role == "dai_dien_to_chuc"
    protected = cases.get(case_type="to_cao", identity_protection=True)
    assert protected.state not in ("accepted", "scheduled", "received")
    group = cases.filter(is_group=True, group_size__gte=6, group_size__lte=10).first()
    assert group is not None
    reps = group.participants.filter(role="nguoi_dai_dien").count()
    assert 1 <= reps <= 2
    assert any(is_outcome_overdue(case) for case in cases)
    assert set(Reception.objects.values_list("direction", flat=True)) == {
        "thu_ly", "huong_dan", "chuyen_don", "don_doc", "tu_choi", "giai_thich",
    }  # fmt: skip
    assert Case.objects.visible_to(User.objects.get(username="so_nganh")).exists()
    closed = cases.filter(state="closed").first()
    assert (
        list(history_of(closed).filter(kind="transition").values_list("to_state", flat=True))[0] == "closed"
    )


def test_demo_otp_prints_the_code_that_passes_the_second_step(client, settings):
    load_demo()
    settings.DEBUG = True  # a development command, like load_demo
    out = StringIO()
    call_command("demo_otp", "ban_tcd", stdout=out)
    client.post("/login/", {"username": "ban_tcd", "password": settings.DEMO_PASSWORD})
    response = client.post("/tai-khoan/xac-thuc/", {"code": out.getvalue().strip()})
    assert response.status_code == 302 and client.get("/").status_code == 200


def test_the_demo_shows_one_deleted_case_with_its_reason_absent_from_the_lists():
    from addons.tiepdan_case.demo import DUPLICATE_REASON, DUPLICATE_TITLE

    load_demo()
    deleted = Case.objects.deleted().get(title=DUPLICATE_TITLE)
    assert deleted.deletion_reason == DUPLICATE_REASON and deleted.deleted_by.username == "ubnd_xa_28261"
    assert history_of(deleted).filter(kind="deleted").exists()
    for username in ("ban_tcd", "vp_ubnd", "ubnd_xa_28261"):
        user = get_user_model().objects.get(username=username)
        assert not Case.objects.visible_to(user).filter(pk=deleted.pk).exists()
