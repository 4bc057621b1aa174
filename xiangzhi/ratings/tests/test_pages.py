"""The cadres' pages: opening a cycle and a round, nominating, reviewing, opening and closing the vote."""

import pytest
from django.urls import reverse

from xiangzhi.ratings.models import Nomination, RatingCycle, RoundState, SelectionRound

from .ratings_data import A1, person, this_year

pytestmark = pytest.mark.django_db


def test_cadre_opens_a_cycle_from_the_index(personas, login):
    client = login(personas.cadre_a1)
    page = client.get(reverse("ratings:index")).content.decode()
    assert "开始年度评星" in page and "矮山村委会" in page and "骥马村委会" not in page
    response = client.post(reverse("ratings:open_cycle"), {"region": A1, "year": this_year(), "kind": "five_good_family",
                                                           "notice_days": "7"})
    cycle = RatingCycle.objects.get()
    assert response.url == reverse("ratings:cycle", args=[cycle.pk]) and cycle.kind == "five_good_family"
    again = client.post(reverse("ratings:open_cycle"), {"region": A1, "year": this_year(), "kind": "five_good_family"},
                        follow=True)
    assert "已经开始" in again.content.decode() and RatingCycle.objects.count() == 1
    assert client.get(reverse("ratings:open_cycle")).status_code == 405


def test_cycle_form_scope(personas, login):
    assert login(personas.cadre_a2).post(reverse("ratings:open_cycle"),
                                         {"region": A1, "year": this_year(), "kind": "star_household"}).status_code == 404
    assert login(personas.villager_a1).post(reverse("ratings:open_cycle"),
                                            {"region": A1, "year": this_year(), "kind": "star_household"}).status_code == 403
    assert not RatingCycle.objects.exists()


def test_a_round_from_nomination_to_results_on_pages(personas, login):
    nominee = person(name="陈好人")
    client = login(personas.cadre_a1)
    client.post(reverse("ratings:create_round"), {"region": A1, "kind": "good_person", "title": "身边好人",
                                                  "votes_per_address": "20"})
    selection_round = SelectionRound.objects.get()
    page = client.get(reverse("ratings:round", args=[selection_round.pk])).content.decode()
    assert "陈好人" in page  # in the nominee list
    empty = client.post(reverse("ratings:nominate", args=[selection_round.pk]),
                        {"nominee": nominee.pk, "story": "", "evidence": "证明"}, follow=True)
    assert "请填写事迹。" in empty.content.decode() and not Nomination.objects.exists()
    client.post(reverse("ratings:nominate", args=[selection_round.pk]),
                {"nominee": nominee.pk, "story": "见义勇为", "evidence": "派出所证明"})
    nomination = Nomination.objects.get()
    refused = client.post(reverse("ratings:round_step", args=[selection_round.pk, "voting"]), follow=True)
    assert "还没有入围的人选" in refused.content.decode()
    client.post(reverse("ratings:review", args=[nomination.pk]), {"accept": "1"})
    client.post(reverse("ratings:round_step", args=[selection_round.pk, "voting"]))
    selection_round.refresh_from_db()
    assert selection_round.state == RoundState.VOTING
    client.post(reverse("ratings:round_step", args=[selection_round.pk, "close"]))
    selection_round.refresh_from_db()
    assert selection_round.state == RoundState.CLOSED
    assert "评选结果" in client.get(reverse("ratings:round", args=[selection_round.pk])).content.decode()


def test_round_pages_scope(personas, login):
    client = login(personas.cadre_a1)
    client.post(reverse("ratings:create_round"), {"region": A1, "kind": "good_person", "title": "身边好人"})
    selection_round = SelectionRound.objects.get()
    assert login(personas.cadre_b1).get(reverse("ratings:round", args=[selection_round.pk])).status_code == 404
    assert login(personas.cadre_a2).post(reverse("ratings:round_step", args=[selection_round.pk, "close"])).status_code == 404
    villager = login(personas.villager_a1)
    page = villager.get(reverse("ratings:round", args=[selection_round.pk])).content.decode()
    assert "开始投票" not in page and "被推荐人" not in page
    assert villager.post(reverse("ratings:round_step", args=[selection_round.pk, "voting"])).status_code == 403
    selection_round.refresh_from_db()
    assert selection_round.state == RoundState.NOMINATING
