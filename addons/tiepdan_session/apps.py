from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TiepdanSessionConfig(AppConfig):
    """Reception sessions, minutes, directives and follow-up (built on tiepdan_bridge)."""

    name = "addons.tiepdan_session"
    label = "tiepdan_session"
    verbose_name = _("Reception sessions")

    def ready(self):
        from addons.tiepdan_bridge.services.archive import register_read_check
        from addons.tiepdan_case.scoping import register_case_scope
        from addons.tiepdan_case.services.case_workflow import register_guard
        from addons.tiepdan_case.signals import case_left_schedule

        from .scoping import directive_case_scope, dossier_case_scope
        from .services.directives import open_directives_problem
        from .services.recordings import entry_read_check

        register_case_scope(dossier_case_scope)
        register_case_scope(directive_case_scope)
        register_guard("close", open_directives_problem)
        register_read_check(entry_read_check)  # a session's recording of a denunciation: handlers only
        from .services.deletion import register as register_deletion_rules

        register_deletion_rules()  # soft delete of sessions and directives (issue 12)
        case_left_schedule.connect(take_case_off_agendas, dispatch_uid="tiepdan_session_case_left")


def take_case_off_agendas(sender, case, actor=None, reason="", **kwargs):
    """A case went back from `scheduled` to `accepted`: it leaves every open agenda (TEAM.md interface 2)."""
    from .services.planning import take_case_off_open_agendas

    take_case_off_open_agendas(case, actor=actor, reason=reason)
