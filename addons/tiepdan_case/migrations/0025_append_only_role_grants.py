# Role grant requests are append-only once decided (tiepdan_case/append_only.py, rule `open_while`): the
# decision is written once, in the move out of "pending", and a decided request is never changed or
# deleted — refused by a trigger on PostgreSQL and on SQLite. The shared trigger function is replaced
# with the one that knows `open_while` ('!column' as its first argument); existing triggers keep theirs.

from django.db import migrations

from addons.tiepdan_case.append_only import install_triggers


class Migration(migrations.Migration):
    dependencies = [("tiepdan_case", "0024_list_indexes_on_live_rows")]

    operations = [install_triggers("tiepdan_case.RoleGrantRequest")]
