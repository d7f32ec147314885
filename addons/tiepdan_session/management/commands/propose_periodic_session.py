"""Propose next month's periodic reception session as a draft (Luật TCD art. 12.5)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from addons.tiepdan_session.services.periodic import propose_next_month


class Command(BaseCommand):
    help = "Propose next month's periodic reception session as a draft, unless one exists."

    def handle(self, *args, **options):
        session = propose_next_month()
        if session is None:
            self.stdout.write(
                _("Next month already has a periodic session (or no chair or host site): nothing proposed.")
            )
        else:
            self.stdout.write(
                _("Proposed %(code)s on %(day)s.")
                % {"code": session.code, "day": session.date.strftime("%d/%m/%Y")}
            )
