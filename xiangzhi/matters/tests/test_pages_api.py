"""Matter pages and API with the region personas: list, register, record a step, ⑤, the public
page (no login, 404 unless published), the portal section, and the township's supervision."""

import pytest
from django.urls import reverse

from xiangzhi.assembly.models import Body
from xiangzhi.finance.models import Filing
from xiangzhi.matters import actions
from xiangzhi.matters.models import Matter, MatterState, MatterStep

from .helpers import A1, Village, fresh, item, register, take_steps


@pytest.fixture
def village(personas):
    return Village(A1)


def test_list_and_detail_scope(personas, village, login, client):
    matter = register(personas)
    for user, status in ((personas.cadre_a1, 200), (personas.township_a, 200), (personas.county, 200),
                         (personas.supervisor_a1, 200), (personas.cadre_a2, 404), (personas.township_b, 404),
                         (personas.villager_a1, 403), (personas.grid_worker_a1, 403)):
        login(user)
        assert client.get(reverse("matters:detail", args=[matter.pk])).status_code == status, user
        assert client.get(f"/api/v1/matters/{matter.pk}").status_code == status, user
    login(personas.cadre_a2)
    assert "修建村道" not in client.get(reverse("matters:list")).content.decode()
    assert client.get("/api/v1/matters").json()["count"] == 0
    login(personas.township_a)
    assert "修建村道" in client.get(reverse("matters:list")).content.decode()


def test_register_page(personas, login, client):
    item()
    login(personas.cadre_a1)
    url = reverse("matters:create") + f"?village={A1}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"village": A1, "title": "购置农机", "amount": "12x"})
    assert "涉及金额“12x”不是有效的数字。" in response.content.decode()
    response = client.post(url, {"village": A1, "title": " ", "amount": "100"})
    assert "请填写事项名称。" in response.content.decode()
    assert not Matter.objects.exists()
    response = client.post(url, {"village": A1, "title": "购置农机", "amount": "60,000"})
    matter = Matter.objects.get()
    assert response.status_code == 302 and matter.amount_fen == 6_000_000
    assert matter.item.name == "金额超过县定标准的事项"
    login(personas.cadre_b1)
    assert client.get(url).status_code == 404
    login(personas.villager_a1)
    assert client.get(url).status_code == 403


def test_record_step_page_wrong_method_and_bad_input(personas, village, login, client):
    matter = register(personas)
    resolution = village.hold(personas.cadre_a1, Body.PARTY_ORGANISATION)
    login(personas.cadre_a1)
    url = reverse("matters:record_step", args=[matter.pk, 1])
    assert client.get(url).status_code == 405
    response = client.post(reverse("matters:record_step", args=[matter.pk, 2]), {"resolution": resolution.pk})
    assert response.status_code == 422
    assert "须先完成“① 村党组织提议”,才能记录“② 村“两委”会议商议”。" in response.content.decode()
    assert fresh(matter).state == MatterState.PROPOSAL
    response = client.post(url, {"resolution": resolution.pk, "comment": "支委会提议"})
    assert response.status_code == 302 and fresh(matter).state == MatterState.PROPOSED
    login(personas.cadre_a2)
    assert client.post(reverse("matters:record_step", args=[matter.pk, 2]), {"resolution": 1}).status_code == 404
    login(personas.supervisor_a1)
    assert client.post(reverse("matters:record_step", args=[matter.pk, 2]), {"resolution": 1}).status_code == 403
    assert MatterStep.objects.filter(matter=matter).count() == 1


