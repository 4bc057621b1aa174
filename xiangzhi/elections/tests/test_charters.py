"""村规民约 / 自治章程: adoption only by a passed 村民会议 resolution, 备案 with the township (approve, or
return naming the articles), versions, the publication log and the public page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from xiangzhi.assembly.models import Body
from xiangzhi.core.models import AuditEvent
from xiangzhi.elections import charters
from xiangzhi.elections.models import Charter
from xiangzhi.translog.models import LogEntry

from .election_data import A1, A2, resolution

ARTICLES = ["爱护公共设施,不乱砍滥伐。", "红白喜事从简,不大操大办。", "邻里和睦,有事协商解决。"]


def draft(personas, articles=ARTICLES, kind="village_rules"):
    return charters.create_charter(personas.cadre_a1, region=A1, kind=kind, articles=articles)


def approved(personas, charter):
    charters.adopt_charter(personas.cadre_a1, charter, resolution_id=resolution(personas.cadre_a1).pk)
    charters.file_charter(personas.cadre_a1, charter)
    charters.approve_charter(personas.township_a, charter, comment="符合法律法规")
    charter.refresh_from_db()
    return charter


def test_adoption_only_by_a_passed_villagers_assembly_resolution(personas):
    charter = draft(personas)
    failed = resolution(personas.cadre_a1, passed=False)
    representatives = resolution(personas.cadre_a1, body=Body.REPRESENTATIVES)
    not_held = resolution(personas.cadre_a1, held=False)
    elsewhere = resolution(personas.cadre_a2, region=A2)
    refusals = {
        failed.pk: "该决议未获通过:赞成 20 票,未过半数",
        representatives.pk: "该决议由村民代表会议作出,此处须由村民会议作出。",
        not_held.pk: "作出该决议的会议尚未召开。",
        elsewhere.pk: f"本村没有编号为 {elsewhere.pk} 的决议。",
        "": "本村没有编号为  的决议。",
    }
    for resolution_id, message in refusals.items():
        with pytest.raises(ValidationError) as caught:
            charters.adopt_charter(personas.cadre_a1, charter, resolution_id=resolution_id)
        assert caught.value.message_dict["resolution"] == [message]
        charter.refresh_from_db()
        assert charter.state == "draft" and charter.resolution is None
    passed = resolution(personas.cadre_a1)
    charters.adopt_charter(personas.cadre_a1, charter, resolution_id=passed.pk)
    charter.refresh_from_db()
    assert (charter.state, charter.resolution, charter.adopted_on) == ("adopted", passed, timezone.localtime(passed.meeting.held_at).date())
    with pytest.raises(ValidationError):
        charters.update_articles(personas.cadre_a1, charter, articles=["改一条"])


def test_township_returns_listing_articles_then_approves(personas):
    charter = draft(personas)
    charters.adopt_charter(personas.cadre_a1, charter, resolution_id=resolution(personas.cadre_a1).pk)
    charters.file_charter(personas.cadre_a1, charter)
    with pytest.raises(ValidationError) as caught:
        charters.return_charter(personas.township_a, charter, articles="2, 9", comment="与法律不符")
    assert caught.value.message_dict["articles"] == ["本版本没有第 9 条。"]
    with pytest.raises(ValidationError) as caught:
        charters.return_charter(personas.township_a, charter, articles="第二条", comment="与法律不符")
    assert caught.value.message_dict["articles"] == ["条款编号“二”无效,请写数字,如 2、5。"]
    with pytest.raises(ValidationError) as caught:
        charters.return_charter(personas.township_a, charter, articles="2", comment="")
    assert caught.value.message_dict["comment"] == ["请填写退回修改的理由。"]
    with pytest.raises(PermissionDenied):
        charters.return_charter(personas.cadre_a1, charter, articles="2", comment="自己退回")
    with pytest.raises(Http404):
        charters.return_charter(personas.township_b, charter, articles="2", comment="越界")
    charters.return_charter(personas.township_a, charter, articles="2、3", comment="第2条、第3条表述须修改")
    charter.refresh_from_db()
    assert (charter.state, charter.returned_articles) == ("returned", [2, 3])
    # The village corrects the articles, the 村民会议 adopts again, the township approves.
    charters.update_articles(personas.cadre_a1, charter, articles=[ARTICLES[0], "婚丧事宜简办。", "邻里互助。"])
    assert AuditEvent.objects.get(action="charter.edit").changes["articles_changed"] == [None, [2, 3]]
    approved(personas, charter)
    assert charter.state == "approved" and charter.returned_articles == []
    entry = LogEntry.objects.get(kind="village_rules", object_id=str(charter.pk))
    assert "婚丧事宜简办。" in bytes(entry.data).decode()


def test_versions_supersede_and_the_current_one_is_public(personas, client):
    first = approved(personas, draft(personas))
    with pytest.raises(ValidationError):
        charters.update_articles(personas.cadre_a1, first, articles=["改"])
    second = charters.create_charter(personas.cadre_a1, region=A1, kind="village_rules")
    assert (second.version, second.state, second.based_on) == (2, "draft", first)
    assert [a.text for a in charters.articles_of(second)] == ARTICLES
    with pytest.raises(ValidationError) as caught:
        charters.create_charter(personas.cadre_a1, region=A1, kind="village_rules")
    assert caught.value.message_dict["kind"] == ["已有第 2 版(草案)正在办理,请先办完它。"]
    charters.update_articles(personas.cadre_a1, second, articles=[*ARTICLES, "节约用水。"])
    page = client.get(reverse("portal:region", args=[A1])).content.decode()
    assert "红白喜事从简" in page and "节约用水" not in page
    approved(personas, second)
    first.refresh_from_db()
    assert first.state == "superseded" and second.state == "approved"
    assert list(Charter.objects.current().filter(region_id=A1)) == [second]
    page = client.get(reverse("portal:region", args=[A1])).content.decode()
    assert "节约用水" in page and "公开日志第" in page
    assert client.get(reverse("elections:public_charter", args=[first.pk])).status_code == 200
    assert client.get(reverse("elections:public_charter", args=[draft(personas, kind="statute").pk])).status_code == 404


def test_bad_input_scope_and_pages(personas, login):
    with pytest.raises(ValidationError) as caught:
        charters.create_charter(personas.cadre_a1, region=A1, kind="rules", articles=[" ", ""])
    assert caught.value.message_dict == {"kind": ["请选择村规民约或村民自治章程。"]}
    with pytest.raises(ValidationError) as caught:
        charters.create_charter(personas.cadre_a1, region=A1, kind="statute", articles=[" ", ""])
    assert caught.value.message_dict == {"articles": ["请至少写一条条款(每行一条)。"]}
    with pytest.raises(PermissionDenied):
        charters.create_charter(personas.supervisor_a1, region=A1, kind="statute", articles=ARTICLES)
    with pytest.raises(Http404):
        charters.create_charter(personas.cadre_b1, region=A1, kind="statute", articles=ARTICLES)
    assert not Charter.objects.exists()
    client = login(personas.cadre_a1)
    response = client.post(reverse("elections:charter_create"), {"region": A1, "kind": "village_rules", "articles": "\n".join(ARTICLES)})
    charter = Charter.objects.get()
    assert response.status_code == 302 and charter.articles.count() == 3
    url = reverse("elections:charter_adopt", args=[charter.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"resolution": str(resolution(personas.cadre_a1, passed=False).pk)})
    assert response.status_code == 422 and "该决议未获通过" in response.content.decode()
    assert login(personas.cadre_b1).post(url, {"resolution": "1"}).status_code == 404
    assert login(personas.villager_a1).get(reverse("elections:charter_detail", args=[charter.pk])).status_code == 403
    assert login(personas.township_b).get(reverse("elections:charter_detail", args=[charter.pk])).status_code == 404
    charter.refresh_from_db()
    assert charter.state == "draft"
    api = login(personas.cadre_a1)
    response = api.post(f"/api/v1/elections/charters/{charter.pk}/adopt", {"resolution": resolution(personas.cadre_a1).pk},
                        content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "adopted"
    assert api.post(f"/api/v1/elections/charters/{charter.pk}/file").json()["state"] == "filed"
    township = login(personas.township_a)
    response = township.post(f"/api/v1/elections/charters/{charter.pk}/review", {"approve": False, "articles": [1], "comment": "须修改"},
                             content_type="application/json")
    assert response.status_code == 200 and response.json()["returned_articles"] == [1]
