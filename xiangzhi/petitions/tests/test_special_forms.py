"""Page forms of the special-population registry: registering a record from the registry (by
村民编号 or 公民身份号码, with a helper) and recording a visit."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from xiangzhi.core.models import AuditEvent
from xiangzhi.petitions import actions
from xiangzhi.petitions.models import SpecialPerson, SpecialVisit

from .petitions_data import A1, B1_TUN, justice, police, resident

pytestmark = pytest.mark.django_db
URL = "/petitions/special/new/"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_justice_registers_by_citizen_id_with_a_helper(personas):
    office = justice()
    person = resident(name="黄志明")
    response = _client(office).post(URL, {"resident": person.id_number, "category": "released",
                                          "risk_level": "high", "helper": personas.cadre_a1.username})
    record = SpecialPerson.objects.get()
    assert response.status_code == 302 and response.url == f"/petitions/special/{record.pk}/"
    assert (record.resident, record.category, record.risk_level, record.helper, record.region_id) == (
        person, "released", "high", personas.cadre_a1, A1)
    assert AuditEvent.objects.filter(action="special.register", target_id=str(record.pk)).exists()
    # The resident's number works as well.
    other = resident(name="莫小平")
    assert _client(office).post(URL, {"resident": str(other.pk), "category": "community_correction",
                                      "risk_level": "low"}).status_code == 302
    assert SpecialPerson.objects.filter(resident=other, helper=None).exists()


def test_register_page_wrong_method_and_no_capability(personas):
    assert _client(justice()).put(URL).status_code == 405
    person = resident()
    for user in (personas.township_a, police(), personas.cadre_a1, personas.auditor):
        assert _client(user).get(URL).status_code == 403
        assert _client(user).post(URL, {"resident": str(person.pk), "category": "released",
                                        "risk_level": "low"}).status_code == 403
    assert SpecialPerson.objects.count() == 0


def test_resident_of_another_township_is_not_found_and_nothing_is_saved(personas):
    outsider = resident(region=B1_TUN, name="蓝海")
    response = _client(justice()).post(URL, {"resident": outsider.id_number, "category": "released",
                                             "risk_level": "low"})
    assert response.status_code == 422
    assert "在您的辖区名册中没有找到该村民" in response.content.decode()
    assert "蓝海" not in response.content.decode()
    assert SpecialPerson.objects.count() == 0


def test_bad_input_names_the_fields(personas):
    client = _client(justice())
    person = resident()
    response = client.post(URL, {"resident": str(person.pk), "category": "", "risk_level": "extreme"})
    body = response.content.decode()
    assert response.status_code == 422 and "请选择类别。" in body and "请选择风险等级。" in body
    response = client.post(URL, {"resident": str(person.pk), "category": "released", "risk_level": "low",
                                 "helper": personas.cadre_b1.username})
    assert response.status_code == 422 and "帮扶责任人须在该村或其所属乡镇、县任职" in response.content.decode()
    response = client.post(URL, {"resident": str(person.pk), "category": "released", "risk_level": "low",
                                 "helper": "nobody"})
    assert response.status_code == 422 and "没有找到帐号为“nobody”的帮扶责任人" in response.content.decode()
    response = client.post(URL, {"resident": "", "category": "released", "risk_level": "low"})
    assert response.status_code == 422 and "请选择登记在册的村民" in response.content.decode()
    assert SpecialPerson.objects.count() == 0
    actions.register_special_person(justice("sifasuo_2"), resident=person, category="released", risk_level="low")
    response = client.post(URL, {"resident": str(person.pk), "category": "released", "risk_level": "low"})
    assert response.status_code == 422 and "该村民已在此类别中登记" in response.content.decode()
    assert SpecialPerson.objects.count() == 1


@pytest.fixture
def record(personas):
    return actions.register_special_person(justice(), resident=resident(name="黄志明"), category="released",
                                           risk_level="medium", helper=personas.cadre_a1)


def test_helper_and_justice_record_visits(record, personas):
    url = f"/petitions/special/{record.pk}/"
    day = timezone.localdate() - datetime.timedelta(days=2)
    response = _client(personas.cadre_a1).post(url, {"kind": "assistance", "visited_on": day.isoformat(),
                                                     "note": "帮助联系就业"})
    assert response.status_code == 302
    visit = SpecialVisit.objects.get()
    assert (visit.person, visit.kind, visit.visited_on, visit.recorded_by) == (record, "assistance", day,
                                                                               personas.cadre_a1)
    assert _client(record.created_by).post(url, {"kind": "supervision", "note": "按时报到"}).status_code == 302
    page = _client(record.created_by).get(url).content.decode()
    assert "帮助联系就业" in page and "按时报到" in page
    assert _client(personas.cadre_a1).put(url).status_code == 405


def test_visit_refused_out_of_reach_and_bad_input(record, personas):
    url = f"/petitions/special/{record.pk}/"
    for user in (personas.cadre_a2, personas.secretary_a1, personas.township_a, justice("sifasuo_b", "450321101")):
        assert _client(user).post(url, {"kind": "assistance", "note": "x"}).status_code == 404
    response = _client(personas.cadre_a1).post(url, {"kind": "party", "visited_on": "2025-13-01", "note": ""})
    body = response.content.decode()
    assert response.status_code == 422
    assert "请选择走访类型。" in body and "走访日期格式不对" in body and "请填写情况记录。" in body
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = _client(personas.cadre_a1).post(url, {"kind": "assistance", "visited_on": future, "note": "x"})
    assert response.status_code == 422 and "走访日期不能晚于今天" in response.content.decode()
    assert SpecialVisit.objects.count() == 0
