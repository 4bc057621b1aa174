"""Two township officials reviewing the same 民主法治示范村 application at the same moment: one
review lands, the other is told the application was handled meanwhile."""

import threading

import pytest
from conftest import make_user
from django.core.exceptions import ValidationError
from django.db import connection, connections

from xiangzhi.core.models import AuditEvent
from xiangzhi.regions.models import Region
from xiangzhi.safety.democracy import apply, review
from xiangzhi.safety.models import DemocracyApplication

from .safety_data import A1, TOWNSHIP_A

SCORES = {"organisation": 15, "election": 10, "decision": 12, "management": 9, "supervision": 9,
          "publicity": 14, "lawful_conduct": 13, "safety": 10}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two live connections need a server database")
def test_two_township_officials_reviewing_at_once(personas):
    second = make_user("township_a2", "township_official", TOWNSHIP_A)
    application = apply(personas.cadre_a1, Region.objects.get(pk=A1), year=2024, scores=SCORES)
    barrier = threading.Barrier(2)
    outcomes = {}

    def take(user, approve):
        try:
            seen = DemocracyApplication.objects.get(pk=application.pk)
            barrier.wait(timeout=10)
            review(user, seen, approve=approve, opinion=f"{user.username} 的意见")
            outcomes[user.username] = "landed"
        except ValidationError as error:
            outcomes[user.username] = error.messages[0]
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[user.username] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=args) for args in ((personas.township_a, True), (second, False))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == sorted(["landed", "该申报已被他人处理,请刷新后查看。"]), outcomes
    winner = next(name for name, outcome in outcomes.items() if outcome == "landed")
    application.refresh_from_db()
    assert application.township_reviewer.username == winner
    assert application.township_opinion == f"{winner} 的意见"
    assert application.status == ("township_passed" if winner == "township_a" else "rejected")
    assert AuditEvent.objects.filter(action="democracy_village.review_township").count() == 1
