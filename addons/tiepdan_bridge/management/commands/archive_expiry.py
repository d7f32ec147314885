"""List the archive entries whose retention period is over and that are not on legal hold.

Only a list, for a person to decide (NĐ 154 art. 24: recordings are kept; nothing is deleted before its time,
and this command deletes nothing). Exit 0 whether or not there are candidates.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ...services import archive as archive_service


class Command(BaseCommand):
    help = "List archive entries past their retention period and not on legal hold (deletes nothing)."

    def handle(self, *args, **options):
        candidates = archive_service.expiry_candidates()
        for entry in candidates:
            self.stdout.write(
                _("#%(id)s %(name)s (%(owner)s): signed %(signed)s, kept until %(until)s")
                % {
                    "id": entry.pk,
                    "name": entry.name,
                    "owner": entry.owner_ref,
                    "signed": f"{entry.signed_at:%d/%m/%Y}",
                    "until": f"{entry.retain_until:%d/%m/%Y}",
                }
            )
        self.stdout.write(
            _("%(count)s entries past their retention period and not on legal hold; nothing was deleted.")
            % {"count": len(candidates)}
        )
