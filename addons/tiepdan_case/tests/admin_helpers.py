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


def _field_values(form) -> dict:
    data = {}
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False:
            continue
        if value is True:
            data[key] = "on"
        elif isinstance(value, (list, tuple)):
            data[key] = [str(getattr(v, "pk", v)) for v in value]
        elif hasattr(value, "strftime"):
            data[key] = value.strftime("%d/%m/%Y")
        else:
            data[key] = str(getattr(value, "pk", value))
    return data


def form_data(response) -> dict:
    """What a browser would post back from an admin change page as rendered: the main form's values and
    every inline formset with its management form (so a test changes only what it means to change)."""
    context = response.context
    data = _field_values(context["adminform"].form)
    for inline in context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update(_field_values(formset.management_form))
        for form in formset.forms:
            data.update(_field_values(form))
    return data
