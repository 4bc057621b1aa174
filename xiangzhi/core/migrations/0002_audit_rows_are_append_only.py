"""Audit events and workflow history are append-only in the database too.

The application already refuses to update or delete them (core.models.AppendOnlyModel);
these triggers make the database refuse as well, whatever SQL is sent: no UPDATE of an
audit event, a workflow step or a step attachment, and no DELETE of an audit event
younger than 180 days (DESIGN.md). Both databases raise an integrity error.
"""

from django.db import migrations

RETENTION_DAYS = 180
APPEND_ONLY_TABLES = ("core_auditevent", "core_workflowstep", "core_stepattachment")

SQLITE_FORWARD = [
    *(
        f"""
        CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END
        """
        for table in APPEND_ONLY_TABLES
    ),
    # Django stores datetimes on SQLite as UTC text 'YYYY-MM-DD HH:MM:SS[.ffffff]',
    # which sorts like the strftime value below.
    f"""
    CREATE TRIGGER core_auditevent_kept_{RETENTION_DAYS}_days BEFORE DELETE ON core_auditevent
    WHEN OLD.occurred_at > strftime('%Y-%m-%d %H:%M:%f', 'now', '-{RETENTION_DAYS} days')
    BEGIN SELECT RAISE(ABORT, 'audit events are kept {RETENTION_DAYS} days'); END
    """,
]
SQLITE_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {table}_no_update" for table in APPEND_ONLY_TABLES),
    f"DROP TRIGGER IF EXISTS core_auditevent_kept_{RETENTION_DAYS}_days",
]

POSTGRESQL_FORWARD = [
    """
    CREATE FUNCTION core_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
    END
    $$
    """,
    *(
        f"""
        CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
        FOR EACH ROW EXECUTE FUNCTION core_refuse_update()
        """
        for table in APPEND_ONLY_TABLES
    ),
    f"""
    CREATE FUNCTION core_auditevent_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF OLD.occurred_at > now() - interval '{RETENTION_DAYS} days' THEN
            RAISE EXCEPTION 'audit events are kept {RETENTION_DAYS} days' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN OLD;
    END
    $$
    """,
    f"""
    CREATE TRIGGER core_auditevent_kept_{RETENTION_DAYS}_days BEFORE DELETE ON core_auditevent
    FOR EACH ROW EXECUTE FUNCTION core_auditevent_keep()
    """,
]
POSTGRESQL_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {table}_no_update ON {table}" for table in APPEND_ONLY_TABLES),
    f"DROP TRIGGER IF EXISTS core_auditevent_kept_{RETENTION_DAYS}_days ON core_auditevent",
    "DROP FUNCTION IF EXISTS core_refuse_update()",
    "DROP FUNCTION IF EXISTS core_auditevent_keep()",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
}


def _run(schema_editor, direction):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"append-only triggers are not written for {vendor}")
    for statement in STATEMENTS[vendor][direction]:
        schema_editor.execute(statement, params=None)


def create_triggers(apps, schema_editor):
    _run(schema_editor, 0)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
    ]
