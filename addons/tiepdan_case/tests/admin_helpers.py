"""Shared helpers of the admin tests: back-office users (staff) and the admin URLs."""

from django.urls import reverse

from addons.tiepdan_case.tests.factories import make_user


def staff_user(role, **kwargs):
    user = make_user(role, **kwargs)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def changelist(model):
    return reverse(f"admin:tiepdan_case_{model}_changelist")


def change(model, pk):
    return reverse(f"admin:tiepdan_case_{model}_change", args=[pk])


def add(model):
    return reverse(f"admin:tiepdan_case_{model}_add")


def transition(pk, action):
    return reverse("admin:tiepdan_case_case_transition", args=[pk, action])


def rows(response):
    """The objects of a changelist page."""
    return list(response.context["cl"].result_list)
