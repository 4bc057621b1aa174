"""The points-rules page: a township official (partywork.config) sets its township's rules; others
read the rules that hold for them."""

import pytest
from django.urls import reverse

from xiangzhi.core.models import AuditEvent
from xiangzhi.partywork.models import PointsRules
from xiangzhi.partywork.scoring import DEFAULT_RULES

pytestmark = pytest.mark.django_db
URL = reverse("partywork:rules")


def form(**changes):
    return {"region": "450321100", **{name: value for name, value in DEFAULT_RULES.items()}, **changes}


def test_township_sets_its_rules_and_the_village_reads_them(personas, login):
    client = login(personas.township_a)
    assert "尚未设定,使用默认规则" in client.get(URL).content.decode()
    response = client.post(URL, form(per_violation=20))
    assert response.status_code == 302
    assert PointsRules.objects.get(region_id="450321100").per_violation == 20
    assert AuditEvent.objects.get(action="points_rules.set").changes["per_violation"] == [None, 20]
    html = login(personas.cadre_a1).get(URL).content.decode()
    assert "现行规则由区划 450321100 设定" in html and "<td>20</td>" in html and "rules-form" not in html


def test_bad_rules_name_the_field_and_change_nothing(personas, login):
    client = login(personas.township_a)
    response = client.post(URL, form(per_meeting="两分", excellent_from=50))
    html = response.content.decode()
    assert response.status_code == 422 and "参加组织生活(每次)须为整数。" in html
    response = client.post(URL, form(excellent_from=50))
    assert response.status_code == 422 and "优秀 &gt; 合格 &gt; 基本合格" in response.content.decode()
    assert not PointsRules.objects.exists()


def test_rules_refuse_wrong_method_capability_and_scope(personas, login):
    assert login(personas.township_a).delete(URL).status_code == 405
    assert login(personas.cadre_a1).post(URL, form()).status_code == 403
    assert login(personas.villager_a1).get(URL).status_code == 403
    assert login(personas.township_b).post(URL, form()).status_code == 404
    assert not PointsRules.objects.exists()
