"""Pages and API: scope personas for every record type, bad input, and the ballot race."""

import datetime
import json
import threading

import pytest
from django.db import connection
from django.urls import reverse

from xiangzhi.assembly import convening, meetings
from xiangzhi.assembly.models import (
    Attendance, Ballot, Body, ConveningSignature, Meeting, QuorumRule, Representative, Resolution,
)
from xiangzhi.assembly.resolutions import record_vote
from xiangzhi.core.models import AuditEvent

from .assembly_data import A1, MEETING_DAY, body_with_members, person

pytestmark = pytest.mark.django_db
API = "/api/v1/assembly"


@pytest.fixture
def held(personas):
    """A 村委会 of 3 in A1, a meeting with two signed in and a passed resolution."""
    _org, committee = body_with_members("village_committee", 3)
    meeting, _w = meetings.create_meeting(personas.cadre_a1, region=A1, body=Body.VILLAGE_COMMITTEE, title="村委会例会",
                                          notice_on=MEETING_DAY, meets_on=MEETING_DAY)
    meetings.sign_in(personas.cadre_a1, meeting, [committee[0].pk, committee[1].pk])
    resolution = record_vote(personas.cadre_a1, meeting, motion="聘请会计", in_favour=2)
    return meeting, committee, resolution


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_meeting_pages_in_and_out_of_scope(personas, login, held):
    meeting, _committee, _resolution = held
    client = login(personas.cadre_a1)
    page = client.get(reverse("assembly:meeting", args=[meeting.pk]))
    assert page.status_code == 200 and "聘请会计" in page.content.decode()
    assert "村委会例会" in client.get(reverse("assembly:index")).content.decode()
    for outsider in (personas.cadre_a2, personas.township_b, personas.cadre_b1):
        client = login(outsider)
        assert client.get(reverse("assembly:meeting", args=[meeting.pk])).status_code == 404
        assert client.get(f"{API}/meetings/{meeting.pk}").status_code == 404
        assert client.get(f"{API}/resolutions/{_resolution.pk}").status_code == 404
        assert "村委会例会" not in client.get(reverse("assembly:index")).content.decode()
    client = login(personas.township_a)
    assert client.get(reverse("assembly:meeting", args=[meeting.pk])).status_code == 200


def test_villager_cannot_use_cadre_actions(personas, login, held):
    meeting, committee, _resolution = held
    client = login(personas.villager_a1)
    assert client.get(reverse("assembly:index")).status_code == 403
    assert client.post(reverse("assembly:vote", args=[meeting.pk]), {"motion": "x", "in_favour": 1}).status_code in (403, 404)
    assert post_json(client, f"{API}/meetings", {"region": A1, "body": "village_committee", "title": "x",
                                                  "notice_on": "2025-06-01", "meets_on": "2025-06-02"}).status_code == 403
    assert post_json(client, f"{API}/meetings/{meeting.pk}/votes", {"motion": "x", "in_favour": 1}).status_code in (403, 404)
    assert Resolution.objects.count() == 1


def test_vote_page_refuses_without_quorum_and_shows_why(personas, login):
    _org, committee = body_with_members("village_committee", 5)
    meeting, _w = meetings.create_meeting(personas.cadre_a1, region=A1, body=Body.VILLAGE_COMMITTEE, title="例会",
                                          notice_on=MEETING_DAY, meets_on=MEETING_DAY)
    client = login(personas.cadre_a1)
    response = client.post(reverse("assembly:sign_in", args=[meeting.pk]), {"resident": [committee[0].pk, committee[1].pk]})
    assert response.status_code == 302
    response = client.post(reverse("assembly:vote", args=[meeting.pk]), {"motion": "甲", "in_favour": 2, "against": 0, "abstain": 0})
    assert response.status_code == 422
    assert "未达到法定人数:村民委员会会议须有组成人员过半数出席(应到 5 人,至少 3 人),实到 2 人,差 1 人。" in response.content.decode()
    assert not Resolution.objects.exists()
    assert client.get(reverse("assembly:vote", args=[meeting.pk])).status_code == 405


def test_sign_in_page_refuses_a_non_member_by_name(personas, login):
    _org, committee = body_with_members("village_committee", 3)
    stranger = person(name="王外人")
    meeting, _w = meetings.create_meeting(personas.cadre_a1, region=A1, body=Body.VILLAGE_COMMITTEE, title="例会",
                                          notice_on=MEETING_DAY, meets_on=MEETING_DAY)
    response = login(personas.cadre_a1).post(reverse("assembly:sign_in", args=[meeting.pk]), {"resident": [stranger.pk]})
    assert response.status_code == 422 and "王外人 不是村民委员会会议的组成人员" in response.content.decode()
    assert not Attendance.objects.exists()


