"""/api/v1/partywork: the points with their calculation, writes as actions, scope and bad input."""

import datetime
import json

import pytest
from django.utils import timezone

from xiangzhi.partywork.models import Commitment, PointsRules, QuarterReview, Violation

from .partywork_data import A2, attend, branch, member, member_user

pytestmark = pytest.mark.django_db
API = "/api/v1/partywork"


def post(client, path, payload, method="post"):
    return getattr(client, method)(API + path, data=json.dumps(payload), content_type="application/json")


@pytest.fixture
def huang(personas):
    return member(branch())


def test_points_with_lines_for_the_branch_and_the_member(personas, login, huang):
    year = timezone.localdate().year
    attend(huang, datetime.date(year, 1, 10))
    attend(huang, datetime.date(year, 1, 11), present=False)
    data = login(personas.cadre_a1).get(f"{API}/members/{huang.pk}/points").json()
    assert data["total"] == 97 and data["member_class"] == "qualified"
    assert {line["rule"]: line["points"] for line in data["lines"]}["absence"] == -5
    assert [row["name"] for row in login(personas.cadre_a1).get(f"{API}/members").json()] == ["黄志强"]
    assert login(personas.cadre_b1).get(f"{API}/members").json() == []
    assert login(personas.cadre_b1).get(f"{API}/members/{huang.pk}/points").status_code == 404
    assert login(personas.villager_a1).get(f"{API}/members").status_code == 403
    user = member_user(huang)
    assert login(user).get(f"{API}/mine/points").json()["total"] == 97


def test_violation_commitment_and_review_through_the_api(personas, login, huang):
    client = login(personas.secretary_a1)
    bad = post(client, f"/members/{huang.pk}/violations", {"occurred_on": "2025-02-30", "reason": ""})
    assert bad.status_code == 422
    assert bad.json()["errors"] == {"occurred_on": ["请填写有效的发生日期(如 2025-05-01)。"], "reason": ["请填写事由。"]}
    assert not Violation.objects.exists()
    assert post(client, f"/members/{huang.pk}/violations", {"occurred_on": "2024-03-01", "reason": "缺席"}).status_code == 201
    assert Violation.objects.get().occurred_on == datetime.date(2024, 3, 1)
    created = post(client, f"/members/{huang.pk}/commitments", {"year": 2024, "content": "帮扶一户"})
    assert created.status_code == 201
    reviewed = post(client, f"/commitments/{created.json()['id']}/review",
                    {"outcome": "fulfilled", "reviewed_on": "2024-12-28"})
    assert reviewed.json()["outcome"] == "fulfilled"
    data = client.get(f"{API}/members/{huang.pk}/points?year=2024").json()
    assert data["total"] == 95 and Commitment.objects.get().reviewed_on == datetime.date(2024, 12, 28)
    other = member(branch(A2, "骥马村党支部"), name="莫少华")
    assert post(login(personas.cadre_a1), f"/members/{other.pk}/violations",
                {"occurred_on": "2024-03-01", "reason": "缺席"}).status_code == 404
    assert post(login(personas.county), f"/members/{huang.pk}/violations",
                {"occurred_on": "2024-03-01", "reason": "缺席"}).status_code == 403


def test_rules_and_quarter_review_through_the_api(personas, login, huang):
    client = login(personas.township_a)
    bad = post(client, "/rules", {"region": "450321100", "per_meeting": -1}, method="put")
    assert bad.status_code == 422 and bad.json()["errors"]["per_meeting"] == ["参加组织生活(每次)须在 0 到 1000 之间。"]
    ok = post(client, "/rules", {"region": "450321100", "per_meeting": 4}, method="put")
    assert ok.json()["per_meeting"] == 4 and PointsRules.objects.get().per_meeting == 4
    assert login(personas.cadre_a1).get(f"{API}/rules?region=450321100200").json()["source"] == "450321100"
    assert post(login(personas.township_b), "/rules", {"region": "450321100", "per_meeting": 1},
                method="put").status_code == 404
    attend(huang, datetime.date(2024, 2, 1))
    reviewed = post(login(personas.secretary_a1), "/quarter-reviews",
                    {"organisation": huang.organisation_id, "year": 2024, "quarter": 1})
    assert reviewed.status_code == 201 and reviewed.json()[0]["score"] == 104
    assert QuarterReview.objects.get().score == 104
    assert post(login(personas.cadre_b1), "/quarter-reviews",
                {"organisation": huang.organisation_id, "year": 2024, "quarter": 1}).status_code == 404
