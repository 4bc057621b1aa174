"""Two publishers append at the same moment: no gap, no duplicate, one consistent tree."""

import threading

import pytest
from django.db import connection, transaction

from xiangzhi.translog import log
from xiangzhi.translog.models import LogEntry, SignedTreeHead
from xiangzhi.translog.verification import verify_log

from .conftest import make_regions

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # SQLite runs one writer at a time (IMMEDIATE transactions), so there is no race to test.
    pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite serialises writers"),
]


def run_together(*targets):
    start = threading.Barrier(len(targets))
    errors = []

    def run(target):
        try:
            start.wait()
            target()
        except Exception as error:  # reported below, so a failure names its cause
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


def test_concurrent_appends_give_gap_free_indexes_and_a_consistent_tree(region_kind):
    first, second = make_regions(12, prefix="97"), make_regions(12, prefix="98")

    def publish(regions):
        def target():
            for region in regions:
                with transaction.atomic():
                    log.append(region, region_kind)
        return target

    assert run_together(publish(first), publish(second)) == []

    assert sorted(LogEntry.objects.values_list("index", flat=True)) == list(range(24))
    assert list(SignedTreeHead.objects.values_list("tree_size", flat=True)) == list(range(1, 25))
    report = verify_log()
    assert report.problems == []


def test_two_publishes_of_one_item_make_one_entry(region_kind):
    region = make_regions(1)[0]

    def publish():
        with transaction.atomic():
            log.append(region, region_kind)

    assert run_together(publish, publish) == []
    assert LogEntry.objects.count() == 1
    assert SignedTreeHead.objects.count() == 1
