"""Two migrations numbered 0006 were written in parallel (issue 13): the append-only issued documents and
the case tally. The tally was already applied to the shared full-scale database (`tiepdan_perf13`) under
its name, so it keeps it; this merge makes one leaf again. Nothing to do."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("tiepdan_report", "0006_append_only_issued_documents"),
        ("tiepdan_report", "0006_case_tally_kept_by_triggers"),
    ]

    operations = []
