"""Minors' privacy: a child's file is seen by the village's child director, the township's civil-
affairs officer and the guardians recorded on it — pages and API alike; everyone else gets 404 on
the file and counts only on the coverage page."""

import pytest
from django.utils import timezone

from conftest import make_user
from xiangzhi.children import actions
from xiangzhi.core.models import AuditEvent

from .children_data import A1, appoint, world

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(personas, login):
    w = world()
    appoint(login(personas.township_a))
    w.director.refresh_from_db()
    opened = actions.open_case(w.director, w.child, category="left_behind", guardians=[w.mother.pk],
                               needs="需要课业辅导")
    actions.record_visit(w.director, opened, date=timezone.localdate(), kind="home", findings="祖母年迈,照料吃力",
                         help_given="联系学校课后托管", follow_up="一周后回访")
    return w, opened


def test_readers_see_the_child(case, personas, login):
    w, opened = case
    for user in (w.director, w.officer_a, w.guardian):
        client = login(user)
        page = client.get(f"/children/cases/{opened.pk}/")
        assert page.status_code == 200 and "韦小花" in page.content.decode(), user
        detail = client.get(f"/api/v1/children/cases/{opened.pk}")
        assert detail.status_code == 200 and detail.json()["child_name"] == "韦小花"
        assert [case["child_name"] for case in client.get("/api/v1/children/cases").json()] == ["韦小花"]
        assert "韦小花" in client.get("/children/cases/").content.decode()
    # Guardians read the help given, not the carers' findings and follow-up.
    guardian = login(w.guardian).get(f"/api/v1/children/cases/{opened.pk}").json()["visits"][0]
    assert guardian["help_given"] == "联系学校课后托管" and guardian["findings"] is None
    assert "祖母年迈" not in login(w.guardian).get(f"/children/cases/{opened.pk}/").content.decode()
    assert login(w.officer_a).get(f"/api/v1/children/cases/{opened.pk}").json()["visits"][0]["findings"] == "祖母年迈,照料吃力"
    # Every read of the file is recorded, without the child's name.
    views = AuditEvent.objects.filter(action="children.case.view")
    assert views.count() == 9 and not views.filter(target_repr__contains="韦小花").exists()


def test_everyone_else_gets_404_and_counts_only(case, personas, login):
    w, opened = case
    plain_township = make_user("township_plain", "township_official", "450321100", department="organisation")
    outsiders = [personas.secretary_a1, personas.cadre_a1, personas.township_a, plain_township, personas.county,
                 w.officer_b, personas.auditor, personas.villager_a1, w.neighbour, personas.grid_worker_a1]
    for user in outsiders:
        client = login(user)
        assert client.get(f"/children/cases/{opened.pk}/").status_code == 404, user
        assert client.get(f"/api/v1/children/cases/{opened.pk}").status_code == 404, user
        assert client.get(f"/api/v1/children/cases/{opened.pk}/visits").status_code == 404, user
        assert client.get(f"/children/v/{A1}/").status_code in (403, 404), user
        assert client.get(f"/api/v1/children/villages/{A1}/minors").status_code in (403, 404), user
        listing = client.get("/api/v1/children/cases")
        assert listing.status_code == 403 or listing.json() == [], user
        assert "韦小花" not in client.get("/children/cases/").content.decode()
    # Those with the coverage capability see the count, never the name.
    for user in (personas.secretary_a1, personas.township_a, personas.county, personas.auditor):
        client = login(user)
        page = client.get("/children/").content.decode()
        assert "韦小花" not in page and "关爱中的儿童 1 人" in page, user
        rows = {row["code"]: row for row in client.get("/api/v1/children/coverage").json()["rows"]}
        assert rows[A1]["cases"] == 1
    # The county's civil-affairs department cannot write either.
    denied = login(personas.county).post(f"/api/v1/children/cases/{opened.pk}/visits", {}, content_type="application/json")
    assert denied.status_code == 404
    assert login(w.officer_b).get(f"/children/v/{A1}/").status_code == 404
    assert login(personas.secretary_a1).get(f"/children/v/{A1}/").status_code == 403


def test_ended_director_loses_access(case, personas, login):
    w, opened = case
    assert login(w.director).get(f"/children/cases/{opened.pk}/").status_code == 200
    actions.end_director(personas.township_a, opened.director, ended_on="2025-03-31", reason="调离")
    assert login(w.director).get(f"/children/cases/{opened.pk}/").status_code == 404
    assert login(w.director).get("/api/v1/children/cases").status_code == 403
