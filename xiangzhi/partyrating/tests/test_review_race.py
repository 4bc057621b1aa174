"""Two township officials reviewing the same evaluation at the same moment: one review lands, the
other is told the evaluation was handled meanwhile."""

import threading

import pytest
from conftest import make_user
from django.core.exceptions import ValidationError
from django.db import connection, connections

from xiangzhi.core.models import AuditEvent
from xiangzhi.partyrating.evaluations import review, self_assess, submit
from xiangzhi.partyrating.models import Evaluation

from .rating_data import A1, TOWNSHIP_A, YEAR, branch, scores


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two live connections need a server database")
def test_two_township_officials_reviewing_at_once(personas):
    second = make_user("township_a2", "township_official", TOWNSHIP_A)
    evaluation = self_assess(personas.secretary_a1, branch(A1), YEAR, scores=scores(15))
    submit(personas.secretary_a1, evaluation)
    barrier = threading.Barrier(2)
    outcomes = {}

    def take(user, each):
        try:
            seen = Evaluation.objects.get(pk=evaluation.pk)
            barrier.wait(timeout=10)
            review(user, seen, approve=True, scores=scores(each), opinion=f"{user.username} 的意见")
            outcomes[user.username] = "landed"
        except ValidationError as error:
            outcomes[user.username] = error.messages[0]
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[user.username] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=args) for args in ((personas.township_a, 16), (second, 12))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == sorted(["landed", "该评定已被他人处理,请刷新后查看。"]), outcomes
    winner = next(name for name, outcome in outcomes.items() if outcome == "landed")
    evaluation.refresh_from_db()
    assert evaluation.township_reviewer.username == winner
    assert evaluation.score == (80 if winner == "township_a" else 60)
    assert evaluation.state == "township_reviewed"
    assert AuditEvent.objects.filter(action="partyrating.review_township").count() == 1
