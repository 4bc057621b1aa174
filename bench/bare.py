"""A minimal Django view: run one SQL statement and write its rows out as plain text."""

from django.db import connection
from django.http import HttpResponse

# Set by the page bench to the SQL captured from the real page.
SQL = {"statement": None}


def bare_rows(request):
    with connection.cursor() as cursor:
        cursor.execute(SQL["statement"])
        rows = cursor.fetchall()
    return HttpResponse("\n".join("\t".join(str(value) for value in row) for row in rows), content_type="text/plain")
