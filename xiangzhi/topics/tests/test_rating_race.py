"""Two members of one household rating at the same moment: exactly one rating counts."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from xiangzhi.topics import actions
from xiangzhi.topics.models import Rating, Topic

from .topic_data import fresh, link_household, media_in_tmp, move_to, raise_one, villager  # noqa: F401


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two live connections need a server database")
def test_two_members_of_one_household_rate_at_once_and_one_wins(personas):
    household = link_household(personas.villager_a1)
    spouse = villager("spouse_a1")
    link_household(spouse, household=household, name="黄秀英")
    topic = move_to(raise_one(personas.villager_a1), "evaluating", personas.cadre_a1)
    barrier = threading.Barrier(2)
    outcomes = []

    def rate(user, score):
        try:
            seen = Topic.objects.get(pk=topic.pk)
            # Both pass the "already rated?" check before either inserts.
            assert not Rating.objects.filter(topic=seen, household=household).exists()
            barrier.wait(timeout=10)
            actions.rate_topic(user, seen, score=score)
            outcomes.append("rated")
        except ValidationError as error:
            outcomes.append(error.message_dict["score"][0])
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=rate, args=args) for args in ((personas.villager_a1, 5), (spouse, 1))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["rated", "本户已评价过该议题,每户只能评价一次。"]
    assert Rating.objects.filter(topic=topic).count() == 1
    assert fresh(topic).rating_count == 1