def test_api_meeting_flow_and_bad_input(personas, login):
    _org, committee = body_with_members("village_committee", 3)
    client = login(personas.cadre_a1)
    bad = post_json(client, f"{API}/meetings", {"region": A1, "body": "village_committee", "title": "",
                                                "notice_on": "2025-06-01", "meets_on": "2025-06-02"})
    assert bad.status_code == 422 and "title" in bad.json()["errors"]
    created = post_json(client, f"{API}/meetings", {"region": A1, "body": "villagers_assembly", "title": "村民会议",
                                                    "notice_on": "2025-06-01", "meets_on": "2025-06-05"})
    assert created.status_code == 201
    assert created.json()["warnings"] == ["村民会议应当提前 10 天通知村民,本次只提前 4 天。"]
    out_of_scope = post_json(client, f"{API}/meetings", {"region": "450321100202", "body": "village_committee",
                                                         "title": "x", "notice_on": "2025-06-01", "meets_on": "2025-06-02"})
    assert out_of_scope.status_code == 404
    meeting = Meeting.objects.get(body="village_committee") if Meeting.objects.filter(body="village_committee").exists() else None
    assert meeting is None
    meeting_id = post_json(client, f"{API}/meetings", {"region": A1, "body": "village_committee", "title": "例会",
                                                       "notice_on": "2025-06-01", "meets_on": "2025-06-02"}).json()["meeting"]["id"]
    assert post_json(client, f"{API}/meetings/{meeting_id}/attendance", {"residents": [c.pk for c in committee]}).status_code == 200
    too_many = post_json(client, f"{API}/meetings/{meeting_id}/votes", {"motion": "甲", "in_favour": 3, "against": 1})
    assert too_many.status_code == 422 and "票数超过到会人数" in too_many.json()["errors"]["present"][0]
    voted = post_json(client, f"{API}/meetings/{meeting_id}/votes", {"motion": "甲", "in_favour": 2, "against": 1})
    assert voted.status_code == 201 and voted.json()["passed"] is True
    assert client.get(f"{API}/meetings/{meeting_id}/quorum").json()["met"] is True


def test_supervision_bar_refuses_committee_members_and_household(personas, login):
    from xiangzhi.assembly import appointments
    from xiangzhi.people.models import Membership

    _org, committee = body_with_members("village_committee", 3)
    spouse = person(household=committee[0].household, relation="spouse", gender="female", name="同户配偶")
    unrelated = person(name="无关村民")
    supervision = body_with_members("supervision_committee", 0)[0]
    for candidate, expected in ((committee[1], "是村民委员会成员"), (spouse, "同户")):
        with pytest.raises(appointments.ValidationError) as error:
            appointments.appoint(personas.secretary_a1, supervision, candidate, position="成员",
                                 starts_on=datetime.date(2024, 1, 1))
        assert expected in error.value.message_dict["resident"][0]
    membership, warnings = appointments.appoint(personas.secretary_a1, supervision, unrelated, position="主任",
                                                starts_on=datetime.date(2024, 1, 1))
    assert Membership.objects.filter(organisation=supervision).count() == 1
    assert warnings == ["村务监督委员会应由 3 至 5 人组成,现有 1 人。"]
    response = post_json(login(personas.secretary_a1), f"{API}/appointments", {
        "organisation": supervision.pk, "resident": spouse.pk, "starts_on": "2024-01-01"})
    assert response.status_code == 422 and "近亲属" in response.json()["errors"]["resident"][0]


def test_representative_households_warning_and_scope(personas, login):
    rep = person(name="代表甲")
    households = [person().household_id for _ in range(4)]
    client = login(personas.cadre_a1)
    response = post_json(client, f"{API}/representatives", {"village": A1, "resident": rep.pk,
                                                             "starts_on": "2024-01-01", "households": households})
    assert response.status_code == 201
    assert "联系 4 户" in response.json()["warnings"][0]
    assert Representative.objects.get().households.count() == 4
    assert login(personas.cadre_a2).get(f"{API}/representatives").json() == []
    other = post_json(login(personas.cadre_a2), f"{API}/representatives", {"village": A1, "resident": rep.pk,
                                                                            "starts_on": "2024-01-01", "households": households})
    assert other.status_code == 404


