"""Entering, correcting and importing case statistics: personas, scope, history, bad rows."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook

from xiangzhi.core.models import AuditEvent
from xiangzhi.safety.models import CaseStatistics

from .safety_data import A1, A2, B1, police_b, police_county, stats

pytestmark = pytest.mark.django_db
URL = reverse("safety:statistics")
IMPORT_URL = reverse("safety:statistics_import")
HEADER = "年度,村代码,刑事案件,治安案件,民转刑,群体性事件,集体访越级访\n"


def entry(village=A1, year="2024", criminal="1", public_order="2"):
    return {"village": village, "year": year, "criminal": criminal, "public_order": public_order,
            "civil_to_criminal": "0", "mass_incidents": "0", "collective_petitions": "1"}


def test_police_enters_then_corrects_keeping_history(personas, login):
    client = login(police_county())
    assert client.post(URL, entry()).status_code == 302
    assert client.post(URL, entry(criminal="0")).status_code == 302
    versions = list(CaseStatistics.objects.filter(region_id=A1, year=2024).order_by("version"))
    assert [(v.version, v.is_current, v.criminal) for v in versions] == [(1, False, 1), (2, True, 0)]
    event = AuditEvent.objects.get(action="safety.stats.correct")
    assert event.changes["criminal"] == [1, 0]
    page = client.get(reverse("safety:statistics_history", args=[A1, 2024]))
    assert page.status_code == 200 and "现行" in page.content.decode()


def test_wrong_method_no_capability_other_region_bad_input(personas, login):
    client = login(personas.cadre_a1)  # safety.view but not safety.stats
    assert client.post(URL, entry()).status_code == 403
    client = login(police_b())
    assert client.get(reverse("safety:statistics_import")).status_code == 405
    assert client.post(URL, entry(village=A1)).status_code == 404  # township A is not theirs
    response = client.post(URL, entry(village=B1, year="1999", criminal="-1"))
    assert response.status_code == 422
    body = response.content.decode()
    assert "年度应在" in body and "刑事案件应为" in body
    assert not CaseStatistics.objects.exists()
    assert client.post(URL, entry(village=B1)).status_code == 302
    assert CaseStatistics.objects.get().region_id == B1


def test_history_out_of_scope_is_404(personas, login):
    stats(B1, 2024, personas.county)
    assert login(personas.cadre_a1).get(reverse("safety:statistics_history", args=[B1, 2024])).status_code == 404
    assert login(personas.township_b).get(reverse("safety:statistics_history", args=[B1, 2024])).status_code == 200


def upload(client, text, name="stats.csv"):
    file = io.BytesIO(text.encode("utf-8"))
    file.name = name
    return client.post(IMPORT_URL, {"file": file})


def test_import_with_bad_rows_writes_nothing(personas, login):
    client = login(police_b())
    text = HEADER + f"2024,{B1},0,0,0,0,0\n2024,{A1},1,0,0,0,0\n2024,{B1},x,0,0,0,0\n2030,999999999999,0,0,0,0,0\n"
    response = upload(client, text)
    assert response.status_code == 422
    body = response.content.decode()
    assert "第 3 行“村代码”" in body and "不在您的管辖范围内" in body
    assert "第 4 行“刑事案件”" in body
    assert "第 4 行“村代码”" in body and "重复" in body
    assert "第 5 行“年度”" in body and "第 5 行“村代码”" in body
    assert not CaseStatistics.objects.exists()


def test_import_good_rows_xlsx_and_correction(personas, login):
    stats(A1, 2024, personas.county, criminal=3)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["年度", "村代码", "刑事案件", "治安案件", "民转刑", "群体性事件", "集体访越级访"])
    sheet.append([2024, A1, 1, 0, 0, 0, 0])
    sheet.append([2024, A2, 0, 0, 0, 0, 0])
    sheet.append([2023, B1, 2, 2, 0, 1, 0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "stats.xlsx"
    client = login(police_county())
    assert client.post(IMPORT_URL, {"file": buffer}).status_code == 302
    current = {(r.region_id, r.year): r for r in CaseStatistics.objects.current()}
    assert current[(A1, 2024)].criminal == 1 and current[(A1, 2024)].version == 2
    assert current[(B1, 2023)].mass_incidents == 1
    assert CaseStatistics.objects.filter(region_id=A1, year=2024, is_current=False, criminal=3).exists()


def test_import_missing_column(personas, login):
    response = upload(login(police_county()), "年度,村代码\n2024,%s\n" % A1)
    assert response.status_code == 422
    assert "缺少必需的列“刑事案件”" in response.content.decode()


def test_api_entry_history_and_import(personas, client):
    client.force_login(police_county())
    response = client.post("/api/v1/safety/statistics", {"village": A2, "year": 2024, "criminal": 2},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["version"] == 1
    response = client.post("/api/v1/safety/statistics", {"village": A2, "year": 2024, "criminal": -3},
                           content_type="application/json")
    assert response.status_code == 422 and "criminal" in response.json()["errors"]
    bad = io.BytesIO((HEADER + "2024,%s,a,0,0,0,0\n" % A2).encode())
    bad.name = "s.csv"
    response = client.post("/api/v1/safety/statistics/import", {"file": bad})
    assert response.status_code == 422 and "第 2 行“刑事案件”" in response.json()["errors"]["file"][0]
    assert client.get(f"/api/v1/safety/statistics/{A2}/2024").json()[0]["criminal"] == 2
    client.force_login(personas.cadre_b1)
    assert client.get(f"/api/v1/safety/statistics/{A2}/2024").status_code == 404
    response = client.get("/api/v1/safety/outcomes?year=2024")
    assert [v["code"] for v in response.json()["villages"]] == [B1]


def test_overview_page_lists_not_reported(personas, login):
    stats(A1, 2024, personas.county)
    body = login(personas.township_a).get(reverse("safety:overview") + "?year=2024").content.decode()
    assert "骥马村委会" in body.split('id="safety-not-reported"')[1]
    assert "白沙村委会" not in body
