"""Exporting the registry: the import template's columns, masked numbers, filters, audit."""

import io

import pytest
from openpyxl import load_workbook

from xiangzhi.core.models import AuditEvent
from xiangzhi.people import citizen_id
from xiangzhi.people.imports import HEADERS

from .registry_data import A1_GRID, A1_TUN, new_id, registry  # noqa: F401

pytestmark = pytest.mark.django_db


def rows_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    return [list(values) for values in sheet.iter_rows(values_only=True)]


def test_export_has_the_template_columns_and_masked_numbers(registry, personas, login):
    rows = rows_of(login(personas.cadre_a1).get("/people/export.xlsx"))
    assert rows[0] == HEADERS
    by_name = {row[5]: row for row in rows[1:]}
    assert set(by_name) == {"张三", "李四", "王五"}
    assert by_name["张三"] == [
        "A1-001", A1_TUN, A1_GRID, "矮山屯 1 号", "一般户", "张三", "户主", citizen_id.mask(new_id(1)),
        "138****5678", "汉族", "是", "否", "否", "否", "否", "否",
    ]
    assert by_name["李四"][8] == "0773-***2345"
    assert by_name["王五"][2] is None and by_name["王五"][11] == "是"
    flat = "".join(str(cell) for row in rows for cell in row)
    assert new_id(1) not in flat and "13812345678" not in flat


def test_export_applies_filters_and_is_audited(registry, personas, login):
    rows = rows_of(login(personas.township_a).get("/people/export.xlsx", {"q": "赵六"}))
    assert [row[5] for row in rows[1:]] == ["赵六"]
    rows = rows_of(login(personas.township_a).get("/people/export.xlsx", {"region": "450321100200002"}))
    assert [row[5] for row in rows[1:]] == ["王五"]
    events = AuditEvent.objects.filter(action="people.export").order_by("id")
    assert [(e.actor, e.region_code) for e in events] == [(personas.township_a, "450321100")] * 2
    assert events[0].changes == {"rows": [None, 1], "filters": [None, {"q": "赵六"}]}
    assert events[1].changes["filters"] == [None, {"region": "450321100200002"}]


def test_export_refusals(registry, personas, login):
    for who in (personas.villager_a1, personas.grid_worker_a1, personas.auditor):
        assert login(who).get("/people/export.xlsx").status_code == 403
    assert login(personas.cadre_a1).post("/people/export.xlsx").status_code == 405
    assert not AuditEvent.objects.filter(action="people.export").exists()
