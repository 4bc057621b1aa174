"""The office page's per-office table (open, overdue, completed, average handling days, average
rating): one grouped database query, checked with known numbers, per scope."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xiangzhi.services import queries
from xiangzhi.services.models import Application

from .helpers import A1, B1, item, resident

pytestmark = pytest.mark.django_db

TOWNSHIP_A = "450321100"
NOW = timezone.now().replace(microsecond=0)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def known(personas):
    """Applications with chosen dates, states and ratings at three offices."""
    people = [resident(name=f"村民{n}", serial=40 + n) for n in range(6)]
    elsewhere = resident(name="白沙人", region="450321101200001", serial=60)
    certificate, pension = item("出具证明"), item("高龄津贴申请")
    user = personas.cadre_a1

    def made(person, office, state, *, service=certificate, days=None, rating=None, due=5 * DAY):
        submitted = NOW - 10 * DAY
        return Application.objects.create(
            item=service, applicant=person, region_id=person.region_id[:12], office_id=office, state=state,
            applied_by=user, submitted_at=submitted, deadline=NOW - 10 * DAY + due,
            finished_at=submitted + days if days is not None else None, rating=rating,
        )

    # The village A1: three completed (2, 1 and 3.5 days; rated 5, 4 and not rated), one
    # rejected after 9 days (counted nowhere but by itself), one open and overdue, one open in time.
    made(people[0], A1, "completed", days=2 * DAY, rating=5)
    made(people[1], A1, "completed", days=1 * DAY, rating=4)
    made(people[2], A1, "completed", days=3.5 * DAY)
    made(people[3], A1, "rejected", days=9 * DAY)
    made(people[4], A1, "in_progress", due=5 * DAY)
    made(people[5], A1, "materials_needed", due=20 * DAY)
    # The township A: one completed in 12 hours rated 3, one open in time.
    made(people[0], TOWNSHIP_A, "completed", service=pension, days=DAY / 2, rating=3)
    made(people[1], TOWNSHIP_A, "in_progress", service=pension, due=30 * DAY)
    # The village B1 (another township): one open, overdue.
    made(elsewhere, B1, "in_progress")


def test_per_office_numbers(known, personas):
    with CaptureQueriesContext(connection) as queries_run:
        rows = queries.overview(personas.county, now=NOW)
    assert len([q for q in queries_run.captured_queries if "services_application" in q["sql"]]) == 1
    assert rows == [
        {"office": TOWNSHIP_A, "name": "阳朔镇", "open": 1, "overdue": 0, "completed": 1,
         "average_days": 0.5, "average_rating": 3.0},
        {"office": A1, "name": "矮山村委会", "open": 2, "overdue": 1, "completed": 3,
         "average_days": 2.2, "average_rating": 4.5},
        {"office": B1, "name": "白沙村委会", "open": 1, "overdue": 1, "completed": 0,
         "average_days": None, "average_rating": None},
    ]
    # A township sees its own offices only; a village cadre its village.
    assert [row["office"] for row in queries.overview(personas.township_a, now=NOW)] == [TOWNSHIP_A, A1]
    assert [row["office"] for row in queries.overview(personas.cadre_b1, now=NOW)] == [B1]


def test_office_page_table(known, personas, login):
    page = login(personas.county).get("/services/office/").content.decode()
    table = page[page.index('id="overview"'):page.index("</table>", page.index('id="overview"'))]
    assert ("<tr><td>矮山村委会</td><td>2</td><td>1</td><td>3</td><td>2.2</td><td>4.5</td></tr>" in table)
    assert ("<tr><td>白沙村委会</td><td>1</td><td>1</td><td>0</td><td>—</td><td>—</td></tr>" in table)
    assert ("<tr><td>阳朔镇</td><td>1</td><td>0</td><td>1</td><td>0.5</td><td>3.0</td></tr>" in table)
    other = login(personas.township_b).get("/services/office/").content.decode()
    assert "矮山村委会" not in other and "<td>白沙村委会</td><td>1</td><td>1</td>" in other
