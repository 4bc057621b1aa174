"""Volunteer service: sign-up, attendance verified by the organiser, hours → household points,
minors' data masked for everyone but the organiser and the minor's household."""

import datetime

import pytest

from xiangzhi.customs import actions, queries
from xiangzhi.customs.models import VolunteerSignup
from xiangzhi.points.ledger import balance
from xiangzhi.points.models import EntryKind, PointsEntry, RuleItem, RuleSet

from .customs_data import A1, A1_TUN, A2_TUN, household, link, resident

pytestmark = pytest.mark.django_db


def rules(cadre, village=A1, per_hour=2):
    rule_set = RuleSet.objects.create(village_id=village, version=1, title="积分细则", state="adopted",
                                      adopted_by_body="villagers_assembly", adopted_on=datetime.date(2025, 1, 1),
                                      created_by=cadre)
    return RuleItem.objects.create(rule_set=rule_set, code="volunteer_hour", name="志愿服务每小时", points=per_hour)


def activity(cadre, for_minors=False, region=A1):
    team = actions.create_team(cadre, region, name="矮山志愿服务队")
    return actions.create_activity(cadre, team, title="春泥课堂", starts_at="2025-07-10 09:00", for_minors=for_minors)


def test_hours_earn_household_points_by_the_village_rules(personas):
    item = rules(personas.cadre_a1)
    home = link(personas.villager_a1)
    event = activity(personas.cadre_a1)
    signup = actions.sign_up(personas.villager_a1, event, personas.villager_a1.resident)
    signup = actions.verify_attendance(personas.cadre_a1, signup, attended=True, hours="2.5")
    assert (signup.attended, str(signup.hours), signup.points) == (True, "2.5", 5)
    entry = PointsEntry.objects.get()
    assert (entry.kind, entry.points, entry.rule_item, entry.source_type) == (
        EntryKind.VOLUNTEER, 5, item, "customs.volunteer_signup")
    assert balance(home) == 5
    with pytest.raises(actions.ValidationError) as error:
        actions.verify_attendance(personas.cadre_a1, signup, attended=True, hours="1")
    assert "已经核实过了" in error.value.message_dict["attended"][0]
    assert balance(home) == 5


def test_no_points_without_a_rule_but_hours_recorded(personas):
    home = link(personas.villager_a1)
    event = activity(personas.cadre_a1)
    signup = actions.sign_up(personas.villager_a1, event, personas.villager_a1.resident)
    signup = actions.verify_attendance(personas.cadre_a1, signup, attended=True, hours=3)
    assert (str(signup.hours), signup.points) == ("3.0", 0) and balance(home) == 0


def test_only_the_organiser_verifies_and_bad_hours_are_refused(personas):
    link(personas.villager_a1)
    event = activity(personas.cadre_a1)
    signup = actions.sign_up(personas.villager_a1, event, personas.villager_a1.resident)
    with pytest.raises(actions.ValidationError) as error:
        actions.verify_attendance(personas.secretary_a1, signup, attended=True, hours=2)
    assert "只有活动组织者" in error.value.message_dict["attended"][0]
    for hours, message in (("25", "0 到 24"), ("两小时", "须为数字"), ("0", "大于 0")):
        with pytest.raises(actions.ValidationError) as error:
            actions.verify_attendance(personas.cadre_a1, signup, attended=True, hours=hours)
        assert message in error.value.message_dict["hours"][0]
    with pytest.raises(Exception) as refused:
        actions.verify_attendance(personas.villager_a1, signup, attended=True, hours=2)
    assert refused.typename == "PermissionDenied"
    assert VolunteerSignup.objects.get().attended is None


