"""Two cadres of one village add a 屯 at the same moment: each gets its own code."""

import threading

import pytest
from django.db import connection

from xiangzhi.regions import actions
from xiangzhi.regions.models import Region

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # SQLite runs one writer at a time (IMMEDIATE transactions wait on the file lock), so
    # there is no race to test; and the test run's in-memory shared-cache database answers
    # a second writer with "table is locked" instead of waiting. test_subunits.py covers
    # the retry path on both databases.
    pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite serialises writers"),
]

A1 = "450321100200"


def test_simultaneous_additions_never_share_a_code(personas):
    village = Region.objects.get(code=A1)
    start = threading.Barrier(2)
    codes, errors = [], []

    def add(user, name):
        try:
            start.wait()
            codes.append(actions.add_natural_village(user, village, name).code)
        except Exception as error:  # reported below, so a failure names its cause
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=add, args=(personas.cadre_a1, "东屯")),
        threading.Thread(target=add, args=(personas.secretary_a1, "西屯")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    assert sorted(codes) == [A1 + "003", A1 + "004"]
    assert set(Region.objects.filter(code__in=codes).values_list("name", flat=True)) == {"东屯", "西屯"}


def test_simultaneous_additions_of_one_name_make_one_unit(personas):
    village = Region.objects.get(code=A1)
    start = threading.Barrier(2)
    codes, errors = [], []

    def add(user):
        try:
            start.wait()
            codes.append(actions.add_grid(user, village, "第二网格").code)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(user,)) for user in (personas.cadre_a1, personas.secretary_a1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert codes == [A1 + "W02"]
    assert len(errors) == 1 and "本村已有名为“第二网格”的网格" in str(errors[0])
    assert Region.objects.filter(parent_id=A1, name="第二网格").count() == 1
