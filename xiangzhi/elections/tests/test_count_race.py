"""Two cadres entering the same count at the same moment: one round is recorded, once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from xiangzhi.elections import elections
from xiangzhi.elections.models import Election, ElectionRound
from xiangzhi.people.models import Membership

from .election_data import ready_election


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two live connections need a server database")
def test_two_concurrent_counts_record_one_round(personas):
    election, candidates = ready_election(personas.cadre_a1, voters=10)
    votes = {candidate.pk: 8 for candidate in candidates}
    barrier = threading.Barrier(2)
    outcomes = []

    def record(user):
        try:
            seen = Election.objects.get(pk=election.pk)
            barrier.wait(timeout=10)
            elections.record_round(user, seen, registered=10, ballots_cast=8, votes=votes)
            outcomes.append("recorded")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=record, args=(user,)) for user in (personas.cadre_a1, personas.secretary_a1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["recorded", "本次选举已完成,不能录入计票结果。"]
    assert ElectionRound.objects.count() == 1 and Membership.objects.count() == 3
