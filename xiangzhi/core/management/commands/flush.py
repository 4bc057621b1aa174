"""`flush` (empty the whole database), keeping the audit triggers of migration core 0002.

PostgreSQL empties tables with TRUNCATE, which row triggers do not see. SQLite empties them
with DELETE, which the trigger keeping young audit events refuses; so on SQLite this lifts
that one trigger for the flush and puts it back, all in one transaction. Transactional
tests flush the database after each test through this command.
"""

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections, transaction

GUARDED_TABLE = "core_auditevent"


class Command(DjangoFlush):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            return super().handle(**options)
        with transaction.atomic(using=connection.alias):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s "
                    "AND name LIKE %s",
                    [GUARDED_TABLE, GUARDED_TABLE + "_kept_%"],
                )
                triggers = cursor.fetchall()
                for name, _sql in triggers:
                    cursor.execute(f'DROP TRIGGER "{name}"')
            super().handle(**options)
            with connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)
