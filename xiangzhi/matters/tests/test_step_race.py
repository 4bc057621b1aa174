"""Two cadres recording the same step at the same moment: exactly one step is recorded."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from xiangzhi.assembly.models import Body
from xiangzhi.matters import actions
from xiangzhi.matters.models import MatterState, MatterStep

from .helpers import A1, Village, fresh, register


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two live connections need a server database")
def test_two_cadres_recording_the_same_step_at_once(personas):
    village = Village(A1)
    matter = register(personas)
    first = village.hold(personas.cadre_a1, Body.PARTY_ORGANISATION, title="支委会一")
    second = village.hold(personas.cadre_a1, Body.PARTY_ORGANISATION, title="支委会二")
    barrier = threading.Barrier(2)
    outcomes = []

    def record(user, resolution):
        try:
            seen = fresh(matter)
            barrier.wait(timeout=10)
            actions.record_step(user, seen, 1, resolution_id=resolution.pk)
            outcomes.append("recorded")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=record, args=(personas.cadre_a1, first)),
        threading.Thread(target=record, args=(personas.secretary_a1, second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["recorded", "该事项已被他人处理,请刷新后重试。"]
    assert fresh(matter).state == MatterState.PROPOSED
    assert MatterStep.objects.filter(matter=matter).count() == 1
