"""Submit, publish (by a level above, with the designation), return and withdraw."""

import datetime

import pytest

from xiangzhi.core.models import AuditEvent
from xiangzhi.pilots.models import CaseState
from xiangzhi.regions.models import Designation

from .pilots_data import A1, COUNTY, city_official, draft, published, submitted

pytestmark = pytest.mark.django_db


def test_county_case_is_published_by_the_city_not_by_the_county(personas, login):
    city = city_official()
    case = submitted(personas.county)
    response = login(personas.county).post(f"/pilots/cases/{case.pk}/publish/")
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED
    response = login(city).post(f"/pilots/cases/{case.pk}/publish/", {"comment": "同意"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.PUBLISHED and case.published_at is not None
    event = AuditEvent.objects.get(action="pilot_case.publish")
    assert event.actor == city and event.changes["state"] == ["submitted", "published"]


def test_village_case_is_published_by_its_township(personas, login):
    case = submitted(personas.township_a, A1)
    assert login(personas.township_b).post(f"/pilots/cases/{case.pk}/publish/").status_code == 404
    assert login(personas.cadre_a1).post(f"/pilots/cases/{case.pk}/publish/").status_code == 403
    assert login(personas.township_a).post(f"/pilots/cases/{case.pk}/publish/").status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.PUBLISHED


def test_publishing_a_model_village_needs_its_designation(personas, login):
    case = submitted(personas.township_a, A1, kind="governance_model")
    response = login(personas.township_a).post(f"/pilots/cases/{case.pk}/publish/")
    assert response.status_code == 422
    assert "发布“乡村治理示范村镇”案例须关联所获称号" in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED
    # A township official may not grant the title: it picks one the county granted.
    refused = login(personas.township_a).post(f"/pilots/cases/{case.pk}/publish/", {
        "grant": "on", "level": "county", "grant_year": "2023", "granted_on": "2023-12-01"})
    assert refused.status_code == 422 and "您无权登记授予称号" in refused.content.decode()
    wrong = Designation.objects.create(region_id=A1, title="civilized_village", level="city", year=2023,
                                       granted_on=datetime.date(2023, 12, 1), granted_by=personas.county)
    response = login(personas.township_a).post(f"/pilots/cases/{case.pk}/publish/", {"designation": wrong.pk})
    assert response.status_code == 422
    right = Designation.objects.create(region_id=A1, title="governance_model", level="region", year=2023,
                                       granted_on=datetime.date(2023, 12, 1), granted_by=personas.county)
    page = login(personas.township_a).get(f"/pilots/cases/{case.pk}/").content.decode()
    assert f'value="{right.pk}"' in page and f'value="{wrong.pk}"' not in page
    assert login(personas.township_a).post(f"/pilots/cases/{case.pk}/publish/",
                                           {"designation": right.pk}).status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.PUBLISHED and case.designation == right


def test_the_city_grants_the_pilot_county_title_while_publishing(personas, login):
    city = city_official()
    case = submitted(personas.county, COUNTY, kind="pilot_county")
    bad = login(city).post(f"/pilots/cases/{case.pk}/publish/", {
        "grant": "on", "level": "national", "grant_year": "2020", "granted_on": "2099-01-01"})
    assert bad.status_code == 422 and "授予日期不能晚于今天。" in bad.content.decode()
    assert not Designation.objects.exists()
    response = login(city).post(f"/pilots/cases/{case.pk}/publish/", {
        "grant": "on", "level": "national", "grant_year": "2020", "granted_on": "2020-07-20",
        "document_number": "农办经〔2020〕7号"})
    assert response.status_code == 302
    case.refresh_from_db()
    designation = Designation.objects.get()
    assert case.designation == designation and case.state == CaseState.PUBLISHED
    assert (designation.region_id, designation.title, designation.level) == (COUNTY, "governance_pilot_county",
                                                                            "national")
    assert AuditEvent.objects.filter(action="designation.grant", actor=city).exists()


def test_return_and_withdraw_need_a_reason(personas, login):
    city = city_official()
    case = submitted(personas.county)
    assert login(city).post(f"/pilots/cases/{case.pk}/return/", {"reason": ""}).status_code == 422
    assert login(personas.county).post(f"/pilots/cases/{case.pk}/return/", {"reason": "自己退"}).status_code == 403
    assert login(city).post(f"/pilots/cases/{case.pk}/return/", {"reason": "请补充成效数据"}).status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.DRAFT
    assert "请补充成效数据" in login(personas.county).get(f"/pilots/cases/{case.pk}/").content.decode()

    live = published(personas.county, city)
    response = login(personas.county).post(f"/pilots/cases/{live.pk}/withdraw/", {"reason": " "})
    assert response.status_code == 422 and "请填写撤回理由。" in response.content.decode()
    assert login(personas.township_a).post(f"/pilots/cases/{live.pk}/withdraw/", {"reason": "x"}).status_code == 404
    assert login(personas.county).post(f"/pilots/cases/{live.pk}/withdraw/",
                                       {"reason": "数据需要核实"}).status_code == 302
    live.refresh_from_db()
    assert live.state == CaseState.WITHDRAWN and live.withdraw_reason == "数据需要核实"
    assert AuditEvent.objects.get(action="pilot_case.withdraw").changes["withdraw_reason"] == ["", "数据需要核实"]


def test_steps_out_of_order_are_refused(personas, login):
    case = draft(personas.county)
    city = city_official()
    response = login(city).post(f"/pilots/cases/{case.pk}/publish/")
    assert response.status_code == 422 and "当前状态下不能执行此操作。" in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.DRAFT
