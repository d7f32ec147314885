"""Append-only rows (issue 12): the one way to declare that a model's rows are never changed or deleted.

A model declares it by inheriting `AppendOnlyModel` (its managers use `AppendOnlyQuerySet`). By default a
row is final as soon as it is written (history, identity-access rows, signed archive entries). A row with a
life before it is final says so with a rule: an outbox message is final once sent, and then only its
"read" time may still be set, once:

    append_only = AppendOnlyRule(final_when=("status", "sent"), write_once=("read_at",))

A row that waits for one decision is open while it waits, and final after: a role grant request takes
its decision (state, by whom, when, why) in the one move out of "pending", and is then frozen:

    append_only = AppendOnlyRule(open_while=("state", "pending"))

Three layers refuse a change to a final row, each tested (tests/test_append_only_*.py):
- the model and its queryset: `save()` of a final row, `delete()`, `QuerySet.update()/delete()/
  bulk_update()` and deletions cascading from another row raise `AppendOnlyError` (a PermissionError);
- the admin and the API offer no change or delete (ReadOnlyAdminMixin, read-only viewsets);
- the database: a trigger refuses UPDATE and DELETE of a final row, on PostgreSQL (one PL/pgSQL function,
  `tiepdan_append_only`, the rule passed as trigger arguments) and on SQLite. A migration installs them
  with `install_triggers("app_label", "Model")`.

What still works: inserting; a whole-database flush (PostgreSQL's TRUNCATE fires no row trigger; on SQLite
the `flush` command lifts the triggers for its DELETEs and puts them back: management/commands/flush.py);
SQLite table rebuilds (an ALTER drops a table's triggers: they are re-created after every `migrate`,
apps.py). A data migration that must rewrite history (there is none) says so with `suspended(...)`.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps as global_apps
from django.db import connections, models
from django.db.models.signals import pre_delete

FUNCTION = "tiepdan_append_only"


class AppendOnlyError(PermissionError):
    """Raised on any attempt to change or delete an append-only row."""

    def __init__(self, message=None):
        super().__init__(message or "Append-only rows can never be changed or deleted.")


@dataclass(frozen=True)
class AppendOnlyRule:
    # (field, value): a row is final once that field holds that value; None: final from the insert.
    final_when: tuple[str, str] | None = None
    # Fields a final row may still set once (from empty to a value), e.g. when a notice was read.
    write_once: tuple[str, ...] = ()
    # (field, value): the other way round, for a row that waits for one decision: it may still change
    # while that field holds that value (a pending request), and is final once it holds any other.
    open_while: tuple[str, str] | None = None

    def __post_init__(self):
        if self.final_when is not None and self.open_while is not None:
            raise ValueError("An append-only rule has final_when or open_while, not both.")

    def final_q(self) -> models.Q:
        if self.open_while is not None:
            field, value = self.open_while
            return ~models.Q(**{field: value})
        if self.final_when is None:
            return models.Q()
        field, value = self.final_when
        return models.Q(**{field: value})

    def is_final(self, values: dict) -> bool:
        if self.open_while is not None:
            field, value = self.open_while
            return values.get(field) != value
        if self.final_when is None:
            return True
        field, value = self.final_when
        return values.get(field) == value

    @property
    def always_final(self) -> bool:
        return self.final_when is None and self.open_while is None


def rule_of(model) -> AppendOnlyRule:
    return model.append_only


def append_only_models(apps=global_apps):
    """Every concrete append-only model of the project (proxies share their parent's table)."""
    return [
        model
        for model in apps.get_models()
        if isinstance(getattr(model, "append_only", None), AppendOnlyRule)
        and not model._meta.proxy
        and model._meta.managed
    ]


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses every bulk write to final rows. Combine it with a scoped queryset:
    `class EntryQuerySet(AppendOnlyQuerySet, scoped_queryset("entries_visible_to"))`."""

    def _final(self):
        return self.filter(rule_of(self.model).final_q())

    def update(self, **kwargs):
        rule = rule_of(self.model)
        if rule.always_final:
            raise AppendOnlyError()
        final = self._final()
        if set(kwargs) <= set(rule.write_once):
            # Setting a write-once field is allowed on final rows where it is still empty.
            taken = models.Q()
            for name in kwargs:
                taken |= models.Q(**{f"{name}__isnull": False})
            if final.filter(taken).exists():
                raise AppendOnlyError()
        elif final.exists():
            raise AppendOnlyError()
        return super().update(**kwargs)

    def delete(self):
        if rule_of(self.model).always_final or self._final().exists():
            raise AppendOnlyError()
        return super().delete()

    def bulk_update(self, objs, fields, batch_size=None):
        pks = [obj.pk for obj in objs]
        if rule_of(self.model).always_final or self._final().filter(pk__in=pks).exists():
            raise AppendOnlyError()
        return super().bulk_update(objs, fields, batch_size=batch_size)

    update.queryset_only = True
    delete.queryset_only = True


class AppendOnlyModel(models.Model):
    append_only = AppendOnlyRule()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # A deletion cascading from another row (a user, a case) reaches the row without its delete().
        pre_delete.connect(_refuse_delete, sender=cls, weak=False, dispatch_uid=f"append_only:{id(cls)}")

    def _stored_values(self):
        names = [f.attname for f in self._meta.concrete_fields]
        return (
            type(self)
            ._base_manager.using(self._state.db or "default")
            .filter(pk=self.pk)
            .values(*names)
            .first()
        )

    def save(self, *args, **kwargs):
        if self._state.adding and not kwargs.get("force_update") and not kwargs.get("update_fields"):
            kwargs["force_insert"] = True  # a copy with an existing primary key never overwrites it
            return super().save(*args, **kwargs)
        rule = rule_of(type(self))
        stored = None if rule.always_final else self._stored_values()
        if stored is None:  # final from the insert, or no such row to update
            raise AppendOnlyError()
        if rule.is_final(stored):
            changed = {
                f.attname for f in self._meta.concrete_fields if getattr(self, f.attname) != stored[f.attname]
            }
            if not changed <= {name for name in rule.write_once if stored[name] is None}:
                raise AppendOnlyError()
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_delete(type(self), self)
        return super().delete(*args, **kwargs)


def _refuse_delete(sender, instance, **kwargs):
    rule = rule_of(sender)
    values = {f.attname: getattr(instance, f.attname) for f in sender._meta.concrete_fields}
    if rule.is_final(values):
        raise AppendOnlyError()


# --- database triggers ------------------------------------------------------------------------------

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
DECLARE
    -- '' (final from the insert), 'column' (final once it holds final_value) or '!column' (open while it
    -- holds final_value, final once it holds any other: a request waiting for its decision).
    final_column text := TG_ARGV[0];
    final_value text := TG_ARGV[1];
    write_once text[] := TG_ARGV[2:];
    old_row jsonb := to_jsonb(OLD);
    new_row jsonb;
    name text;
    still_open boolean := false;
BEGIN
    IF left(final_column, 1) = '!' THEN
        still_open := (old_row ->> substr(final_column, 2)) IS NOT DISTINCT FROM final_value;
    ELSIF final_column <> '' THEN
        still_open := (old_row ->> final_column) IS DISTINCT FROM final_value;
    END IF;
    -- Not final yet (a message still being delivered, a request not decided): it may still change or go.
    IF still_open THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND cardinality(write_once) > 0 THEN
        new_row := to_jsonb(NEW);
        IF (new_row - write_once) = (old_row - write_once) THEN
            FOREACH name IN ARRAY write_once LOOP
                IF old_row -> name <> 'null'::jsonb AND (old_row -> name) IS DISTINCT FROM (new_row -> name) THEN
                    RAISE EXCEPTION 'append-only (immutable) table %: % of % refused', TG_TABLE_NAME, TG_OP, name
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
            END LOOP;
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'append-only (immutable) table %: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def _literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _names(model):
    table = model._meta.db_table
    return {
        "postgresql": [f"{table}_append_only"],
        "sqlite": [f"{table}_append_only_u", f"{table}_append_only_d"],
    }


def _column(model, name):
    return model._meta.get_field(name).column


def _postgres_create(model):
    rule, table = rule_of(model), model._meta.db_table
    if rule.open_while is not None:
        args = ["!" + _column(model, rule.open_while[0]), rule.open_while[1]]
    elif rule.final_when is not None:
        args = [_column(model, rule.final_when[0]), rule.final_when[1]]
    else:
        args = ["", ""]
    args += [_column(model, name) for name in rule.write_once]
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW "
        f"EXECUTE FUNCTION {FUNCTION}({', '.join(_literal(a) for a in args)})",
    ]


def _sqlite_create(model):
    rule, table = rule_of(model), model._meta.db_table
    final = ""
    if rule.open_while is not None:
        final = f'OLD."{_column(model, rule.open_while[0])}" IS NOT {_literal(rule.open_while[1])}'
    elif rule.final_when is not None:
        final = f'OLD."{_column(model, rule.final_when[0])}" = {_literal(rule.final_when[1])}'
    write_once = {_column(model, name) for name in rule.write_once}
    update_when = final
    if write_once:
        others = [f.column for f in model._meta.concrete_fields if f.column not in write_once]
        changed = " OR ".join(f'NEW."{c}" IS NOT OLD."{c}"' for c in others)
        rewritten = " OR ".join(
            f'(OLD."{c}" IS NOT NULL AND NEW."{c}" IS NOT OLD."{c}")' for c in sorted(write_once)
        )
        update_when = f"({final}) AND ({changed} OR {rewritten})" if final else f"{changed} OR {rewritten}"
    message = f"append-only (immutable) table {table}: %s refused"
    names = _names(model)["sqlite"]
    return [
        *(f"DROP TRIGGER IF EXISTS {name}" for name in names),
        f"CREATE TRIGGER {names[0]} BEFORE UPDATE ON {table} FOR EACH ROW"
        + (f" WHEN {update_when}" if update_when else "")
        + f" BEGIN SELECT RAISE(ABORT, {_literal(message % 'UPDATE')}); END",
        f"CREATE TRIGGER {names[1]} BEFORE DELETE ON {table} FOR EACH ROW"
        + (f" WHEN {final}" if final else "")
        + f" BEGIN SELECT RAISE(ABORT, {_literal(message % 'DELETE')}); END",
    ]


def create_triggers(connection, model_list):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTION)
            for model in model_list:
                for sql in _postgres_create(model):
                    cursor.execute(sql)
        elif connection.vendor == "sqlite":
            for model in model_list:
                for sql in _sqlite_create(model):
                    cursor.execute(sql)


def drop_triggers(connection, model_list):
    with connection.cursor() as cursor:
        for model in model_list:
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            elif connection.vendor == "sqlite":
                for name in _names(model)["sqlite"]:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def trigger_names(connection, model) -> list[str]:
    """The append-only triggers the database holds for a model's table (tests and the health check)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal "
                "AND tgname LIKE %s AND tgenabled <> 'D'",
                [table, "%append_only%"],
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s AND name LIKE %s",
                [table, "%append_only%"],
            )
        return sorted(row[0] for row in cursor.fetchall())


