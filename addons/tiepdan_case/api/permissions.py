"""Which verbs a role may use, from the model permissions its group holds (roles.py).

Which rows: `Model.objects.visible_to(user)` in each view (out of scope → 404).
Workflow moves are checked by `services.case_workflow.perform` (role per action), not here.
"""

from rest_framework.permissions import DjangoModelPermissions


class RoleModelPermissions(DjangoModelPermissions):
    """Reading needs only a signed-in user (the queryset decides the rows); writing needs the model
    permission: POST → add, PUT/PATCH → change, DELETE → delete. Actions named in the view's
    `workflow_actions` are left to the service, which checks the role for each move."""

    perms_map = {
        "GET": [],
        "OPTIONS": [],
        "HEAD": [],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }

    def has_permission(self, request, view):
        if request.method not in view.allowed_methods:
            return bool(request.user and request.user.is_authenticated)  # the view answers 405
        if getattr(view, "action", None) in getattr(view, "workflow_actions", ()):
            return bool(request.user and request.user.is_authenticated)
        if not self.perms_map.get(request.method, True):
            # A read needs no model permission: DRF would still build the view's queryset only to learn
            # its model, and a scoped queryset is not free to build (a commune clerk's scope fetches its
            # ids first: two queries more on every API read, issue 13).
            return bool(request.user and request.user.is_authenticated)
        return super().has_permission(request, view)