def test_county_changes_its_rule_with_audit_others_cannot(personas, login):
    client = login(personas.county)
    response = client.put(f"{API}/rules/450321/representatives", json.dumps({"quorum_numerator": 3, "quorum_denominator": 4}),
                          content_type="application/json")
    assert response.status_code == 200 and "四分之三以上组成人员出席" in response.json()["description"]
    assert QuorumRule.objects.get(county_id="450321", body="representatives").quorum_numerator == 3
    assert AuditEvent.objects.filter(action="quorum_rule.update").exists()
    bad = client.put(f"{API}/rules/450321/representatives", json.dumps({"quorum_numerator": 5, "quorum_denominator": 4}),
                     content_type="application/json")
    assert bad.status_code == 422 and "quorum_numerator" in bad.json()["errors"]
    assert login(personas.cadre_a1).put(f"{API}/rules/450321/representatives", json.dumps({"quorum_numerator": 1}),
                                        content_type="application/json").status_code == 403
    page = login(personas.cadre_a1).get(reverse("assembly:rules"))
    assert "四分之三以上组成人员出席" in page.content.decode() and "第二十六条" in page.content.decode()


def test_convening_request_threshold_and_one_signature_each(personas, login):
    voters = [person() for _ in range(20)]
    personas.villager_a1.resident = voters[0]
    personas.villager_a1.save()
    request = convening.create_request(personas.villager_a1, village=A1, body=Body.VILLAGERS_ASSEMBLY, purpose="修路")
    assert not convening.reached(request)
    client = login(personas.villager_a1)
    again = client.post(reverse("assembly:convening", args=[request.pk]))
    assert again.status_code == 422 and "每人只能联名一次" in again.content.decode()
    ConveningSignature.objects.create(request=request, resident=voters[1], signed_by=personas.villager_a1)
    assert convening.reached(request)
    page = login(personas.cadre_a1).get(reverse("assembly:convening", args=[request.pk]))
    assert "已有 2 人联名,至少需 2 人(共 20 人)" in page.content.decode()
    assert login(personas.cadre_a2).get(reverse("assembly:convening", args=[request.pk])).status_code == 404


def test_roster_page_shows_tun_bodies(personas, login):
    from .assembly_data import organisation
    from xiangzhi.people.models import Membership

    council = organisation("tun_council", "450321100200001", name="矮山屯屯务理事会")
    Membership.objects.create(organisation=council, resident=person(name="理事甲"), starts_on=datetime.date(2020, 1, 1))
    page = login(personas.cadre_a1).get(reverse("assembly:roster")).content.decode()
    assert "矮山屯" in page and "理事甲" in page
    assert login(personas.cadre_a2).get(reverse("assembly:roster") + "?village=" + A1).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_identical_ballots_at_once_record_one(personas):
    if connection.vendor != "postgresql":
        pytest.skip("the race needs PostgreSQL")
    _org, committee = body_with_members("village_committee", 3)
    meeting, _w = meetings.create_meeting(personas.cadre_a1, region=A1, body=Body.VILLAGE_COMMITTEE, title="例会",
                                          notice_on=MEETING_DAY, meets_on=MEETING_DAY)
    meetings.sign_in(personas.cadre_a1, meeting, [c.pk for c in committee])
    motion = meetings.open_motion(personas.cadre_a1, meeting, text="甲")
    barrier = threading.Barrier(2)
    outcomes = []

    def cast():
        from django.db import connection as thread_connection
        try:
            barrier.wait()
            meetings.cast_ballot(personas.cadre_a1, motion, committee[0], "for")
            outcomes.append("ok")
        except meetings.ValidationError:
            outcomes.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=cast) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Ballot.objects.filter(motion=motion).count() == 1


def test_the_bars_hold_on_the_registry_organisation_path_too(personas):
    """The people module's own 'add member' (its pages and API) refuses barred members as well."""
    from xiangzhi.people import organisations
    from xiangzhi.people.models import Membership

    committee_org, committee = body_with_members("village_committee", 3)
    supervision = body_with_members("supervision_committee", 0)[0]
    with pytest.raises(organisations.ValidationError) as error:
        organisations.add_member(personas.secretary_a1, supervision, committee[0], position="成员",
                                 starts_on=datetime.date(2024, 1, 1))
    assert "是村民委员会成员" in error.value.message_dict["resident"][0]
    watcher = person(name="监委会成员")
    organisations.add_member(personas.secretary_a1, supervision, watcher, position="主任",
                             starts_on=datetime.date(2024, 1, 1))
    with pytest.raises(organisations.ValidationError) as error:
        organisations.add_member(personas.secretary_a1, committee_org, watcher, position="委员",
                                 starts_on=datetime.date(2024, 6, 1))
    assert "须先卸任" in error.value.message_dict["resident"][0]
    assert Membership.objects.filter(organisation=supervision).count() == 1
