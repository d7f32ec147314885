"""Shared fixtures: personas (one user per role, two communes) and factories."""

import pytest
from django.test import Client

from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory, CitizenFactory, make_user
from addons.tiepdan_case.tests.second_factor import login_with_second_factor

# `signing_pkcs12`: settings point at a throwaway CA's PKCS#12 (TEAM.md interface 6).
pytest_plugins = ["addons.tiepdan_bridge.tests.pki"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 costs ~0.3 s per user; tests create hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login(user)` signs in as a user who has done both steps (issue 12): a confirmed TOTP
    device named on the session, as after a good code. Tests of the second factor itself use
    `second_factor.password_only_login` and real codes (addons/tiepdan_case/tests/second_factor.py)."""
    monkeypatch.setattr(Client, "force_login", login_with_second_factor)


@pytest.fixture
def user_in_role(db):
    """user_in_role("ban_tcd") or user_in_role("ubnd_xa", commune="28249")."""
    return make_user


@pytest.fixture
def commune_user(db):
    return make_user("ubnd_xa", commune=MY_THO)


@pytest.fixture
def other_commune_user(db):
    return make_user("ubnd_xa", commune=DAO_THANH)


@pytest.fixture
def board_user(db):
    return make_user("ban_tcd")


@pytest.fixture
def citizen_factory(db):
    return CitizenFactory


@pytest.fixture
def case_factory(db):
    return CaseFactory