def test_sign_up_rules(personas):
    link(personas.villager_a1)
    event = activity(personas.cadre_a1)
    actions.sign_up(personas.villager_a1, event, personas.villager_a1.resident)
    with pytest.raises(actions.ValidationError) as error:
        actions.sign_up(personas.villager_a1, event, personas.villager_a1.resident)
    assert error.value.message_dict["resident"] == ["已经报过名了。"]
    stranger = resident(household(A2_TUN), name="外村人")
    with pytest.raises(Exception) as refused:
        actions.sign_up(personas.villager_a1, event, stranger)
    assert refused.typename == "PermissionDenied"
    assert VolunteerSignup.objects.count() == 1


def test_minors_masked_except_for_organiser_and_guardians(personas, login):
    home = link(personas.villager_a1, name="韦国强")
    child = resident(home, name="韦小明", birth=datetime.date(2015, 6, 1), relation="child")
    event = activity(personas.cadre_a1, for_minors=True)
    actions.sign_up(personas.villager_a1, event, child)
    neighbour = personas.grid_worker_a1  # any other user; grid workers lack volunteer.view
    other_cadre = personas.secretary_a1
    organiser = login(personas.cadre_a1).get(f"/api/v1/customs/activities/{event.pk}").json()
    assert organiser["signups"][0]["name"] == "韦小明" and organiser["signups"][0]["age"] == 10
    guardian = login(personas.villager_a1).get(f"/api/v1/customs/activities/{event.pk}").json()
    assert guardian["signups"][0]["name"] == "韦小明"
    for user in (other_cadre, personas.township_a):
        client = login(user)
        data = client.get(f"/api/v1/customs/activities/{event.pk}").json()
        assert data["signups"][0]["name"] == "韦**" and data["signups"][0]["age"] is None
        page = client.get(f"/customs/volunteer/{event.pk}/").content.decode()
        assert "韦**" in page and "韦小明" not in page
    assert "韦小明" in login(personas.cadre_a1).get(f"/customs/volunteer/{event.pk}/").content.decode()
    assert login(neighbour).get(f"/customs/volunteer/{event.pk}/").status_code == 403
    # Another villager of the village sees the activity, but not other households' sign-ups.
    other = link(personas.supervisor_a1, name="黄秀英")
    assert other and queries.signups_for(personas.supervisor_a1, event)  # supervisors hold volunteer.view
    assert queries.signups_for(personas.supervisor_a1, event)[0].display_name == "韦**"


def test_api_and_pages_verify_scope_and_bad_input(personas, login):
    rules(personas.cadre_a1, per_hour=3)
    home = link(personas.villager_a1)
    event = activity(personas.cadre_a1)
    villager = login(personas.villager_a1)
    response = villager.post(f"/api/v1/customs/activities/{event.pk}/signups",
                             {"resident": personas.villager_a1.resident_id}, content_type="application/json")
    assert response.status_code == 201
    signup = VolunteerSignup.objects.get()
    assert login(personas.cadre_b1).post(f"/api/v1/customs/signups/{signup.pk}/verify",
                                         {"attended": True, "hours": 2}, content_type="application/json").status_code == 404
    assert login(personas.villager_a1).post(f"/api/v1/customs/signups/{signup.pk}/verify",
                         {"attended": True, "hours": 2}, content_type="application/json").status_code == 403
    cadre = login(personas.cadre_a1)
    bad = cadre.post(f"/customs/volunteer/signups/{signup.pk}/verify/", {"attended": "1", "hours": "99"})
    assert bad.status_code == 422 and "服务时长须在 0 到 24 小时之间。" in bad.content.decode()
    assert cadre.post(f"/customs/volunteer/signups/{signup.pk}/verify/", {"attended": "1", "hours": "2"}).status_code == 302
    assert balance(home) == 6
    assert login(personas.cadre_b1).get(f"/customs/volunteer/{event.pk}/").status_code == 404
    team_bad = login(personas.cadre_a1).post("/api/v1/customs/teams", {"region": A1, "name": ""}, content_type="application/json")
    assert team_bad.status_code == 422 and team_bad.json()["errors"]["name"] == ["请填写队名。"]
    assert A1_TUN.startswith(A1)
