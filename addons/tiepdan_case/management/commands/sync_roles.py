from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from addons.tiepdan_case import roles


class Command(BaseCommand):
    help = "Create the role groups and give each exactly the permissions declared in the modules' roles.py."

    def handle(self, *args, **options):
        with transaction.atomic():
            roles.sync_roles()
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(_("%(count)d role groups synchronised.") % {"count": len(roles.ALL_ROLES)})
            )
