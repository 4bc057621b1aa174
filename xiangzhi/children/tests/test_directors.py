"""儿童主任: appointment by the township (one at a time), the post it gives and ends, coverage."""

import pytest

from xiangzhi.accounts.models import Post
from xiangzhi.children.models import ChildDirector
from xiangzhi.core.models import AuditEvent

from .children_data import A1, A2, B1, appoint, post, world

pytestmark = pytest.mark.django_db


def test_appoint_gives_post_and_one_at_a_time(personas, login):
    w = world()
    client = login(personas.township_a)
    response = appoint(client)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "蓝主任" and body["current"] and body["username"] == "director_a1"
    granted = Post.objects.get(user=w.director)
    assert (granted.role, granted.region_id, granted.ends_on) == ("child_director", A1, None)
    assert AuditEvent.objects.filter(action="children.director.appoint", region_code=A1).count() == 1
    assert AuditEvent.objects.filter(action="post.create", actor=personas.township_a).count() == 1

    second = appoint(client, username="", id_number=w.mother.id_number)
    assert second.status_code == 422
    assert "本村已有儿童主任 蓝主任" in second.json()["errors"]["village"][0]
    assert ChildDirector.objects.count() == 1

    ended = post(client, f"/api/v1/children/directors/{body['id']}/end", {"ended_on": "2025-01-31", "reason": "外出务工"})
    assert ended.status_code == 200 and ended.json()["ended_on"] == "2025-01-31"
    granted.refresh_from_db()
    assert granted.ends_on.isoformat() == "2025-01-31"
    # The resident picked from the registry succeeds once the first has left.
    replaced = appoint(client, username="", id_number=w.mother.id_number, appointed_on="2025-02-01")
    assert replaced.status_code == 201 and replaced.json()["name"] == "韦秀英"
    # The mother's sign-in (linked to her resident record) gets the post.
    assert Post.objects.filter(user=w.guardian, role="child_director", region_id=A1, ends_on=None).exists()


def test_appoint_bad_input_scope_and_capability(personas, login):
    w = world()
    township = login(personas.township_a)
    child = appoint(township, username="", id_number=w.child.id_number)
    assert child.status_code == 422 and child.json()["errors"]["id_number"] == ["儿童主任须为成年人。"]
    nobody = appoint(township, username="", appointed_on="2099-01-01")
    assert set(nobody.json()["errors"]) == {"id_number", "appointed_on"}
    assert "不能晚于今天" in nobody.json()["errors"]["appointed_on"][0]
    assert appoint(township, username="ghost").json()["errors"]["username"] == ["没有账号“ghost”。"]
    outsider = appoint(township, username="", id_number="110101199003070011")
    assert outsider.status_code == 422
    assert appoint(township, village=B1).status_code == 404
    assert appoint(login(personas.secretary_a1)).status_code == 403
    assert appoint(login(personas.auditor)).status_code == 403
    assert not ChildDirector.objects.exists() and not Post.objects.filter(role="child_director").exists()


def test_end_bad_input(personas, login):
    world()
    client = login(personas.township_a)
    pk = appoint(client).json()["id"]
    early = post(client, f"/api/v1/children/directors/{pk}/end", {"ended_on": "2024-01-01", "reason": ""})
    assert early.status_code == 422 and set(early.json()["errors"]) == {"ended_on", "reason"}
    assert post(login(personas.township_b), f"/api/v1/children/directors/{pk}/end",
                {"ended_on": "2025-01-01", "reason": "x"}).status_code == 404
    assert ChildDirector.objects.get().ended_on is None


def test_coverage_counts_and_page(personas, login):
    world()
    appoint(login(personas.township_a))
    data = login(personas.county).get("/api/v1/children/coverage").json()
    assert (data["villages"], data["covered"]) == (3, 1)
    rows = {row["code"]: row for row in data["rows"]}
    assert rows[A1]["director"] == "蓝主任" and rows[A2]["director"] is None
    assert [unit["covered"] for unit in data["units"]] == [1, 0]
    page = login(personas.township_a).get("/children/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "蓝主任" in text and "未配备" in text and "已配备儿童主任的村 1 / 2" in text
    assert login(personas.township_b).get(f"/children/?region={A1}").status_code == 404
    assert login(personas.villager_a1).get("/children/").status_code == 403


def test_directors_page_appoint_and_end(personas, login):
    world()
    client = login(personas.township_a)
    bad = client.post(f"/children/directors/{A1}/", {"username": "", "id_number": "", "appointed_on": ""})
    assert bad.status_code == 422 and "请填写本村村民的公民身份号码" in bad.content.decode()
    done = client.post(f"/children/directors/{A1}/", {"username": "director_a1", "appointed_on": "2024-03-01"})
    assert done.status_code == 302
    director = ChildDirector.objects.get()
    page = client.get(f"/children/directors/{A1}/").content.decode()
    assert "现任:蓝主任" in page and "确认离任" in page
    assert client.post(f"/children/directors/end/{director.pk}/", {"ended_on": "2025-01-01", "reason": "调离"}).status_code == 302
    director.refresh_from_db()
    assert director.ended_on.isoformat() == "2025-01-01" and director.end_reason == "调离"
    assert client.put(f"/children/directors/{A1}/").status_code == 405
    assert login(personas.cadre_a1).post(f"/children/directors/{A1}/", {"username": "director_a1"}).status_code == 403
