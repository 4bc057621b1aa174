"""村委会换届: scheduling and the 20-day rule, the voter list from the registry, candidates, and the
count with every statutory threshold at its boundary, through actions, pages and the API."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from xiangzhi.core.models import AuditEvent
from xiangzhi.elections import elections
from xiangzhi.elections.models import Candidate, Election, ElectionRound, VoterEntry
from xiangzhi.people.models import Membership

from .election_data import A1, A2, committee_members, people, person, ready_election, today

DAY = datetime.timedelta(days=1)


def count(actor, election, *, registered, ballots, votes, declared=None):
    return elections.record_round(
        actor, election, registered=registered, ballots_cast=ballots,
        votes={candidate.pk: number for candidate, number in votes.items()},
        declared=None if declared is None else [candidate.pk for candidate in declared],
    )


# --- scheduling and the 20-day rule ---------------------------------------------------------


def test_election_day_must_leave_20_days_for_the_voter_list(personas):
    with pytest.raises(ValidationError) as caught:
        elections.create_election(personas.cadre_a1, region=A1, election_day=today() + 19 * DAY, seats=5)
    assert "选举日须在选民名单公布之日起至少 20 天后" in caught.value.message_dict["election_day"][0]
    election = elections.create_election(personas.cadre_a1, region=A1, election_day=today() + 20 * DAY, seats=5)
    assert (election.state, election.seats, election.region_id) == ("preparing", 5, A1)
    assert AuditEvent.objects.filter(action="election.create", region_code=A1).count() == 1


def test_publication_later_than_20_days_before_election_day_is_refused(personas):
    people(3)
    election = elections.create_election(personas.cadre_a1, region=A1, election_day=today() + 20 * DAY, seats=3)
    Election.objects.filter(pk=election.pk).update(election_day=today() + 19 * DAY)
    with pytest.raises(ValidationError) as caught:
        elections.publish_voter_list(personas.cadre_a1, election)
    assert caught.value.messages[0].startswith("选民名单应当在选举日的 20 日前公布")
    assert "只提前 19 天" in caught.value.messages[0]
    assert not VoterEntry.objects.exists()
    Election.objects.filter(pk=election.pk).update(election_day=today() + 20 * DAY)
    election.refresh_from_db()
    elections.publish_voter_list(personas.cadre_a1, election)
    assert election.voters.count() == 3 and election.list_published_on == today()


def test_voter_list_is_the_registry_of_adults_on_election_day(personas):
    day = today() + 30 * DAY
    adult_that_day = person(name="刚满十八", born=elections.adult_cutoff(day))
    person(name="差一天", born=elections.adult_cutoff(day) + DAY)
    person(name="已迁出", status="moved_out")
    person(A1, name="住在村部")
    person("450321100202001", name="邻村村民")
    election = elections.create_election(personas.cadre_a1, region=A1, election_day=day, seats=3)
    elections.publish_voter_list(personas.cadre_a1, election)
    names = set(election.voters.values_list("name", flat=True))
    assert names == {"刚满十八", "住在村部"}
    entry = election.voters.get(resident=adult_that_day)
    assert entry.birth_date == adult_that_day.birth_date
    event = AuditEvent.objects.get(action="election.publish_voter_list")
    assert event.changes["voters"] == [None, 2]
    with pytest.raises(ValidationError):
        elections.publish_voter_list(personas.cadre_a1, election)
    assert election.voters.count() == 2


def test_a_candidate_must_be_on_the_voter_list(personas):
    election, _candidates = ready_election(personas.cadre_a1, candidates=0)
    Election.objects.filter(pk=election.pk).update(election_day=today() + 25 * DAY)
    neighbour_election, _ = ready_election(personas.cadre_a2, region=A2, tun="450321100202001", candidates=0)
    stranger = neighbour_election.voters.first()
    with pytest.raises(ValidationError) as caught:
        elections.add_candidate(personas.cadre_a1, election, voter=stranger.pk)
    assert caught.value.message_dict["voter"] == ["候选人须是本次选举选民名单上的选民。"]
    entry = election.voters.first()
    elections.add_candidate(personas.cadre_a1, election, voter=entry.pk, position="主任")
    with pytest.raises(ValidationError) as caught:
        elections.add_candidate(personas.cadre_a1, election, voter=entry.pk)
    assert caught.value.message_dict["voter"] == [f"{entry.name}已是候选人。"]
    assert Candidate.objects.get(election=election).position == "主任"


# --- the count ---------------------------------------------------------------------------


def test_turnout_of_exactly_half_is_invalid_and_one_more_is_valid(personas):
    election, (a, b, c) = ready_election(personas.cadre_a1, voters=10)
    with pytest.raises(ValidationError) as caught:
        count(personas.cadre_a1, election, registered=10, ballots=5, votes={a: 5, b: 5, c: 5})
    message = caught.value.message_dict["ballots_cast"][0]
    assert message.startswith("选举无效:参加投票 5 人,未超过登记选民 10 人的半数(至少须 6 人,还差 1 人)")
    assert "第三十四条" in message
    assert not ElectionRound.objects.exists() and not Membership.objects.exists()
    count(personas.cadre_a1, election, registered=10, ballots=6, votes={a: 6, b: 6, c: 6})
    election.refresh_from_db()
    assert election.state == "completed"
    assert set(Membership.objects.values_list("resident_id", flat=True)) == {a.voter.resident_id, b.voter.resident_id, c.voter.resident_id}


def test_exactly_half_of_the_ballots_does_not_elect(personas):
    election, (a, b, c) = ready_election(personas.cadre_a1, voters=10)
    with pytest.raises(ValidationError) as caught:
        count(personas.cadre_a1, election, registered=10, ballots=8, votes={a: 5, b: 4, c: 8}, declared=[a, b, c])
    messages = caught.value.message_dict["declared"]
    assert f"{b.voter.name}得 4 票,未超过参加投票的 8 人的半数(至少 5 票),不能当选。" in messages
    assert not any(a.voter.name in message for message in messages)
    assert not ElectionRound.objects.exists()
    # Declaring fewer than the law elects is refused too.
    with pytest.raises(ValidationError) as caught:
        count(personas.cadre_a1, election, registered=10, ballots=8, votes={a: 5, b: 4, c: 8}, declared=[c])
    assert caught.value.message_dict["declared"][0] == f"{a.voter.name}得 5 票,依法当选,但计票结果未宣布其当选,请核对计票单。"
    election_round = count(personas.cadre_a1, election, registered=10, ballots=8, votes={a: 5, b: 4, c: 8}, declared=[a, c])
    assert set(election_round.votes.filter(elected=True).values_list("candidate_id", flat=True)) == {a.pk, c.pk}
    election.refresh_from_db()
    assert election.state == "runoff"
    b.refresh_from_db()
    assert b.elected_in is None


def test_runoff_needs_a_third_of_the_ballots(personas):
    election, (a, b, c) = ready_election(personas.cadre_a1, voters=12, seats=3)
    count(personas.cadre_a1, election, registered=12, ballots=9, votes={a: 9, b: 4, c: 2})
    election.refresh_from_db()
    assert election.state == "runoff"
    # Run-off for two seats: 3 of 9 is exactly a third (elected), 2 is not.
    with pytest.raises(ValidationError) as caught:
        count(personas.cadre_a1, election, registered=12, ballots=9, votes={b: 3, c: 2}, declared=[b, c])
    assert caught.value.message_dict["declared"][0] == (
        f"{c.voter.name}得 2 票,少于已投选票 9 张的三分之一(至少 3 票),另行选举不能当选。"
    )
    second = count(personas.cadre_a1, election, registered=12, ballots=9, votes={b: 3, c: 2}, declared=[b])
    assert (second.number, second.kind, second.seats_open) == (2, "runoff", 2)
    election.refresh_from_db()
    assert election.state == "runoff"
    third = count(personas.cadre_a1, election, registered=12, ballots=7, votes={c: 3})
    assert third.votes.get().elected
    election.refresh_from_db()
    assert election.state == "completed"
    assert Membership.objects.filter(ends_on__isnull=True).count() == 3


def test_a_tie_at_the_last_seat_elects_neither(personas):
    election, (a, b, c, d) = ready_election(personas.cadre_a1, voters=10, candidates=4, seats=3)
    with pytest.raises(ValidationError) as caught:
        count(personas.cadre_a1, election, registered=10, ballots=8, votes={a: 7, b: 7, c: 5, d: 5}, declared=[a, b, c])
    assert caught.value.message_dict["declared"][0] == (
        f"{c.voter.name}与其他候选人得票相等(5 票),争最后 1 个名额,不能确定当选人,须就票数相等的候选人再次投票。"
    )
    election_round = count(personas.cadre_a1, election, registered=10, ballots=8, votes={a: 7, b: 7, c: 5, d: 5})
    assert set(election_round.votes.filter(elected=True).values_list("candidate_id", flat=True)) == {a.pk, b.pk}
    election.refresh_from_db()
    assert election.state == "runoff"


def test_count_inconsistent_with_the_list_or_itself_is_refused(personas):
    election, (a, b, c) = ready_election(personas.cadre_a1, voters=10)
    cases = [
        (dict(registered=11, ballots=8, votes={a: 5, b: 5, c: 5}), "registered", "登记选民数 11 与选民名单人数 10 不一致。"),
        (dict(registered=10, ballots=11, votes={a: 5, b: 5, c: 5}), "ballots_cast", "参加投票人数 11 超过登记选民数 10。"),
        (dict(registered=10, ballots=8, votes={a: 9, b: 5, c: 5}), f"votes_{a.pk}", f"{a.voter.name}的得票数 9 超过参加投票人数 8。"),
    ]
    for kwargs, field, message in cases:
        with pytest.raises(ValidationError) as caught:
            count(personas.cadre_a1, election, **kwargs)
        assert caught.value.message_dict[field] == [message]
    with pytest.raises(ValidationError) as caught:
        elections.record_round(personas.cadre_a1, election, registered="十", ballots_cast="", votes={a.pk: "x"})
    errors = caught.value.message_dict
    assert errors["registered"] == ["登记选民数须为整数。"] and errors["ballots_cast"] == ["请填写参加投票人数。"]
    assert errors[f"votes_{a.pk}"] == [f"{a.voter.name}的得票数须为整数。"]
    assert errors[f"votes_{b.pk}"] == [f"请填写{b.voter.name}的得票数。"]
    assert not ElectionRound.objects.exists()


def test_a_count_before_election_day_is_refused(personas):
    election, (a, b, c) = ready_election(personas.cadre_a1, voters=10)
    Election.objects.filter(pk=election.pk).update(election_day=today() + DAY)
    election.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        count(personas.cadre_a1, election, registered=10, ballots=8, votes={a: 8, b: 8, c: 8})
    assert "还没有到" in caught.value.message_dict["held_on"][0]


def test_the_new_committee_replaces_the_old_one(personas):
    election, (a, b, c) = ready_election(personas.cadre_a1, voters=10)
    old = committee_members(3)
    count(personas.cadre_a1, election, registered=10, ballots=8, votes={a: 8, b: 8, c: 8})
    for membership in old:
        membership.refresh_from_db()
        assert membership.ends_on == today() - DAY
    new = Membership.objects.filter(starts_on=today())
    assert new.count() == 3 and {m.organisation_id for m in new} == {old[0].organisation_id}
    assert AuditEvent.objects.filter(action="membership.add").count() == 3
    assert AuditEvent.objects.filter(action="membership.end").count() == 3
    event = AuditEvent.objects.get(action="election.record_round")
    assert event.changes["elected"] == [None, sorted([a.pk, b.pk, c.pk])]


# --- permissions and scope -----------------------------------------------------------------


def test_who_may_manage_and_see_an_election(personas):
    election, (a, b, c) = ready_election(personas.cadre_a1, voters=10)
    with pytest.raises(PermissionDenied):
        elections.create_election(personas.villager_a1, region=A1, election_day=today() + 30 * DAY, seats=3)
    with pytest.raises(PermissionDenied):
        count(personas.township_a, election, registered=10, ballots=8, votes={a: 8, b: 8, c: 8})
    with pytest.raises(Http404):
        count(personas.cadre_a2, election, registered=10, ballots=8, votes={a: 8, b: 8, c: 8})
    with pytest.raises(Http404):
        elections.create_election(personas.cadre_b1, region=A1, election_day=today() + 30 * DAY, seats=3)
    for user in (personas.township_a, personas.county, personas.supervisor_a1, personas.cadre_a1):
        assert elections.get_election_for_user(user, election.pk) == election
    for user in (personas.township_b, personas.cadre_a2):
        with pytest.raises(Http404):
            elections.get_election_for_user(user, election.pk)
    with pytest.raises(PermissionDenied):
        elections.get_election_for_user(personas.villager_a1, election.pk)
    assert not ElectionRound.objects.exists()


def test_pages(personas, login):
    people(3)
    client = login(personas.cadre_a1)
    assert client.get(reverse("elections:create")).status_code == 405
    response = client.post(reverse("elections:create"), {"region": A1, "election_day": "明天", "seats": "9"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "请填写有效的选举日(如 2026-05-01)。" in page and "应选名额须在此范围内" in page
    assert not Election.objects.exists()
    day = (today() + 21 * DAY).isoformat()
    response = client.post(reverse("elections:create"), {"region": A1, "election_day": day, "seats": "3"})
    election = Election.objects.get()
    assert response.status_code == 302 and response.url == reverse("elections:detail", args=[election.pk])
    assert client.get(reverse("elections:publish", args=[election.pk])).status_code == 405
    assert client.post(reverse("elections:publish", args=[election.pk])).status_code == 302
    assert "登记选民 3 人" in client.get(reverse("elections:detail", args=[election.pk])).content.decode()
    assert client.get(reverse("elections:voters", args=[election.pk])).status_code == 200
    assert login(personas.villager_a1).get(reverse("elections:detail", args=[election.pk])).status_code == 403
    assert login(personas.cadre_b1).get(reverse("elections:detail", args=[election.pk])).status_code == 404
    assert login(personas.township_b).get(reverse("elections:voters", args=[election.pk])).status_code == 404
    assert login(personas.township_a).get(reverse("elections:detail", args=[election.pk])).status_code == 200
    assert login(personas.township_a).post(reverse("elections:publish", args=[election.pk])).status_code == 403
    assert login(personas.cadre_a2).post(reverse("elections:publish", args=[election.pk])).status_code == 404


def test_count_page_shows_the_refusal_and_keeps_nothing(personas, login):
    election, (a, b, c) = ready_election(personas.cadre_a1, voters=10)
    client = login(personas.cadre_a1)
    url = reverse("elections:record_round", args=[election.pk])
    form = {"registered": "10", "ballots_cast": "5", f"votes_{a.pk}": "5", f"votes_{b.pk}": "5", f"votes_{c.pk}": "5"}
    response = client.post(url, form)
    assert response.status_code == 422
    assert "选举无效:参加投票 5 人,未超过登记选民 10 人的半数" in response.content.decode()
    assert not ElectionRound.objects.exists()
    response = client.post(url, {**form, "ballots_cast": "6", "declared": [a.pk, b.pk, c.pk]})
    assert response.status_code == 302
    assert ElectionRound.objects.get().ballots_cast == 6


def test_api(personas, client):
    people(4)
    client.force_login(personas.cadre_a1)
    base = "/api/v1/elections/"
    response = client.post(base, {"region": A1, "election_day": "2020-01-01", "seats": 2}, content_type="application/json")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "选举日须在选民名单公布之日起至少 20 天后" in errors["election_day"][0]
    assert "应选名额须在此范围内" in errors["seats"][0]
    day = (today() + 25 * DAY).isoformat()
    response = client.post(base, {"region": A1, "election_day": day, "seats": 3}, content_type="application/json")
    assert response.status_code == 201
    election_id = response.json()["id"]
    assert client.post(f"{base}{election_id}/publish").json()["voters"] == 4
    voters = client.get(f"{base}{election_id}/voters").json()["items"]
    for voter in voters[:3]:
        assert client.post(f"{base}{election_id}/candidates", {"voter": voter["id"]}, content_type="application/json").status_code == 201
    Election.objects.filter(pk=election_id).update(election_day=today(), list_published_on=today() - 25 * DAY)
    candidates = client.get(f"{base}{election_id}").json()["candidates"]
    votes = {str(candidate["id"]): 2 for candidate in candidates}
    response = client.post(f"{base}{election_id}/rounds", json.dumps({"registered": 4, "ballots_cast": 2, "votes": votes}),
                           content_type="application/json")
    assert response.status_code == 422 and "选举无效" in response.json()["errors"]["ballots_cast"][0]
    response = client.post(f"{base}{election_id}/rounds", json.dumps({"registered": 4, "ballots_cast": 3, "votes": {
        key: 3 for key in votes}}), content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "completed" and all(candidate["elected"] for candidate in body["candidates"])
    assert body["rounds"][0]["ballots_cast"] == 3
    client.force_login(personas.cadre_b1)
    assert client.get(f"{base}{election_id}").status_code == 404
    client.force_login(personas.villager_a1)
    assert client.get(f"{base}{election_id}").status_code == 403