def test_api_steps_and_notices(personas, village, login, client):
    item()
    login(personas.cadre_a1)
    response = client.post("/api/v1/matters", {"village": A1, "title": "修建文化室", "item": item().pk},
                           content_type="application/json")
    assert response.status_code == 201
    matter_id = response.json()["id"]
    resolution = village.hold(personas.cadre_a1, Body.PARTY_MEMBERS)
    response = client.post(f"/api/v1/matters/{matter_id}/steps", {"step": 3, "resolution": resolution.pk},
                           content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == {"step": ["须先完成“① 村党组织提议”,才能记录“③ 党员大会审议”。"]}
    matter = take_steps(personas, village, Matter.objects.get(pk=matter_id))
    response = client.post(f"/api/v1/matters/{matter_id}/notices/resolution", {"text": "决议:修建文化室。"},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["kind"] == "resolution"
    detail = client.get(f"/api/v1/matters/{matter_id}").json()
    assert detail["state"] == "implementing" and detail["missing_step"] is None
    assert [step["step"] for step in detail["steps"]] == [1, 2, 3, 4]
    response = client.post(f"/api/v1/matters/{matter_id}/milestones", {"title": "主体", "due_on": "2030-01-01"},
                           content_type="application/json")
    assert response.status_code == 201
    milestone_id = response.json()["id"]
    response = client.patch(f"/api/v1/matters/milestones/{milestone_id}", {"progress": 100},
                            content_type="application/json")
    assert response.status_code == 200 and response.json()["done_on"]
    assert client.post(f"/api/v1/matters/{matter_id}/implemented", {}, content_type="application/json").status_code == 200
    response = client.post(f"/api/v1/matters/{matter_id}/notices/result", {"text": "文化室建成。"},
                           content_type="application/json")
    assert response.status_code == 201 and fresh(matter).state == MatterState.CLOSED
    login(personas.cadre_b1)
    assert client.get(f"/api/v1/matters/{matter_id}/notices").status_code == 404
    assert client.patch(f"/api/v1/matters/milestones/{milestone_id}", {"progress": 1},
                        content_type="application/json").status_code == 404


def test_public_page_shows_only_published_notices(personas, village, client):
    matter = take_steps(personas, village, register(personas))
    url = reverse("matters:public", args=[matter.pk])
    assert client.get(url).status_code == 404
    assert "修建村道" not in client.get(reverse("portal:region", args=[A1])).content.decode()
    actions.publish_resolution(personas.cadre_a1, matter, text="经村民会议决议,修建村道。")
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200 and "经村民会议决议,修建村道。" in body and "公开日志第 0 条" in body
    assert "村民" + str(village.branch_members[0].pk) not in body
    portal = client.get(reverse("portal:region", args=[A1])).content.decode()
    assert "修建村道" in portal and "决议公开" in portal and "公开日志第 0 条" in portal
    assert "修建村道" not in client.get(reverse("portal:region", args=["450321100202"])).content.decode()
    assert client.post(url).status_code == 405


def test_supervision_shows_bypassed_filings_and_overdue(personas, village, login, client):
    from django.core.files.base import ContentFile

    filing = Filing(region_id=A1, kind="asset_disposal", title="出租村集体仓库", amount_fen=100, description="出租",
                    resolution_name="决议.pdf", resolution_sha256="0" * 64, submitted_by=personas.cadre_a1,
                    state="approved")
    filing.resolution.save("r.pdf", ContentFile(b"%PDF"), save=False)
    filing.save()
    login(personas.township_a)
    body = client.get(reverse("matters:supervision")).content.decode()
    assert "出租村集体仓库" in body and "没有对应的四议两公开事项" in body
    flagged = client.get("/api/v1/matters/supervision").json()
    assert flagged == [{"kind": "filing", "id": filing.pk, "village": A1, "title": "出租村集体仓库",
                        "missing": "没有对应的四议两公开事项"}]
    matter = register(personas, catalogue_item=item("以借贷、租赁或者其他方式处分村集体财产"))
    actions.link_filing(personas.cadre_a1, matter, filing.pk)
    assert client.get("/api/v1/matters/supervision").json()[0]["missing"] == "事项“修建村道”尚缺“① 村党组织提议”"
    login(personas.township_b)
    assert client.get("/api/v1/matters/supervision").json() == []
    assert client.get(reverse("matters:supervision"), {"region": A1}).status_code == 404
    login(personas.cadre_a1)
    assert client.get(reverse("matters:supervision")).status_code == 403
