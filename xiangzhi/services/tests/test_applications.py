"""Application life cycle: apply (own and proxy), steps through village/township/county, the
one-time notice, deadline and overdue, double application refused, bad files, result document
and its verification code, rating, scope."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from xiangzhi.services import actions, queries
from xiangzhi.services.models import Application, ApplicationFile, ResultDocument

from .helpers import A1, PNG, item, pdf, resident, uploads_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def villager(personas):
    resident(user=personas.villager_a1)
    return personas.villager_a1


def test_certificate_life_cycle_with_result_and_rating(villager, personas, client):
    certificate = item("出具证明")
    app = actions.apply(villager, certificate, note="用于子女入学", uploads=uploads_for(certificate))
    assert app.state == "in_progress" and app.office_id == A1 and app.proxy is None
    assert app.deadline - app.submitted_at == datetime.timedelta(days=3)
    assert ApplicationFile.objects.filter(application=app).count() == 1
    # The township may not take the village's step.
    with pytest.raises(ValidationError, match="矮山村委会"):
        actions.take_step(personas.township_a, app, "complete")
    actions.take_step(personas.cadre_a1, app, "complete")
    app.refresh_from_db()
    assert app.state == "completed" and app.finished_at and app.on_time is True
    document = ResultDocument.objects.get(application=app)
    assert "韦国强" in document.body and "用于子女入学" in document.body
    # Public verification: the essentials with a masked name, no ID number.
    page = client.get("/services/verify/", {"code": document.code})
    text = page.content.decode()
    assert page.status_code == 200 and "核验通过" in text and "韦**" in text or "韦*" in text
    assert app.applicant.id_number not in text
    wrong = client.get("/services/verify/", {"code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 404 and "核验未通过" in wrong.content.decode()
    assert client.get(f"/api/v1/services/verify/{document.code}").json()["item"] == "出具证明"
    # Rating once.
    actions.rate(villager, app, score=5, comment="很快")
    with pytest.raises(ValidationError, match="已评价"):
        actions.rate(villager, app, score=4)
    assert Application.objects.get(pk=app.pk).rating == 5


def test_three_level_flow_and_one_time_notice(villager, personas):
    dibao = item("最低生活保障申请")
    app = actions.apply(villager, dibao, uploads=uploads_for(dibao))
    actions.take_step(personas.cadre_a1, app, "forward", comment="情况属实")
    assert app.office_id == "450321100" and app.step == 1
    # The village can no longer act; another township gets a 404.
    with pytest.raises(Http404):
        actions.take_step(personas.township_b, app, "forward")
    wanted = list(dibao.materials.filter(name__in=["户口簿", "残疾证或病历"]).values_list("pk", flat=True))
    actions.take_step(personas.township_a, app, "request_materials", materials=wanted, comment="请补交")
    assert app.state == "materials_needed"
    assert sorted(entry["name"] for entry in app.notice.materials) == ["户口簿", "残疾证或病历"]
    # Supplying only part of the listed materials is refused, naming the missing one.
    with pytest.raises(ValidationError) as refused:
        actions.take_step(villager, app, "supply", uploads={wanted[0]: pdf()})
    assert "残疾证或病历" in str(refused.value)
    actions.take_step(villager, app, "supply", uploads={pk: pdf() for pk in wanted})
    assert app.state == "in_progress" and app.office_id == "450321100"
    assert app.files.filter(round=1).count() == 2
    # A second notice is refused.
    with pytest.raises(ValidationError, match="已经一次性告知"):
        actions.take_step(personas.township_a, app, "request_materials", materials=wanted)
    with pytest.raises(ValidationError, match="最后一个"):
        actions.take_step(personas.township_a, app, "complete")
    actions.take_step(personas.township_a, app, "forward")
    assert app.office_id == "450321"
    actions.take_step(personas.county, app, "complete")
    assert app.state == "completed"


def test_overdue_in_queue(villager, personas):
    certificate = item("出具证明")
    app = actions.apply(villager, certificate, uploads=uploads_for(certificate))
    Application.objects.filter(pk=app.pk).update(deadline=timezone.now() - datetime.timedelta(hours=1))
    assert list(queries.queue(personas.cadre_a1, overdue=True)) == [Application.objects.get(pk=app.pk)]
    assert list(queries.queue(personas.cadre_b1, overdue=True)) == []
    assert list(queries.queue(personas.township_a)) == []  # not at the township's step


def test_double_application_refused(villager):
    certificate = item("出具证明")
    actions.apply(villager, certificate, uploads=uploads_for(certificate))
    with pytest.raises(ValidationError, match="不能重复申请"):
        actions.apply(villager, certificate, uploads=uploads_for(certificate))
    assert Application.objects.count() == 1


def test_proxy_application_recorded(personas):
    elder = resident(name="莫阿婆", serial=21)
    pension = item("高龄津贴申请")
    app = actions.apply(personas.cadre_a1, pension, resident=elder, uploads=uploads_for(pension))
    assert app.proxy == personas.cadre_a1 and app.applicant == elder
    other = resident(name="白沙人", region="450321101200001", serial=31)
    with pytest.raises(Http404):
        actions.apply(personas.cadre_a1, pension, resident=other, uploads=uploads_for(pension))
    with pytest.raises(PermissionDenied):
        actions.apply(personas.auditor, pension, resident=elder, uploads=uploads_for(pension))


def test_bad_files_refused_nothing_saved(villager):
    certificate = item("出具证明")
    material = certificate.materials.get(required=True)
    from django.core.files.uploadedfile import SimpleUploadedFile

    cases = [
        ({}, "请上传“户口簿或身份证”"),
        ({material.pk: SimpleUploadedFile("a.exe", b"MZ\x90\x00" * 10)}, "只接受 PDF、JPG、PNG"),
        ({material.pk: SimpleUploadedFile("big.png", PNG + b"\x00" * (10 * 1024 * 1024))}, "超过 10 MB"),
        ({material.pk: SimpleUploadedFile("empty.pdf", b"")}, "空文件"),
    ]
    for uploads, message in cases:
        with pytest.raises(ValidationError) as refused:
            actions.apply(villager, certificate, uploads=uploads)
        assert message in str(refused.value)
    assert Application.objects.count() == 0 and ApplicationFile.objects.count() == 0


def test_scope_pages_and_api(villager, personas, login):
    certificate = item("出具证明")
    app = actions.apply(villager, certificate, uploads=uploads_for(certificate))
    client = login(personas.cadre_b1)
    assert client.get(f"/services/applications/{app.pk}/").status_code == 404
    assert client.get(f"/api/v1/services/applications/{app.pk}").status_code == 404
    assert client.post(f"/services/applications/{app.pk}/step/complete/").status_code == 404
    assert "矮山" not in client.get("/services/office/").content.decode()
    client = login(personas.township_b)
    assert client.get(f"/services/applications/{app.pk}/").status_code == 404
    client = login(personas.township_a)
    assert client.get(f"/services/applications/{app.pk}/").status_code == 200
    client = login(personas.county)
    assert "矮山村委会" in client.get("/services/office/").content.decode()
    client = login(personas.villager_a1)
    assert client.get(f"/services/applications/{app.pk}/step/complete/").status_code == 405
    assert client.post(f"/services/applications/{app.pk}/step/complete/").status_code == 403
    assert Application.objects.get(pk=app.pk).state == "in_progress"


def test_apply_page_fills_in_registry_and_api_create(villager, personas, login):
    certificate = item("出具证明")
    client = login(villager)
    page = client.get(f"/services/items/{certificate.pk}/apply/").content.decode()
    assert "韦国强" in page and villager.resident.id_number_masked in page
    assert villager.resident.id_number not in page
    material = certificate.materials.get(required=True)
    bad = client.post("/api/v1/services/applications", {"item_id": certificate.pk})
    assert bad.status_code == 422 and f"material_{material.pk}" in bad.json()["errors"]
    made = client.post("/api/v1/services/applications",
                       {"item_id": certificate.pk, "note": "开证明", f"material_{material.pk}": pdf()})
    assert made.status_code == 201 and made.json()["applicant_id_masked"] == villager.resident.id_number_masked
    client = login(personas.cadre_a1)
    done = client.post(f"/api/v1/services/applications/{made.json()['id']}/transitions/complete",
                       {}, content_type="application/json")
    assert done.status_code == 200 and done.json()["result_code"]
