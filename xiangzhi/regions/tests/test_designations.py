"""Granting and revoking 示范/创建 titles: actions, the designations page and the API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from xiangzhi.core.models import AuditEvent
from xiangzhi.regions import actions
from xiangzhi.regions.models import Designation

pytestmark = pytest.mark.django_db

A1, A2, B1 = "450321100200", "450321100202", "450321101200"
GRANTED_ON = datetime.date(2024, 12, 1)


def grant(personas, tree, code=A1, **overrides):
    fields = {"title": "no_case_village", "level": "county", "year": 2024, "granted_on": GRANTED_ON}
    fields.update(overrides)
    return actions.grant_designation(personas.county, tree[code], **fields)


# --- actions -------------------------------------------------------------------------------

def test_grant_records_the_title_and_an_audit_event(personas, tree):
    designation = grant(personas, tree, document_number=" 阳政发〔2024〕12号 ")
    designation.refresh_from_db()
    assert (designation.region_id, designation.title, designation.year) == (A1, "no_case_village", 2024)
    assert designation.document_number == "阳政发〔2024〕12号"
    assert designation.granted_by == personas.county and designation.in_force
    event = AuditEvent.objects.get(action="designation.grant")
    assert (event.actor, event.region_code, event.target_id) == (personas.county, A1, str(designation.pk))
    assert event.changes["title"] == [None, "no_case_village"]


def test_the_same_title_twice_in_a_year_is_refused(personas, tree):
    grant(personas, tree)
    with pytest.raises(ValidationError) as caught:
        grant(personas, tree)
    assert caught.value.message_dict["title"] == ["矮山村委会已有 2024 年度县级“无案村”称号。"]
    assert Designation.objects.count() == 1
    # Another year, or another level, is a different designation.
    grant(personas, tree, year=2023, granted_on=datetime.date(2023, 12, 1))
    grant(personas, tree, level="city")
    assert Designation.objects.count() == 3


@pytest.mark.parametrize("field, overrides", [
    ("title", {"title": "best_village"}),
    ("level", {"level": "galactic"}),
    ("year", {"year": 1990}),
    ("granted_on", {"granted_on": datetime.date.today() + datetime.timedelta(days=3)}),
    ("document_number", {"document_number": "号" * 101}),
])
def test_bad_fields_are_named(personas, tree, field, overrides):
    with pytest.raises(ValidationError) as caught:
        grant(personas, tree, **overrides)
    assert field in caught.value.message_dict
    assert not Designation.objects.exists() and not AuditEvent.objects.exists()


def test_grant_needs_the_capability_and_the_scope(personas, tree):
    with pytest.raises(PermissionDenied):
        actions.grant_designation(
            personas.township_a, tree[A1], title="no_case_village", level="county", year=2024, granted_on=GRANTED_ON,
        )
    with pytest.raises(Http404):
        actions.grant_designation(
            personas.county, tree["4503"], title="civilized_village", level="city", year=2024, granted_on=GRANTED_ON,
        )
    assert not Designation.objects.exists()


def test_revoke_keeps_the_row_with_reason_and_audit(personas, tree):
    designation = grant(personas, tree)
    actions.revoke_designation(personas.county, designation, "  发生刑事案件 ")
    designation.refresh_from_db()
    assert designation.revoked_on == datetime.date.today()
    assert (designation.revoke_reason, designation.revoked_by) == ("发生刑事案件", personas.county)
    event = AuditEvent.objects.get(action="designation.revoke")
    assert event.changes["revoke_reason"] == ["", "发生刑事案件"]
    with pytest.raises(ValidationError, match="已于"):
        actions.revoke_designation(personas.county, designation, "再次撤销")
    assert AuditEvent.objects.filter(action="designation.revoke").count() == 1


def test_revoke_needs_a_reason(personas, tree):
    designation = grant(personas, tree)
    with pytest.raises(ValidationError) as caught:
        actions.revoke_designation(personas.county, designation, "   ")
    assert caught.value.message_dict == {"reason": ["请填写撤销理由。"]}
    designation.refresh_from_db()
    assert designation.in_force


def test_revoke_needs_the_capability(personas, tree):
    designation = grant(personas, tree)
    with pytest.raises(PermissionDenied):
        actions.revoke_designation(personas.cadre_a1, designation, "理由")
    designation.refresh_from_db()
    assert designation.in_force


# --- the page ------------------------------------------------------------------------------

URL = "/regions/designations/"


def form(**overrides):
    data = {"region": A1, "title": "civilized_village", "level": "county", "year": "2024",
            "granted_on": "2024-11-20", "document_number": "阳文明委〔2024〕3号"}
    data.update(overrides)
    return data


def test_county_grants_on_the_page(personas, login):
    client = login(personas.county)
    response = client.post(URL, form(), follow=True)
    assert response.redirect_chain[-1][0] == URL
    page = response.content.decode()
    assert "已登记:矮山村委会 2024 县级文明村镇" in page
    assert "阳文明委〔2024〕3号" in page
    assert Designation.objects.get().title == "civilized_village"


def test_page_bad_input_names_the_field(personas, login, tree):
    client = login(personas.county)
    response = client.post(URL, form(region="450322100200"))
    assert response.status_code == 400
    assert "区划代码不存在或不在您的辖区内" in response.content.decode()
    response = client.post(URL, form(year="abc"))
    assert response.status_code == 400 and "输入整数" in response.content.decode()
    grant(personas, tree, title="civilized_village")
    response = client.post(URL, form())
    assert "已有 2024 年度县级“文明村镇”称号" in response.content.decode()
    assert Designation.objects.count() == 1


def test_page_grant_form_only_for_those_who_grant(personas, login, client):
    assert 'id="grant-form"' in login(personas.county).get(URL).content.decode()
    client.logout()
    township = login(personas.township_a)
    assert 'id="grant-form"' not in township.get(URL).content.decode()
    assert township.post(URL, form()).status_code == 403
    assert not Designation.objects.exists()


def test_page_lists_within_scope_and_filters(personas, login, tree):
    grant(personas, tree, A1)
    grant(personas, tree, A2, title="civilized_village", year=2023, granted_on=datetime.date(2023, 5, 1))
    grant(personas, tree, B1, level="city")
    page = login(personas.township_a).get(URL).content.decode()
    assert "矮山村委会" in page and "骥马村委会" in page and "白沙村委会" not in page
    filtered = login(personas.county).get(URL, {"title": "civilized_village"}).content.decode()
    assert "骥马村委会" in filtered and "矮山村委会" not in filtered
    by_year = login(personas.county).get(URL, {"year": "2024", "level": "city"}).content.decode()
    assert "白沙村委会" in by_year and "矮山村委会" not in by_year and "骥马村委会" not in by_year


def test_page_revokes_with_a_reason(personas, login, tree):
    designation = grant(personas, tree)
    client = login(personas.county)
    assert f"/regions/designations/{designation.pk}/revoke/" in client.get(URL).content.decode()
    page = client.post(f"/regions/designations/{designation.pk}/revoke/", {"reason": ""}, follow=True)
    assert "请填写撤销理由" in page.content.decode()
    designation.refresh_from_db()
    assert designation.in_force
    page = client.post(f"/regions/designations/{designation.pk}/revoke/", {"reason": "材料不实"}, follow=True)
    assert "已撤销" in page.content.decode() and "材料不实" in page.content.decode()
    designation.refresh_from_db()
    assert designation.revoke_reason == "材料不实"
    assert client.get(f"/regions/designations/{designation.pk}/revoke/").status_code == 405


def test_page_revoke_out_of_scope_and_without_capability(personas, login, client, tree):
    designation = grant(personas, tree, B1)
    assert login(personas.township_a).post(
        f"/regions/designations/{designation.pk}/revoke/", {"reason": "x"}
    ).status_code == 404
    client.logout()
    assert login(personas.township_b).post(
        f"/regions/designations/{designation.pk}/revoke/", {"reason": "x"}
    ).status_code == 403
    designation.refresh_from_db()
    assert designation.in_force


# --- the API -------------------------------------------------------------------------------

API = "/api/v1/regions/designations"


def payload(**overrides):
    data = {"region_code": A1, "title": "democracy_law_village", "level": "region", "year": 2024,
            "granted_on": "2024-10-01"}
    data.update(overrides)
    return data


def test_api_grant_and_revoke(personas, login):
    client = login(personas.county)
    response = client.post(API, payload(), content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert (body["region_code"], body["title_label"], body["level_label"], body["in_force"]) == (
        A1, "民主法治示范村(社区)", "自治区级", True,
    )
    revoked = client.post(f"{API}/{body['id']}/revoke", {"reason": "复核不达标"}, content_type="application/json")
    assert revoked.status_code == 200
    assert (revoked.json()["in_force"], revoked.json()["revoke_reason"]) == (False, "复核不达标")
    again = client.post(f"{API}/{body['id']}/revoke", {"reason": "再撤"}, content_type="application/json")
    assert again.status_code == 422
    listed = client.get(f"/api/v1/regions/{A1}/designations").json()
    assert [(item["id"], item["in_force"]) for item in listed] == [(body["id"], False)]
    assert AuditEvent.objects.filter(action__startswith="designation.").count() == 2


def test_api_bad_input(personas, login):
    client = login(personas.county)
    response = client.post(API, payload(level="galactic", year=1800), content_type="application/json")
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"level", "year"}
    response = client.post(API, payload(granted_on="2024-13-01"), content_type="application/json")
    assert response.json()["errors"]["granted_on"] == ["日期格式应为 YYYY-MM-DD。"]
    assert not Designation.objects.exists()


def test_api_scope_and_capability(personas, login, client, tree):
    json = "application/json"
    assert login(personas.county).post(API, payload(region_code="4503"), content_type=json).status_code == 404
    client.logout()
    assert login(personas.township_a).post(API, payload(), content_type=json).status_code == 403
    designation = grant(personas, tree, B1)
    assert client.post(f"{API}/{designation.pk}/revoke", {"reason": "x"}, content_type=json).status_code == 404
    assert client.get(API).json()["count"] == 0
    assert not Designation.objects.exclude(pk=designation.pk).exists()


def test_api_lists_with_filters(personas, login, tree):
    grant(personas, tree, A1)
    grant(personas, tree, B1, year=2023, granted_on=datetime.date(2023, 1, 1))
    client = login(personas.county)
    assert client.get(API).json()["count"] == 2
    body = client.get(API, {"year": 2023}).json()
    assert [item["region_code"] for item in body["items"]] == [B1]
