"""第一书记 and 驻村工作队: terms without overlapping 第一书记, work logs by the assignee or the township."""

import pytest

from conftest import make_user
from xiangzhi.core.models import AuditEvent
from xiangzhi.talent.models import Assignment, WorkLog

from .talent_data import A1, A2, B1, post

pytestmark = pytest.mark.django_db


def _assign(client, village=A1, **extra):
    data = {"village": village, "role": "first_secretary", "name": "李驻村", "sending_unit": "县财政局",
            "starts_on": "2024-01-01", "ends_on": "2025-12-31", **extra}
    return post(client, "/api/v1/talent/assignments", data)


def test_assign_and_refuse_overlap(personas, login):
    client = login(personas.township_a)
    first = _assign(client)
    assert first.status_code == 201 and first.json()["role_label"] == "第一书记"
    overlap = _assign(client, name="王重叠", starts_on="2025-06-01", ends_on="2027-05-31")
    assert overlap.status_code == 422 and "任期不能重叠" in overlap.json()["errors"]["starts_on"][0]
    after = _assign(client, name="王接任", starts_on="2026-01-01", ends_on="")
    assert after.status_code == 201
    # An open-ended term overlaps everything after it; team members may overlap freely.
    assert _assign(client, name="赵再派", starts_on="2030-01-01").status_code == 422
    assert _assign(client, name="队员甲", role="team_member").status_code == 201
    assert Assignment.objects.filter(region_id=A1, role="first_secretary").count() == 2
    assert AuditEvent.objects.filter(action="talent_assignment.create").count() == 3


def test_assign_bad_input_scope_and_capability(personas, login):
    bad = _assign(login(personas.township_a), starts_on="2025-05-01", ends_on="2025-04-01", sending_unit="")
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"ends_on", "sending_unit"}
    assert "不能早于开始日期" in bad.json()["errors"]["ends_on"][0]
    assert _assign(login(personas.township_a), starts_on="2025-02-30").json()["errors"]["starts_on"]
    assert _assign(login(personas.township_a), B1).status_code == 404
    assert _assign(login(personas.cadre_a1)).status_code == 403
    assert _assign(login(personas.township_a), username="nobody").json()["errors"]["username"][0] == "没有账号“nobody”。"
    assert not Assignment.objects.exists()


def test_villages_without_first_secretary(personas, login):
    _assign(login(personas.township_a), starts_on="2024-01-01", ends_on="")
    overview = login(personas.county).get("/api/v1/talent/overview").json()
    assert {row["code"] for row in overview["without_first_secretary"]} == {A2, B1}
    rows = {row["code"]: row for row in overview["villages"]}
    assert rows[A1]["first_secretary"] == "李驻村"


def test_work_logs_by_the_right_people_only(personas, login):
    assignee = make_user("first_sec", "party_member", A1)
    other = make_user("other_sec", "party_member", A2)
    pk = _assign(login(personas.township_a), username="first_sec", name="").json()["id"]
    assert Assignment.objects.get().name == "first_sec"
    own = post(login(assignee), f"/api/v1/talent/assignments/{pk}/logs", {"date": "2025-03-02", "work": "走访脱贫户 12 户"})
    assert own.status_code == 201
    township = post(login(personas.township_a), f"/api/v1/talent/assignments/{pk}/logs",
                    {"date": "2025-03-03", "work": "镇里代录:召开产业会"})
    assert township.status_code == 201
    # A village cadre reads the log but does not write it; another assignee cannot even see it.
    assert post(login(personas.cadre_a1), f"/api/v1/talent/assignments/{pk}/logs",
                {"date": "2025-03-04", "work": "x"}).status_code == 403
    assert post(login(other), f"/api/v1/talent/assignments/{pk}/logs",
                {"date": "2025-03-04", "work": "x"}).status_code == 404
    assert post(login(personas.township_b), f"/api/v1/talent/assignments/{pk}/logs",
                {"date": "2025-03-04", "work": "x"}).status_code == 404
    outside = post(login(assignee), f"/api/v1/talent/assignments/{pk}/logs", {"date": "2023-12-31", "work": "x"})
    assert outside.status_code == 422 and "不在任期内" in outside.json()["errors"]["date"][0]
    empty = post(login(assignee), f"/api/v1/talent/assignments/{pk}/logs", {"date": "2025-03-05", "work": " "})
    assert empty.status_code == 422 and "工作内容" in empty.json()["errors"]["work"][0]
    logs = login(personas.cadre_a1).get(f"/api/v1/talent/assignments/{pk}").json()["logs"]
    assert [log["work"] for log in logs] == ["镇里代录:召开产业会", "走访脱贫户 12 户"]
    assert WorkLog.objects.count() == 2
    assert [a["id"] for a in login(assignee).get("/api/v1/talent/assignments").json()] == [pk]


def test_end_assignment(personas, login):
    pk = _assign(login(personas.township_a), starts_on="2024-01-01", ends_on="").json()["id"]
    bad = post(login(personas.township_a), f"/api/v1/talent/assignments/{pk}/end", {"ends_on": "2023-01-01"})
    assert bad.status_code == 422 and Assignment.objects.get().ends_on is None
    assert post(login(personas.cadre_a1), f"/api/v1/talent/assignments/{pk}/end",
                {"ends_on": "2025-01-01"}).status_code == 403
    good = post(login(personas.township_a), f"/api/v1/talent/assignments/{pk}/end", {"ends_on": "2025-01-01"})
    assert good.status_code == 200 and str(Assignment.objects.get().ends_on) == "2025-01-01"
