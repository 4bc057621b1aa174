"""Two people publishing one disclosure at the same moment: one publishes, one log entry."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from xiangzhi.accounts.models import Post, User
from xiangzhi.disclosure import disclosures
from xiangzhi.disclosure.models import DisclosureState
from xiangzhi.translog.models import LogEntry

from .helpers import A1, draft_general, fresh


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two live connections need a server database")
def test_two_concurrent_publishes_make_one_log_entry(personas):
    director = User.objects.create_user(username="director_a1", password="x", full_name="主任")
    Post.objects.create(user=director, role="village_director", region_id=A1)
    disclosure = draft_general(personas)
    disclosures.submit_disclosure(personas.cadre_a1, disclosure)
    disclosures.countersign_disclosure(personas.supervisor_a1, fresh(disclosure))
    barrier = threading.Barrier(2)
    outcomes = []

    def publish(user):
        try:
            seen = fresh(disclosure)
            barrier.wait(timeout=10)
            disclosures.publish_disclosure(user, seen)
            outcomes.append("published")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(user,)) for user in (personas.secretary_a1, director)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["published", "该事项已被他人处理,请刷新后重试。"]
    assert fresh(disclosure).state == DisclosureState.PUBLISHED
    assert list(LogEntry.objects.values_list("index", "object_id")) == [(0, str(disclosure.pk))]