@contextmanager
def suspended(connection, model_list):
    """Lifts the triggers of these models for the duration of the block (a flush, a deliberate data
    migration), and always puts them back."""
    drop_triggers(connection, model_list)
    try:
        yield
    finally:
        create_triggers(connection, model_list)


def install_triggers(*model_labels):
    """A migration operation: `install_triggers("tiepdan_case.AuditEvent", ...)` creates the triggers from
    the migration's own state of the models; reversing it drops them."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        # Historical models carry no class attributes: the rule comes from the current model.
        pairs = [(apps.get_model(label), global_apps.get_model(label)) for label in model_labels]
        create_triggers(schema_editor.connection, [_with_rule(old, new) for old, new in pairs])

    def backwards(apps, schema_editor):
        drop_triggers(schema_editor.connection, [apps.get_model(label) for label in model_labels])

    return migrations.RunPython(forwards, backwards)


def _with_rule(historical, current):
    historical.append_only = current.append_only
    return historical


def recreate_sqlite_triggers(using="default", **kwargs):
    """After `migrate` and `flush` (post_migrate): SQLite rebuilds a table to alter it, which drops its
    triggers; put every append-only table's back. PostgreSQL keeps them through ALTER TABLE."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        existing = set(connection.introspection.table_names())
        create_triggers(connection, [m for m in append_only_models() if m._meta.db_table in existing])
