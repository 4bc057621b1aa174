"""The ledger pages and API: which ledgers a unit has, the file's layout, who may download
what (403/404), bad periods, and the audit trail of every download."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from xiangzhi.core.models import AuditEvent
from xiangzhi.ledgers import registry

from .conftest import PENDING_KEY, PENDING_TITLE
from .ledger_data import A1, A1_FULL_NAME, B1, COUNTY, TOWNSHIP_A, TOWNSHIP_B, download, headers, ledger_rows, \
    sheet_of, this_year

pytestmark = pytest.mark.django_db

MODULE_LEDGERS = {
    "disclosure.disclosures": "村务公开台账", "matters.four_two": "四议两公开台账",
    "mediation.disputes": "矛盾纠纷排查调处台账", "grid.visits": "网格走访台账", "points.entries": "积分管理台账",
    "legal.literates": "法律明白人台账", "petitions.proxy": "信访代办台账", "powers.cases": "小微权力运行台账",
    "finance.vouchers": "财务收支台账", "party.household_links": "党员联系农户台账",
    "party.three_meetings": "三会一课台账", "services.applications": "便民服务代办台账",
}


def downloads():
    return AuditEvent.objects.filter(action="ledger.download")


@pytest.fixture
def dispute(personas):
    from xiangzhi.mediation.tests.helpers import intake

    return intake(personas.cadre_a1)


def test_every_module_declares_its_ledger_and_a_missing_modules_ledger_is_pending():
    ledgers = {ledger.key: ledger for ledger in registry.registered()}
    for key, title in MODULE_LEDGERS.items():
        assert ledgers[key].title == title
        assert not ledgers[key].pending
    assert ledgers[PENDING_KEY].pending  # its module is not installed


def test_a_pending_placeholder_never_replaces_the_real_ledger():
    real = registry.get("mediation.disputes")
    registry.register(registry.Ledger(key="mediation.disputes", title="占位", module="mediation", period_kind="year"))
    assert registry.get("mediation.disputes") is real


# --- the file ---------------------------------------------------------------------------------


def test_file_layout_title_headers_frozen_and_a4(personas, login, dispute):
    response = download(login(personas.secretary_a1), A1, "mediation.disputes")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "attachment" in response["Content-Disposition"]
    assert "%E7%9F%9B%E7%9B%BE" in response["Content-Disposition"]  # 矛盾 (UTF-8, RFC 5987)
    sheet = sheet_of(response)
    assert sheet["A1"].value == f"{A1_FULL_NAME} {this_year()}年 矛盾纠纷排查调处台账"
    assert headers(sheet)[:3] == ["编号", "登记时间", "发生地"]
    assert sheet.freeze_panes == "A3"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$2:$2"
    assert "生成时间" in sheet.oddFooter.left.text
    assert sheet.column_dimensions["G"].width == 30


def test_a_period_without_records_says_so(personas, login):
    sheet = sheet_of(download(login(personas.secretary_a1), A1, "mediation.disputes", "2024Q2"))
    assert sheet["A1"].value == f"{A1_FULL_NAME} 2024年第2季度 矛盾纠纷排查调处台账"
    assert sheet["A3"].value == "本期无记录"


def test_download_is_audited(personas, login, dispute):
    download(login(personas.secretary_a1), A1, "mediation.disputes", "2026-03")
    event = downloads().get()
    assert event.actor == personas.secretary_a1
    assert event.region_code == A1
    assert event.changes == {"ledger": [None, "mediation.disputes"], "period": [None, "2026-03"]}
    assert "矛盾纠纷排查调处台账" in event.target_repr


# --- who may download ---------------------------------------------------------------------------


def test_township_official_gets_404_for_another_townships_village(personas, login, dispute):
    client = login(personas.township_b)
    assert download(client, A1, "mediation.disputes").status_code == 404
    assert client.get(reverse("ledgers:unit", args=[A1])).status_code == 404
    assert client.get(reverse("ledgers:unit", args=[TOWNSHIP_A])).status_code == 404
    assert not downloads().exists()


def test_township_official_downloads_their_villages_ledgers(personas, login, dispute):
    client = login(personas.township_a)
    assert len(ledger_rows(client, A1, "mediation.disputes")) == 1
    assert downloads().count() == 1


def test_villager_and_grid_worker_get_403(personas, login, client):
    for user in (personas.villager_a1, personas.grid_worker_a1):
        login(user)
        assert download(client, A1, "mediation.disputes").status_code == 403
        assert client.get(reverse("ledgers:unit", args=[A1])).status_code == 403
        assert client.get(reverse("ledgers:home")).status_code == 403
    assert not downloads().exists()


def test_the_modules_own_view_capability_is_needed_too(personas, login):
    # The auditor may download ledgers, and sees finance, but not the mediation case files.
    client = login(personas.auditor)
    assert download(client, A1, "mediation.disputes").status_code == 403
    assert download(client, A1, "finance.vouchers").status_code == 200
    assert list(downloads().values_list("changes__ledger", flat=True)) == [[None, "finance.vouchers"]]


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("ledgers:download", args=[A1, "mediation.disputes"]), {"period": "2026"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_ledger_pending_ledger_and_unit_below_village_are_404(personas, login):
    client = login(personas.secretary_a1)
    assert download(client, A1, "mediation.nothing").status_code == 404
    assert download(client, A1, PENDING_KEY).status_code == 404
    assert download(client, A1 + "001", "mediation.disputes").status_code == 404
    assert not downloads().exists()


def test_wrong_method(personas, login):
    client = login(personas.secretary_a1)
    url = reverse("ledgers:download", args=[A1, "mediation.disputes"]) + "?period=2026"
    assert client.post(url).status_code == 405
    assert client.post(reverse("ledgers:unit", args=[A1])).status_code == 405
    assert not downloads().exists()


@pytest.mark.parametrize("period, message", [
    ("2026年", "不是有效的统计期：2026年"),
    ("2026Q5", "不是有效的统计期"),
    ("", "不是有效的统计期"),
    ("1999", "统计期年份应在"),
])
def test_bad_period_is_refused_in_chinese_and_nothing_is_written(personas, login, period, message):
    url = reverse("ledgers:download", args=[A1, "mediation.disputes"])
    response = login(personas.secretary_a1).get(url, {"period": period})
    assert response.status_code == 400
    text = response.content.decode()
    assert "统计期：" in text and message in text
    assert not downloads().exists()


# --- the page -----------------------------------------------------------------------------------


def test_village_page_lists_ledgers_with_period_links_and_pending(personas, login):
    client = login(personas.secretary_a1)
    response = client.get(reverse("ledgers:unit", args=[A1]), {"year": "2025"})
    assert response.status_code == 200
    text = response.content.decode()
    for title in [*MODULE_LEDGERS.values(), PENDING_TITLE]:
        assert title in text
    assert text.count("待接入") == 1
    assert reverse("ledgers:download", args=[A1, "legal.literates"]) + "?period=2025\"" in text
    assert reverse("ledgers:download", args=[A1, "mediation.disputes"]) + "?period=2025-12\"" in text
    assert reverse("ledgers:download", args=[A1, "powers.cases"]) + "?period=2025Q4\"" in text
    assert reverse("ledgers:download", args=[A1, "mediation.disputes"]) + "?period=2025\" download>全年<" in text
    assert f"{PENDING_KEY}.xlsx" not in text


def test_page_shows_which_ledgers_the_auditor_may_not_open(personas, login):
    text = login(personas.auditor).get(reverse("ledgers:unit", args=[A1])).content.decode()
    assert reverse("ledgers:download", args=[A1, "finance.vouchers"]) in text
    assert reverse("ledgers:download", args=[A1, "mediation.disputes"]) not in text
    assert "无查看该模块的权限" in text


def test_bad_year_on_the_page(personas, login):
    response = login(personas.secretary_a1).get(reverse("ledgers:unit", args=[A1]), {"year": "二〇二五"})
    assert response.status_code == 400
    assert "年度：不是有效的统计期" in response.content.decode()


def test_home_redirects_to_the_users_unit_and_county_page_lists_children(personas, login):
    assert login(personas.secretary_a1).get(reverse("ledgers:home"))["Location"] == reverse("ledgers:unit", args=[A1])
    client = login(personas.county)
    assert client.get(reverse("ledgers:home"))["Location"] == reverse("ledgers:unit", args=[COUNTY])
    text = client.get(reverse("ledgers:unit", args=[COUNTY])).content.decode()
    assert reverse("ledgers:unit", args=[TOWNSHIP_A]) in text and reverse("ledgers:unit", args=[TOWNSHIP_B]) in text
    township = client.get(reverse("ledgers:unit", args=[TOWNSHIP_A])).content.decode()
    assert reverse("ledgers:unit", args=[A1]) in township and reverse("ledgers:unit", args=[B1]) not in township
    assert reverse("ledgers:download", args=[TOWNSHIP_A, "mediation.disputes"]) in township


# --- the API ------------------------------------------------------------------------------------


def test_api_lists_a_units_ledgers(personas, login):
    response = login(personas.secretary_a1).get(f"/api/v1/ledgers/{A1}")
    assert response.status_code == 200
    data = response.json()
    assert data["full_name"] == A1_FULL_NAME
    ledgers = {ledger["key"]: ledger for ledger in data["ledgers"]}
    assert ledgers["mediation.disputes"]["download_url"] == f"/api/v1/ledgers/{A1}/mediation.disputes"
    assert ledgers[PENDING_KEY]["pending"] is True
    assert ledgers[PENDING_KEY]["download_url"] is None


def test_api_download_scope_and_bad_period(personas, login, client, dispute):
    login(personas.secretary_a1)
    response = client.get(f"/api/v1/ledgers/{A1}/mediation.disputes", {"period": this_year()})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=3, column=1).value == dispute.pk
    bad = client.get(f"/api/v1/ledgers/{A1}/mediation.disputes", {"period": "2026-13"})
    assert bad.status_code == 422
    assert "不是有效的统计期" in bad.json()["errors"]["period"][0]
    assert downloads().count() == 1
    login(personas.township_b)
    assert client.get(f"/api/v1/ledgers/{A1}").status_code == 404
    assert client.get(f"/api/v1/ledgers/{A1}/mediation.disputes", {"period": "2026"}).status_code == 404
    login(personas.villager_a1)
    assert client.get(f"/api/v1/ledgers/{A1}/mediation.disputes", {"period": "2026"}).status_code == 403
    assert downloads().count() == 1


def test_page_and_download_read_a_handful_of_queries(personas, login, dispute, django_assert_max_num_queries):
    client = login(personas.township_a)
    client.get(reverse("ledgers:unit", args=[TOWNSHIP_A]))  # the session and posts are warm afterwards
    with django_assert_max_num_queries(10):
        assert client.get(reverse("ledgers:unit", args=[TOWNSHIP_A])).status_code == 200
    with django_assert_max_num_queries(14):
        assert download(client, TOWNSHIP_A, "mediation.disputes").status_code == 200
