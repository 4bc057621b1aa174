"""12348 tickets from CSV/Excel: row+column messages and nothing saved on any bad row."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from xiangzhi.legal.models import HotlineTicket

from .legal_data import A1, A2, B1

pytestmark = pytest.mark.django_db
HEADER = "工单号,日期,村代码,类别,摘要\n"


def csv_file(body):
    return SimpleUploadedFile("tickets.csv", (HEADER + body).encode("utf-8"), content_type="text/csv")


def test_bad_rows_are_named_and_nothing_is_saved(personas, login):
    body = f"T1,2025-05-01,{A1},婚姻家庭,离婚咨询\nT2,2025-13-01,{A1},劳动,讨薪\nT1,2025-05-02,{B1},合同,\n"
    response = login(personas.township_a).post("/legal/hotline/import/", {"file": csv_file(body)})
    text = response.content.decode()
    assert response.status_code == 422
    assert "2025-13-01" in text and "工单号“T1”重复" in text and "“摘要”不能为空" in text
    assert f"村代码“{B1}”不是您管辖范围内的村" in text
    assert not HotlineTicket.objects.exists()


def test_good_excel_rows_are_imported_and_linked(personas, login):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["工单号", "日期", "村代码", "类别", "摘要"])
    sheet.append(["12348-001", "2025-05-01", A1, "婚姻家庭", "离婚咨询"])
    sheet.append(["12348-002", "2025/05/02", A2, "劳动", "讨薪"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("tickets.xlsx", buffer.getvalue())
    response = login(personas.township_a).post("/legal/hotline/import/", {"file": upload})
    assert response.status_code == 302
    assert dict(HotlineTicket.objects.values_list("number", "region_id")) == {"12348-001": A1, "12348-002": A2}
    assert "12348-001" in login(personas.cadre_a1).get(f"/legal/v/{A1}/").content.decode()


def test_api_import_scope_and_errors(personas, login):
    assert login(personas.villager_a1).post("/api/v1/legal/hotline/import",
                                            {"region": A1, "file": csv_file("")}).status_code == 403
    assert login(personas.cadre_b1).post("/api/v1/legal/hotline/import",
                                         {"region": A1, "file": csv_file("")}).status_code == 404
    missing = login(personas.cadre_a1).post(
        "/api/v1/legal/hotline/import",
        {"region": A1, "file": SimpleUploadedFile("t.csv", "工单号,日期\nT1,2025-05-01\n".encode())})
    assert missing.status_code == 422 and "缺少必需的列“村代码”" in " ".join(missing.json()["errors"]["file"])
    good = login(personas.cadre_a1).post("/api/v1/legal/hotline/import",
                                         {"region": A1, "file": csv_file(f"T9,2025-05-01,{A1},合同,买卖\n")})
    assert good.status_code == 201 and good.json()["imported"] == 1
    assert HotlineTicket.objects.get().region_id == A1
