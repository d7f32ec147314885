from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from addons.tiepdan_case.data.reference import load_all


class Command(BaseCommand):
    help = "Load (or refresh) the administrative units, agencies and holidays. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            load_all(apps)
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(_("Reference data loaded.")))
