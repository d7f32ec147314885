"""The 15 role groups always hold exactly the permissions the roles.py files declare."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from addons.tiepdan_case import roles as R

pytestmark = pytest.mark.django_db


def permissions_of(group: Group) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")
    }


def test_the_fifteen_role_groups_exist_after_migrate():
    assert len(R.ALL_ROLES) == 15
    assert set(Group.objects.filter(name__in=R.ALL_ROLES).values_list("name", flat=True)) == set(R.ALL_ROLES)


@pytest.mark.parametrize("role", R.ALL_ROLES)
def test_each_group_holds_exactly_the_declared_permissions(role):
    assert permissions_of(Group.objects.get(name=role)) == R.collect_permissions()[role]


def test_support_roles_hold_no_case_permission():
    wanted = R.collect_permissions()
    for role in (R.CONG_AN, R.DIEN_LUC, R.SO_KHCN, R.BAO_PTTH, R.TRUNG_UONG):
        assert "tiepdan_case.view_case" not in wanted[role]
        assert "tiepdan_case.view_citizen" not in wanted[role]


def test_a_permission_added_by_hand_is_removed_by_the_next_sync():
    group = Group.objects.get(name=R.BAO_PTTH)
    group.permissions.add(Permission.objects.get(codename="delete_case"))
    R.sync_roles()
    assert "tiepdan_case.delete_case" not in permissions_of(group)


def test_syncing_twice_changes_nothing():
    R.sync_roles()
    first = {g.name: permissions_of(g) for g in Group.objects.filter(name__in=R.ALL_ROLES)}
    R.sync_roles()
    second = {g.name: permissions_of(g) for g in Group.objects.filter(name__in=R.ALL_ROLES)}
    assert first == second
    assert Group.objects.filter(name__in=R.ALL_ROLES).count() == 15


def test_the_sync_roles_command_recreates_a_deleted_group():
    Group.objects.filter(name=R.LANH_DAO).delete()
    call_command("sync_roles", verbosity=0)
    assert permissions_of(Group.objects.get(name=R.LANH_DAO)) == R.collect_permissions()[R.LANH_DAO]


def test_an_unknown_permission_is_refused(monkeypatch):
    monkeypatch.setitem(R.PERMISSIONS, R.LANH_DAO, [*R.PERMISSIONS[R.LANH_DAO], "tiepdan_case.fly_case"])
    with pytest.raises(ValueError, match="fly_case"):
        R.sync_roles()


def test_an_unknown_role_is_refused(monkeypatch):
    monkeypatch.setitem(R.PERMISSIONS, "ke_toan", ["tiepdan_case.view_case"])
    with pytest.raises(ValueError, match="ke_toan"):
        R.collect_permissions()
