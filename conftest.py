"""Shared fixtures: personas (one user per role, two communes) and factories."""

import pytest

from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CaseFactory, CitizenFactory, make_user

# `signing_pkcs12`: settings point at a throwaway CA's PKCS#12 (TEAM.md interface 6).
pytest_plugins = ["addons.tiepdan_bridge.tests.pki"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 costs ~0.3 s per user; tests create hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
