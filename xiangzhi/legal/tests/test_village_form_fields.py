"""On the village's legal-services page each form shows a refusal under the field it is about,
keeps what was typed, and saves nothing; the advisor and the 三官一律 are set from the page."""

import pytest
from django.urls import reverse

from xiangzhi.core.models import AuditEvent
from xiangzhi.customs.tests.customs_data import household, resident
from xiangzhi.legal.models import LegalAdvisor, LegalLiterate, RosterMember, Training

from .legal_data import A1, B1, png

pytestmark = pytest.mark.django_db
PAGE = reverse("legal:village", args=[A1])


def _error(response, field_id):
    """The text of the message shown under one field of the page."""
    html = response.content.decode()
    marker = f'id="{field_id}_error">'
    assert marker in html, f"no message under {field_id}"
    return html.split(marker, 1)[1].split("</small>", 1)[0]


def test_advisor_and_roster_from_the_page(personas, login):
    client = login(personas.township_a)
    saved = client.post(PAGE, {"form": "advisor", "name": "莫律师", "firm": "阳朔正平律师事务所",
                               "phone": "13907730001"})
    assert saved.status_code == 302
    advisor = LegalAdvisor.objects.get(region_id=A1)
    assert (advisor.name, advisor.firm, advisor.phone, advisor.assigned_by) == (
        "莫律师", "阳朔正平律师事务所", "13907730001", personas.township_a)
    client.post(PAGE, {"form": "roster", "role": "judge", "name": "黄法官", "unit": "阳朔县人民法院",
                       "phone": "07738820000"})
    assert RosterMember.objects.get(region_id=A1, role="judge").name == "黄法官"
    page = client.get(PAGE).content.decode()
    assert "莫律师" in page and "黄法官" in page
    assert "<td>警官</td><td colspan=\"3\">未配备</td>" in page  # the roster's gaps show
    assert 'value="阳朔正平律师事务所"' in page  # the advisor form starts from the current advisor
    assert AuditEvent.objects.filter(action__in=["legal_advisor.set", "legal_roster.set"]).count() == 2


def test_refusals_sit_under_their_fields(personas, login):
    person = resident(household("450321100200001"), name="覃明白")
    client = login(personas.cadre_a1)
    future = client.post(PAGE, {"form": "literate", "id_number": person.id_number, "trained_on": "2999-01-01"})
    assert future.status_code == 422
    assert "培训合格日期不能晚于今天" in _error(future, "literate_trained_on")
    assert f'value="{person.id_number}"' in future.content.decode()  # what was typed stays
    no_phone = client.post(PAGE, {"form": "advisor", "name": "莫律师", "firm": "所", "phone": ""})
    assert "联系电话" in _error(no_phone, "advisor_phone")
    no_name = client.post(PAGE, {"form": "roster", "role": "police", "name": "", "unit": "派出所",
                                 "phone": "13907730001"})
    assert "请填写姓名" in _error(no_name, "roster_name")
    no_photo = client.post(PAGE, {"form": "site", "kind": "board", "name": "宣传栏"})
    assert "请上传阵地照片" in _error(no_photo, "site_photo")
    bad_kind = client.post(PAGE, {"form": "site", "kind": "tower", "name": "宣传栏", "photo": png()})
    assert "阵地类型" in _error(bad_kind, "site_kind")
    assert not LegalLiterate.objects.exists() and not LegalAdvisor.objects.exists()
    assert not RosterMember.objects.exists()


def test_training_refusal_and_success(personas, login):
    person = resident(household("450321100200001"), name="覃明白")
    client = login(personas.cadre_a1)
    client.post(PAGE, {"form": "literate", "id_number": person.id_number, "trained_on": "2025-03-01"})
    literate = LegalLiterate.objects.get()
    bad = client.post(PAGE, {"form": "training", "literate": literate.pk, "date": "2025-04-01", "topic": "民法典",
                             "hours": "abc"})
    assert bad.status_code == 422 and "学时须为数字" in _error(bad, "training_hours")
    assert not Training.objects.exists()
    client.post(PAGE, {"form": "training", "literate": literate.pk, "date": "2025-04-01", "topic": "民法典婚姻家庭编",
                       "hours": "3"})
    page = client.get(PAGE).content.decode()
    assert "2025-04-01 民法典婚姻家庭编 · 3.0 学时" in page


def test_unknown_form_and_wrong_method(personas, login):
    client = login(personas.cadre_a1)
    assert client.post(PAGE, {"form": "nothing"}).status_code == 400
    assert client.put(PAGE).status_code == 405


def test_roster_of_another_village_is_out_of_reach(personas, login):
    response = login(personas.township_a).post(reverse("legal:village", args=[B1]), {
        "form": "roster", "role": "judge", "name": "黄法官", "unit": "法院", "phone": "07738820000"})
    assert response.status_code == 404 and not RosterMember.objects.exists()
    villager = login(personas.villager_a1).post(PAGE, {"form": "roster", "role": "judge", "name": "黄法官",
                                                       "unit": "法院", "phone": "07738820000"})
    assert villager.status_code == 403 and not RosterMember.objects.exists()
