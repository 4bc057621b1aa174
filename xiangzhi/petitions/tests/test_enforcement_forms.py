"""Page forms of 持证上岗 and the centres registry: add an officer, add and renew a certificate,
assign a task (refused, on the form, without a valid certificate); register a centre and update
its standardisation status."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from conftest import make_user
from xiangzhi.core.models import AuditEvent
from xiangzhi.petitions import actions
from xiangzhi.petitions.models import Centre, Certificate, EnforcementOfficer, EnforcementTask
from xiangzhi.regions.models import Region

from .petitions_data import A1, TOWNSHIP_A

pytestmark = pytest.mark.django_db
D = datetime.timedelta
COUNTY = "450321"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _today():
    return timezone.localdate()


def _other_county_official():
    Region.objects.create(code="450322", name="临桂区", level="county", parent_id="4503", pinyin="lingui",
                          initials="lg")
    return make_user("county_other", "county_department", "450322")


@pytest.fixture
def officer(personas):
    officer = actions.add_officer(personas.county, region=Region.objects.get(code=TOWNSHIP_A), name="覃执法")
    actions.add_certificate(personas.county, officer, number="GX-001", expires_on=_today() - D(days=3))
    return officer


def test_add_officer_page(personas):
    client = _client(personas.county)
    assert "阳朔镇(450321100)" in client.get("/petitions/officers/new/").content.decode()
    response = client.post("/petitions/officers/new/", {"region": TOWNSHIP_A, "name": "韦明",
                                                        "username": personas.township_a.username})
    officer = EnforcementOfficer.objects.get()
    assert response.status_code == 302 and response.url == f"/petitions/officers/{officer.pk}/"
    assert (officer.region_id, officer.name, officer.user) == (TOWNSHIP_A, "韦明", personas.township_a)
    assert client.put("/petitions/officers/new/").status_code == 405
    assert _client(personas.township_a).post("/petitions/officers/new/", {"region": TOWNSHIP_A, "name": "x"}).status_code == 403
    assert _client(_other_county_official()).post("/petitions/officers/new/",
                                                  {"region": TOWNSHIP_A, "name": "x"}).status_code == 404
    response = client.post("/petitions/officers/new/", {"region": A1, "name": " "})
    body = response.content.decode()
    assert response.status_code == 422 and "请选择县或乡镇" in body and "请填写姓名。" in body
    response = client.post("/petitions/officers/new/", {"region": TOWNSHIP_A, "name": "x", "username": "ghost"})
    assert response.status_code == 422 and "没有找到帐号“ghost”" in response.content.decode()
    assert EnforcementOfficer.objects.count() == 1


def test_task_refused_on_the_form_until_the_certificate_is_renewed(officer, personas):
    client = _client(personas.county)
    url = f"/petitions/officers/{officer.pk}/"
    refused = client.post(url + "task/", {"task-region": A1, "task-title": "违建巡查"})
    assert refused.status_code == 422
    assert "覃执法的执法证已过期或未登记,不能分派执法任务。" in refused.content.decode()
    assert EnforcementTask.objects.count() == 0
    certificate = Certificate.objects.get()
    new_expiry = _today() + D(days=365)
    response = client.post(url + "renew/", {"renew-certificate": certificate.pk, "renew-expires_on": new_expiry.isoformat()})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.expires_on == new_expiry
    event = AuditEvent.objects.get(action="enforcement.certificate.renew")
    assert event.changes["expires_on"] == [(_today() - D(days=3)).isoformat(), new_expiry.isoformat()]
    assert client.post(url + "task/", {"task-region": A1, "task-title": "违建巡查"}).status_code == 302
    task = EnforcementTask.objects.get()
    assert (task.officer, task.region_id, task.title, task.assigned_by) == (officer, A1, "违建巡查", personas.county)
    assert "违建巡查" in client.get(url).content.decode()


def test_certificate_add_and_renew_bad_input_names_the_field(officer, personas):
    client = _client(personas.county)
    url = f"/petitions/officers/{officer.pk}/"
    response = client.post(url + "certificate/", {"certificate-number": "", "certificate-expires_on": "明年"})
    body = response.content.decode()
    assert response.status_code == 422 and "请填写执法证号。" in body and "有效期至格式不对" in body
    response = client.post(url + "certificate/", {"certificate-number": "GX-001",
                                                  "certificate-expires_on": (_today() + D(days=9)).isoformat()})
    assert response.status_code == 422 and "执法证号 GX-001 已登记" in response.content.decode()
    certificate = Certificate.objects.get()
    response = client.post(url + "renew/", {"renew-certificate": certificate.pk,
                                            "renew-expires_on": (_today() - D(days=10)).isoformat()})
    assert response.status_code == 422 and "新的有效期至须晚于原有效期" in response.content.decode()
    response = client.post(url + "renew/", {"renew-certificate": "", "renew-expires_on": "2030-01-01"})
    assert response.status_code == 422 and "请选择要延续的执法证" in response.content.decode()
    certificate.refresh_from_db()
    assert Certificate.objects.count() == 1 and certificate.expires_on == _today() - D(days=3)
    response = client.post(url + "certificate/", {"certificate-number": "GX-002",
                                                  "certificate-expires_on": (_today() + D(days=9)).isoformat()})
    assert response.status_code == 302 and officer.certificates.valid().get().number == "GX-002"


def test_officer_pages_capability_scope_and_method(officer, personas):
    url = f"/petitions/officers/{officer.pk}/"
    certificate = Certificate.objects.get()
    township = _client(personas.township_a)
    assert township.get(url).status_code == 200 and "task-form" not in township.get(url).content.decode()
    for step, data in (("certificate", {"certificate-number": "X1", "certificate-expires_on": "2030-01-01"}),
                       ("renew", {"renew-certificate": certificate.pk, "renew-expires_on": "2030-01-01"}),
                       ("task", {"task-region": A1, "task-title": "巡查"})):
        assert township.post(url + step + "/", data).status_code == 403
        assert _client(_other_county_official() if step == "certificate" else personas.cadre_a1).post(
            url + step + "/", data).status_code == 404
    assert _client(personas.county).get(url + "task/").status_code == 405
    assert _client(personas.county).post(url + "bogus/").status_code == 404
    certificate.refresh_from_db()
    assert Certificate.objects.count() == 1 and EnforcementTask.objects.count() == 0
    assert certificate.expires_on == _today() - D(days=3)


def test_register_centre_and_update_standardisation(personas):
    client = _client(personas.county)
    response = client.post("/petitions/centres/new/", {"region": TOWNSHIP_A, "kind": "comprehensive",
                                                       "name": "阳朔镇综治中心"})
    assert response.status_code == 302
    centre = Centre.objects.get()
    assert (centre.region_id, centre.kind, centre.standardised) == (TOWNSHIP_A, "comprehensive", False)
    url = f"/petitions/centres/{centre.pk}/standardisation/"
    assert client.get(url).status_code == 200
    day = _today() - D(days=1)
    assert client.post(url, {"standardised": "on", "standardised_on": day.isoformat()}).status_code == 302
    centre.refresh_from_db()
    assert centre.standardised and centre.standardised_on == day
    assert "1/1(100.0%)" in client.get("/petitions/centres/").content.decode()
    assert AuditEvent.objects.filter(action="centre.standardisation", target_id=str(centre.pk)).exists()
    assert client.put(url).status_code == 405 and client.put("/petitions/centres/new/").status_code == 405


def test_centre_forms_refusals_leave_nothing_changed(personas):
    centre = actions.register_centre(personas.county, region=Region.objects.get(code=TOWNSHIP_A),
                                     kind="comprehensive", name="阳朔镇综治中心")
    url = f"/petitions/centres/{centre.pk}/standardisation/"
    township = _client(personas.township_a)
    assert township.post("/petitions/centres/new/", {"region": TOWNSHIP_A, "kind": "mediation",
                                                     "name": "x"}).status_code == 403
    assert township.post(url, {"standardised": "on", "standardised_on": "2025-01-01"}).status_code == 403
    other = _client(_other_county_official())
    assert other.post("/petitions/centres/new/", {"region": TOWNSHIP_A, "kind": "mediation",
                                                  "name": "x"}).status_code == 404
    assert other.post(url, {"standardised": "on", "standardised_on": "2025-01-01"}).status_code == 404
    client = _client(personas.county)
    response = client.post("/petitions/centres/new/", {"region": "450321100200001", "kind": "", "name": "",
                                                       "standardised": "on"})
    body = response.content.decode()
    assert response.status_code == 422
    assert "综治中心设在县、乡镇或村" in body and "请选择类型" in body and "请填写名称" in body
    assert "请填写完成日期" in body
    response = client.post(url, {"standardised": "on", "standardised_on": ""})
    assert response.status_code == 422 and "已完成规范化建设,请填写完成日期" in response.content.decode()
    assert Centre.objects.count() == 1 and not Centre.objects.get().standardised
