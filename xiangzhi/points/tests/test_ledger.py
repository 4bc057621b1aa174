"""The ledger: balances are sums, entries are append-only, and a balance never goes below zero,
also when 16 deductions race on PostgreSQL."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from xiangzhi.core.models import AuditEvent
from xiangzhi.points import ledger, rules
from xiangzhi.points.models import EntryKind, PointsEntry

from .points_data import A1, adopted_rules, make_household, seed_points

pytestmark = pytest.mark.django_db


def test_balance_is_the_sum_of_entries_and_each_entry_is_audited(personas):
    household = make_household()
    other = make_household()
    assert ledger.balance(household) == 0
    seed_points(personas.cadre_a1, household, 10)
    seed_points(personas.cadre_a1, household, 5)
    seed_points(personas.cadre_a1, other, 7)
    with transaction.atomic():
        entry = ledger.post_entry(personas.cadre_a1, household, -12, kind=EntryKind.REDEMPTION, reason="兑换毛巾",
                                  source=("shop.redemption", 42))
    assert ledger.balance(household) == 3
    assert ledger.balance(other) == 7
    assert (entry.village_id, entry.source_type, entry.source_id) == (A1, "shop.redemption", "42")
    event = AuditEvent.objects.filter(action="points.entry", target_id=str(entry.pk)).get()
    assert event.changes["balance"] == [15, 3] and event.region_code == A1


def test_a_negative_entry_beyond_the_balance_is_refused_and_nothing_written(personas):
    household = make_household()
    seed_points(personas.cadre_a1, household, 5)
    with pytest.raises(ValidationError) as error, transaction.atomic():
        ledger.post_entry(personas.cadre_a1, household, -6, kind=EntryKind.REDEMPTION, reason="兑换")
    assert error.value.message_dict["points"] == ["积分不足:现有 5 分,需要 6 分。"]
    assert PointsEntry.objects.filter(household=household).count() == 1
    assert ledger.balance(household) == 5


def test_zero_points_empty_reason_and_unknown_kind_are_refused(personas):
    household = make_household()
    for kwargs, field in (
        ({"points": 0, "kind": EntryKind.AWARD, "reason": "x"}, "points"),
        ({"points": 3, "kind": EntryKind.AWARD, "reason": "  "}, "reason"),
        ({"points": 3, "kind": "gift", "reason": "x"}, "kind"),
    ):
        points = kwargs.pop("points")
        with pytest.raises(ValidationError) as error, transaction.atomic():
            ledger.post_entry(personas.cadre_a1, household, points, **kwargs)
        assert field in error.value.message_dict
    assert not PointsEntry.objects.exists()


def test_the_database_refuses_a_zero_entry_and_a_second_reversal(personas):
    household = make_household()
    original = seed_points(personas.cadre_a1, household, 4)
    PointsEntry.objects.create(village_id=A1, household=household, points=-4, kind=EntryKind.REVERSAL,
                               reason="冲正", refers_to=original)
    with pytest.raises(IntegrityError), transaction.atomic():
        PointsEntry.objects.create(village_id=A1, household=household, points=-4, kind=EntryKind.REVERSAL,
                                   reason="再冲正", refers_to=original)
    with pytest.raises(IntegrityError), transaction.atomic():
        PointsEntry.objects.create(village_id=A1, household=household, points=0, kind=EntryKind.AWARD, reason="零")


def test_points_for_gives_the_item_of_the_version_in_force(personas):
    assert rules.points_for(A1, "volunteer_hour") is None
    first = adopted_rules(personas.cadre_a1)
    item, points = rules.points_for(A1, "volunteer_hour")
    assert (item.rule_set_id, points) == (first.pk, 1)
    assert rules.points_for(A1, "no_such_item") is None
    assert rules.points_for("450321100202", "volunteer_hour") is None
    second = rules.create_draft(personas.cadre_a1, A1, title="第二版")
    rules.remove_item(personas.cadre_a1, second.items.get(code="volunteer_hour"))
    rules.add_item(personas.cadre_a1, second, code="volunteer_hour", name="志愿服务每小时", points=2)
    assert rules.points_for(A1, "volunteer_hour")[1] == 1  # the draft is not in force yet
    rules.adopt(personas.cadre_a1, second, adopted_on=datetime.date(2025, 3, 1), body="villagers_assembly")
    item, points = rules.points_for(A1, "volunteer_hour")
    assert (item.rule_set_id, points) == (second.pk, 2)


@pytest.mark.django_db(transaction=True)
def test_sixteen_concurrent_deductions_never_take_the_balance_below_zero(personas):
    if connection.vendor != "postgresql":
        pytest.skip("the race needs PostgreSQL")
    household = make_household()
    seed_points(personas.cadre_a1, household, 50)
    barrier = threading.Barrier(16)
    outcomes = []
    lock = threading.Lock()

    def deduct():
        from django.db import connection as thread_connection
        try:
            barrier.wait()
            with transaction.atomic():
                ledger.post_entry(personas.cadre_a1, household, -7, kind=EntryKind.REDEMPTION, reason="兑换")
            result = "ok"
        except ValidationError:
            result = "refused"
        finally:
            thread_connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=deduct) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 7 and outcomes.count("refused") == 9
    assert ledger.balance(household) == 1
    assert PointsEntry.objects.filter(household=household, kind=EntryKind.REDEMPTION).count() == 7
