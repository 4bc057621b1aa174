"""Selections: nominations, review, one vote per verified villager per round (also at once, on
PostgreSQL), the per-address cap, and results published when the round closes."""

import json
import threading

import pytest
from django.db import connection
from django.urls import reverse

from xiangzhi.ratings import selections
from xiangzhi.ratings.models import Nomination, RoundState, SelectionRound, Vote

from .ratings_data import A1, link, make_voter, person

API = "/api/v1/ratings"


def post(client, url, data=None, **extra):
    return client.post(url, json.dumps(data or {}), content_type="application/json", **extra)


def open_round(personas, *, cap=None, names=("李好人", "王模范")):
    selection_round = selections.create_round(personas.cadre_a1, region=A1, kind="good_person", title="2025年身边好人",
                                              votes_per_address=cap)
    nominations = []
    for name in names:
        nomination = selections.nominate(personas.cadre_a1, selection_round, nominee=person(name=name),
                                         story="扶危济困", evidence="村民联名信")
        selections.review_nomination(personas.cadre_a1, nomination, accept=True)
        nominations.append(nomination)
    selections.open_voting(personas.cadre_a1, selection_round)
    return selection_round, nominations


@pytest.mark.django_db
def test_round_nomination_and_review(personas, login):
    client = login(personas.cadre_a1)
    created = post(client, f"{API}/rounds", {"region": A1, "kind": "moral_model", "title": "道德模范评选"})
    assert created.status_code == 201
    selection_round = SelectionRound.objects.get()
    assert selection_round.votes_per_address == 20
    nominee = person(name="赵孝子")
    missing = post(client, f"{API}/rounds/{selection_round.pk}/nominations",
                   {"nominee": nominee.pk, "story": "照顾瘫痪母亲十年", "evidence": " "})
    assert missing.status_code == 422 and missing.json()["errors"]["evidence"] == ["请填写证明材料。"]
    outsider = person(region_code="450321100202001")
    foreign = post(client, f"{API}/rounds/{selection_round.pk}/nominations",
                   {"nominee": outsider.pk, "story": "好", "evidence": "证明"})
    assert foreign.status_code == 422 and "本村村民" in foreign.json()["errors"]["nominee"][0]
    assert not Nomination.objects.exists()
    made = post(client, f"{API}/rounds/{selection_round.pk}/nominations",
                {"nominee": nominee.pk, "story": "照顾瘫痪母亲十年", "evidence": "村委证明"})
    assert made.status_code == 201
    nomination = Nomination.objects.get()
    reject_without_reason = post(client, f"{API}/nominations/{nomination.pk}/review", {"accept": False})
    assert reject_without_reason.status_code == 422 and "review_note" in reject_without_reason.json()["errors"]
    assert post(login(personas.cadre_a2), f"{API}/nominations/{nomination.pk}/review",
                {"accept": True}).status_code == 404
    client = login(personas.cadre_a1)
    assert post(client, f"{API}/nominations/{nomination.pk}/review", {"accept": True}).status_code == 200
    nomination.refresh_from_db()
    assert nomination.status == "accepted"
    assert post(client, f"{API}/rounds/{selection_round.pk}/voting").json()["state"] == RoundState.VOTING


@pytest.mark.django_db
def test_round_scope_and_capability(personas, login):
    assert post(login(personas.cadre_a2), f"{API}/rounds",
                {"region": A1, "kind": "moral_model", "title": "x"}).status_code == 404
    assert post(login(personas.villager_a1), f"{API}/rounds",
                {"region": A1, "kind": "moral_model", "title": "x"}).status_code == 403
    bad = post(login(personas.cadre_a1), f"{API}/rounds", {"region": A1, "kind": "best", "title": "x"})
    assert bad.status_code == 422 and "kind" in bad.json()["errors"]
    assert not SelectionRound.objects.exists()


@pytest.mark.django_db
def test_one_vote_per_villager_and_results_after_closing(personas, login):
    selection_round, (first, second) = open_round(personas)
    voter = link(personas.villager_a1, person())
    client = login(voter)
    assert client.get(f"{API}/rounds/{selection_round.pk}/results").status_code == 404
    response = post(client, f"{API}/rounds/{selection_round.pk}/votes", {"nomination": first.pk})
    assert response.status_code == 201
    again = post(client, f"{API}/rounds/{selection_round.pk}/votes", {"nomination": second.pk})
    assert again.status_code == 422 and "已经投过票" in again.json()["errors"]["nomination"][0]
    assert Vote.objects.filter(round=selection_round).count() == 1
    assert post(client, f"{API}/rounds/{selection_round.pk}/close").status_code == 403
    closed = post(login(personas.cadre_a1), f"{API}/rounds/{selection_round.pk}/close")
    assert closed.json()["state"] == RoundState.CLOSED
    results = login(voter).get(f"{API}/rounds/{selection_round.pk}/results").json()
    assert results["total_votes"] == 1
    assert [(row["nominee_name"], row["votes"]) for row in results["results"]] == [("李好人", 1), ("王模范", 0)]
    late = post(login(voter), f"{API}/rounds/{selection_round.pk}/votes", {"nomination": second.pk})
    assert late.status_code == 422


