"""Two mediators taking the same case at the same moment: one wins."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from xiangzhi.mediation import actions
from xiangzhi.mediation.models import DisputeState
from xiangzhi.core.models import WorkflowStep

from .helpers import fresh, intake


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two live connections need a server database")
def test_two_mediators_taking_the_same_case_at_once(personas):
    dispute = intake(personas.cadre_a1)
    barrier = threading.Barrier(2)
    outcomes = []

    def take(user):
        try:
            seen = fresh(dispute)
            barrier.wait(timeout=10)
            actions.take_case(user, seen)
            outcomes.append(user.username)
        except ValidationError as error:
            outcomes.append(error.messages[0])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(user,)) for user in (personas.cadre_a1, personas.secretary_a1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert "该事项已被他人处理,请刷新后重试。" in outcomes
    winner = next(name for name in outcomes if name in ("cadre_a1", "secretary_a1"))
    dispute = fresh(dispute)
    assert dispute.state == DisputeState.MEDIATING and dispute.mediator.username == winner
    assert WorkflowStep.objects.filter(workflow="dispute", transition="take").count() == 1
