"""Two legal advisors answering the same request for help at the same moment: one answer lands,
the other is refused and the request keeps the first answer."""

import threading

import pytest
from conftest import make_user
from django.core.exceptions import ValidationError
from django.db import connection, connections

from xiangzhi.core.models import AuditEvent
from xiangzhi.legal import actions
from xiangzhi.legal.models import HelpRequest

from .legal_data import A1, advisor_user


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two live connections need a server database")
def test_two_advisors_answering_at_once(personas):
    village_advisor = advisor_user()
    township_advisor = make_user("lawyer_town", "legal_advisor", "450321100")
    request = actions.ask_for_help(personas.villager_a1, A1, kind="consultation", question="邻居占了我家宅基地怎么办?")
    barrier = threading.Barrier(2)
    outcomes = {}

    def answer(user):
        try:
            seen = HelpRequest.objects.get(pk=request.pk)
            barrier.wait(timeout=10)
            actions.answer_request(user, seen, answer=f"{user.username} 的答复")
            outcomes[user.username] = "landed"
        except ValidationError as error:
            outcomes[user.username] = error.messages[0]
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes[user.username] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(user,)) for user in (village_advisor, township_advisor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == sorted(["landed", "该求助已答复,不能重复答复。"]), outcomes
    winner = next(name for name, outcome in outcomes.items() if outcome == "landed")
    request.refresh_from_db()
    assert request.state == "answered" and request.answered_by.username == winner
    assert request.answer == f"{winner} 的答复"
    assert AuditEvent.objects.filter(action="legal_request.answer").count() == 1