@pytest.mark.django_db
def test_only_verified_villagers_of_the_village_vote(personas, login):
    selection_round, (first, _second) = open_round(personas)
    unlinked = post(login(personas.villager_a1), f"{API}/rounds/{selection_round.pk}/votes", {"nomination": first.pk})
    assert unlinked.status_code == 403
    link(personas.villager_a1, person(region_code="450321100202001"))
    elsewhere = post(login(personas.villager_a1), f"{API}/rounds/{selection_round.pk}/votes",
                     {"nomination": first.pk})
    assert elsewhere.status_code == 403
    assert post(login(personas.cadre_b1), f"{API}/rounds/{selection_round.pk}/votes",
                {"nomination": first.pk}).status_code == 404
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_a_rejected_nomination_cannot_be_voted_for(personas, login):
    selection_round, (first, _second) = open_round(personas)
    pending = Nomination.objects.create(round=selection_round, region_id=A1, nominee=person(), story="x",
                                        evidence="y", nominated_by=personas.cadre_a1, status="rejected")
    client = login(link(personas.villager_a1, person()))
    response = post(client, f"{API}/rounds/{selection_round.pk}/votes", {"nomination": pending.pk})
    assert response.status_code == 422 and response.json()["errors"]["nomination"] == ["请选择入围的人选。"]
    assert not Vote.objects.exists()


@pytest.mark.django_db
def test_the_per_address_cap_refuses_the_next_vote_from_that_address(personas, login):
    selection_round, (first, _second) = open_round(personas, cap=2)
    for index in range(2):
        client = login(make_voter(f"voter{index}"))
        assert post(client, f"{API}/rounds/{selection_round.pk}/votes", {"nomination": first.pk},
                    REMOTE_ADDR="10.1.2.3").status_code == 201
    client = login(make_voter("voter3"))
    capped = post(client, f"{API}/rounds/{selection_round.pk}/votes", {"nomination": first.pk},
                  REMOTE_ADDR="10.1.2.3")
    assert capped.status_code == 422 and "上限(2 票)" in capped.json()["errors"]["nomination"][0]
    assert post(client, f"{API}/rounds/{selection_round.pk}/votes", {"nomination": first.pk},
                REMOTE_ADDR="10.9.9.9").status_code == 201
    assert list(Vote.objects.order_by("id").values_list("ip", flat=True)) == ["10.1.2.3", "10.1.2.3", "10.9.9.9"]


@pytest.mark.django_db
def test_vote_page(personas, login):
    selection_round, (first, _second) = open_round(personas)
    client = login(link(personas.villager_a1, person()))
    page = client.get(reverse("ratings:round", args=[selection_round.pk])).content.decode()
    assert "李好人" in page and "投他/她一票" in page
    assert client.get(reverse("ratings:vote", args=[selection_round.pk])).status_code == 405
    client.post(reverse("ratings:vote", args=[selection_round.pk]), {"nomination": first.pk})
    page = client.get(reverse("ratings:round", args=[selection_round.pk])).content.decode()
    assert "您已投票" in page and "投他/她一票" not in page
    assert Vote.objects.filter(voter=personas.villager_a1).count() == 1


@pytest.mark.django_db
def test_closed_round_results_on_the_portal_are_masked(personas, client):
    selection_round, (first, _second) = open_round(personas)
    selections.cast_vote(make_voter("v1"), selection_round, first)
    selections.close_round(personas.cadre_a1, selection_round)
    page = client.get(f"/v/{A1}/").content.decode()
    assert "李**" in page and "李好人" not in page


@pytest.mark.django_db(transaction=True)
def test_two_votes_by_one_villager_at_once_record_one(personas):
    if connection.vendor != "postgresql":
        pytest.skip("the race needs PostgreSQL")
    selection_round, (first, second) = open_round(personas)
    voter = link(personas.villager_a1, person())
    barrier = threading.Barrier(2)
    outcomes = []

    def cast(nomination):
        from django.db import connection as thread_connection
        try:
            barrier.wait()
            selections.cast_vote(voter, selection_round, nomination)
            outcomes.append("ok")
        except selections.ValidationError:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=cast, args=(nomination,)) for nomination in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Vote.objects.filter(round=selection_round, voter=voter).count() == 1
