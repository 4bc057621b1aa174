"""分层次培训: plans within the organiser's scope, trainees read from posts, attendance only for
trainees and after the training, the cadre's own trainings and hours, coverage by unit."""

import datetime

import pytest
from django.utils import timezone

from xiangzhi.cadres import actions, queries
from xiangzhi.cadres.models import Attendance, TrainingPlan
from xiangzhi.core.models import AuditEvent

from .cadres_data import A1, A2, TOWNSHIP_A, backdate_posts, other_county_official, training_payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas):
    backdate_posts()
    return actions.create_training(personas.county, **training_payload(target_roles=["village_secretary",
                                                                                      "village_cadre"]))


def form_data(**values):
    data = training_payload(**values)
    data["region"] = data.pop("region_code")
    return data


def test_county_creates_a_plan_from_the_page(personas, login):
    backdate_posts()
    client = login(personas.county)
    assert client.get("/cadres/trainings/new/").status_code == 200
    response = client.post("/cadres/trainings/new/", form_data())
    plan = TrainingPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cadres/trainings/{plan.pk}/"
    assert (plan.level, plan.region_id, plan.target_roles, plan.hours) == ("county", "450321",
                                                                           ["village_secretary"], 24)
    assert AuditEvent.objects.filter(action="training.create", target_id=str(plan.pk)).exists()
    page = client.get(response["Location"]).content.decode()
    assert "secretary_a1" in page and "cadre_a1" not in page


def test_wrong_method_capability_scope_and_bad_input(personas, login):
    assert login(personas.county).put("/cadres/trainings/new/").status_code == 405
    assert login(personas.cadre_a1).post("/cadres/trainings/new/", form_data(region=A1)).status_code == 403
    assert login(personas.township_b).post("/cadres/trainings/new/", form_data(region=A1)).status_code == 404
    response = login(personas.county).post("/cadres/trainings/new/", form_data(
        title="", hours="abc", ends_on="2000-01-01", target_roles=[]))
    assert response.status_code == 422
    page = response.content.decode()
    assert "请填写培训名称" in page and "学时须为数字" in page and "结束日期不能早于开始日期" in page
    assert "请至少选择一类培训对象" in page
    assert not TrainingPlan.objects.exists()


def test_township_sees_the_county_plan_other_county_does_not(personas, login, plan):
    assert login(personas.township_a).get(f"/cadres/trainings/{plan.pk}/").status_code == 200
    assert plan.title in login(personas.township_a).get("/cadres/").content.decode()
    outsider = other_county_official()
    assert login(outsider).get(f"/cadres/trainings/{plan.pk}/").status_code == 404
    # A township plan is not the county's neighbour township's business.
    own = actions.create_training(personas.township_a, **training_payload(region_code=TOWNSHIP_A))
    assert login(personas.township_b).get(f"/cadres/trainings/{own.pk}/").status_code == 404


def test_attendance_for_trainees_only_with_reasons(personas, login, plan):
    client = login(personas.county)
    url = f"/cadres/trainings/{plan.pk}/attendance/"
    assert client.get(url).status_code == 405
    outsider = client.post(url, {f"status_{personas.villager_a1.pk}": "present"})
    assert outsider.status_code == 422 and "不是本次培训的培训对象" in outsider.content.decode()
    no_reason = client.post(url, {f"status_{personas.secretary_a1.pk}": "present",
                                  f"status_{personas.cadre_a1.pk}": "absent"})
    assert no_reason.status_code == 422 and "请填写cadre_a1的缺席原因" in no_reason.content.decode()
    assert not Attendance.objects.exists()
    assert login(personas.township_a).post(url, {f"status_{personas.cadre_a1.pk}": "present"}).status_code == 404
    assert login(personas.cadre_a1).post(url, {f"status_{personas.cadre_a1.pk}": "present"}).status_code == 403
    client = login(personas.county)
    done = client.post(url, {f"status_{personas.secretary_a1.pk}": "present", f"status_{personas.cadre_a1.pk}": "absent",
                             f"reason_{personas.cadre_a1.pk}": "病假"})
    assert done.status_code == 302
    rows = {row.user_id: (row.status, row.absence_reason, row.region_id) for row in Attendance.objects.all()}
    assert rows[personas.secretary_a1.pk] == ("present", "", A1)
    assert rows[personas.cadre_a1.pk] == ("absent", "病假", A1)
    event = AuditEvent.objects.get(action="training.attendance")
    assert event.changes[str(personas.cadre_a1.pk)] == [None, ["absent", "病假"]]


def test_attendance_waits_for_the_end_of_the_training(personas, login):
    backdate_posts()
    start = timezone.localdate() + datetime.timedelta(days=3)
    future = actions.create_training(personas.county, **training_payload(
        starts_on=start.isoformat(), ends_on=start.isoformat(), year=start.year))
    response = login(personas.county).post(f"/cadres/trainings/{future.pk}/attendance/",
                                           {f"status_{personas.secretary_a1.pk}": "present"})
    assert response.status_code == 422 and "培训结束" in response.content.decode()
    assert not Attendance.objects.exists()


def test_cadre_sees_own_trainings_and_hours(personas, login, plan):
    actions.record_attendance(personas.county, plan, [
        {"user": personas.cadre_a1.pk, "status": "present"},
        {"user": personas.secretary_a1.pk, "status": "absent", "reason": "外出办事"}])
    mine = login(personas.cadre_a1).get("/cadres/mine/")
    page = mine.content.decode()
    assert plan.title in page and 'id="hours">24.0<' in page
    secretary = login(personas.secretary_a1).get("/cadres/mine/").content.decode()
    assert "外出办事" in secretary and 'id="hours">0<' in secretary
    # The other village's cadre was a trainee too but nothing was recorded for them.
    other = login(personas.cadre_a2).get("/cadres/mine/").content.decode()
    assert plan.title in other and "未登记" in other
    assert login(personas.cadre_a1).get("/cadres/").status_code == 302


def test_coverage_counts_units_not_people(personas, login, plan):
    actions.record_attendance(personas.county, plan, [{"user": personas.cadre_a1.pk, "status": "present"}])
    page = login(personas.township_a).get("/cadres/coverage/").content.decode()
    assert "cadre_a1" not in page
    rows = {row["region"].code: row for row in queries.coverage(personas.township_a, plan.year)}
    # A1: cadre, secretary, supervisor; one trained. A2: one cadre, none trained.
    assert (rows[A1]["cadres"], rows[A1]["trained"], rows[A1]["share"]) == (3, 1, 33.3)
    assert (rows[A2]["cadres"], rows[A2]["trained"]) == (1, 0)
    assert login(personas.villager_a1).get("/cadres/coverage/").status_code == 403
