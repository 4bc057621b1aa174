"""Importing the registry from .xlsx/.csv: all or nothing, every bad row reported."""

import csv
import datetime
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from xiangzhi.core.models import AuditEvent
from xiangzhi.people import citizen_id
from xiangzhi.people.imports import HEADERS
from xiangzhi.people.models import Household, ImportJob, Resident, VillageTally

from .registry_data import A1_GRID, A1_TUN, A1_TUN_2, A2_TUN, new_id, registry  # noqa: F401

pytestmark = pytest.mark.django_db
A1 = "450321100200"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def row(number, region, name, relation, id_number, *, grid="", address="", poverty="", phone="", ethnicity="汉族",
        flags=("否",) * 6):
    return [number, region, grid, address, poverty, name, relation, id_number, phone, ethnicity, *flags]


def xlsx(rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("登记表.xlsx", buffer.getvalue())


def csv_file(rows, encoding, name="登记表.csv"):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(encoding))


def upload(client, file, capture):
    with capture(execute=True):
        response = client.post("/people/import/", {"file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


def counts():
    return Household.objects.count(), Resident.objects.count()


GOOD_ROWS = [
    row("H-1", A1_TUN, "韦大", "户主", new_id(50), grid=A1_GRID, address="矮山屯 5 号", poverty="脱贫户",
        phone="13800001111", flags=("是", "否", "否", "否", "否", "是")),
    row("H-1", A1_TUN, "韦二", "配偶", new_id(51, "female"), grid=A1_GRID),
    row("H-2", A1_TUN_2, "覃三", "户主", new_id(52), ethnicity="壮族", flags=("", "是", "", "", "", "")),
]


def test_a_good_file_is_imported_with_tallies_and_one_audit_event(personas, login, django_capture_on_commit_callbacks,
                                                                 media):
    client = login(personas.cadre_a1)
    job = upload(client, xlsx(GOOD_ROWS), django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == "succeeded" and job.errors == []
    assert (job.total_rows, job.processed_rows, job.households_created, job.residents_created) == (3, 3, 2, 3)
    h1 = Household.objects.get(number="H-1")
    assert (h1.region_id, h1.grid_id, h1.address, h1.poverty_status) == (A1_TUN, A1_GRID, "矮山屯 5 号", "lifted")
    wei = Resident.objects.get(name="韦大")
    assert (wei.relation, wei.phone, wei.is_party_member, wei.is_veteran, wei.id_number) == (
        "head", "13800001111", True, True, new_id(50))
    assert Resident.objects.get(name="覃三").is_low_income and Resident.objects.get(name="覃三").ethnicity == "壮族"
    tally = VillageTally.objects.get(village_id=A1)
    assert (tally.households, tally.residents) == (2, 3)
    event = AuditEvent.objects.get(action="people.import")
    assert event.changes["households"] == [0, 2] and event.changes["residents"] == [0, 3]
    assert event.actor == personas.cadre_a1 and event.region_code == A1
    # The upload held IDs in clear: it is not kept.
    assert not job.file and not any(path.is_file() for path in media.rglob("*"))
    page = client.get(f"/people/import/{job.pk}/").content.decode()
    assert "已导入 2 户、3 人" in page and "hx-trigger" not in page


def test_a_file_with_bad_rows_imports_nothing_and_reports_each_one(registry, personas, login,
                                                                   django_capture_on_commit_callbacks):
    bad_check = new_id(61)[:17] + ("0" if new_id(61)[17] != "0" else "1")
    rows = [
        row("H-1", A1_TUN, "好人", "户主", new_id(60)),                       # 2: fine
        row("H-1", A1_TUN, "错号", "子女", bad_check),                         # 3
        row("H-2", "450321100202001", "越界", "户主", new_id(62)),           # 4: A2's 屯, out of scope
        row("H-3", A1_GRID, "网格", "户主", new_id(63)),                       # 5: a grid, not a 屯
        row("H-4", A1_TUN, "重号", "户主", new_id(60)),                       # 6: same ID as row 2
        row("H-5", A1_TUN, "已登", "户主", new_id(1)),                        # 7: registered already
        row("H-6", A1_TUN, "无主", "配偶", new_id(64)),                       # 8: H-6 has no head
        row("H-1", A1_TUN, "二主", "户主", new_id(65)),                       # 9: second head of H-1
        row("H-7", A1_TUN, "乱填", "户主", new_id(66), flags=("可能",) + ("否",) * 5, phone="123"),  # 10
        row("H-8", A1_TUN, "外网", "户主", new_id(67), grid="450321100202W01"),  # 11: grid does not exist
    ]
    before = counts(), VillageTally.objects.get(village_id=A1).residents
    job = upload(login(personas.cadre_a1), xlsx(rows), django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == "failed"
    assert (counts(), VillageTally.objects.get(village_id=A1).residents) == before
    found = {(error["row"], error["column"]): error["message"] for error in job.errors}
    expected = {
        (3, "公民身份号码"): "校验位",
        (4, "屯/村代码"): "不在您的管辖范围内",
        (5, "屯/村代码"): "须为村或自然村",
        (6, "公民身份号码"): "与第 2 行重复",
        (7, "公民身份号码"): "已登记",
        (8, "与户主关系"): "没有户主",
        (9, "与户主关系"): "已有户主",
        (10, "党员"): "是",
        (10, "联系电话"): "联系电话格式不正确",
        (11, "网格代码"): "不存在",
    }
    for key, words in expected.items():
        assert key in found, key
        assert words in found[key], (key, found[key])
    assert set(found) == set(expected)
    assert not AuditEvent.objects.filter(action="people.import").exists()
    page = login(personas.cadre_a1).get(f"/people/import/{job.pk}/").content.decode()
    assert "未导入任何数据" in page and "与第 2 行重复" in page and "<td>10</td>" in page


def test_unknown_and_missing_headers_are_reported(personas, login, django_capture_on_commit_callbacks):
    headers = [h for h in HEADERS if h != "姓名"] + ["备注"]
    job = upload(login(personas.cadre_a1), xlsx([["H-1"] * len(headers)], headers=headers),
                 django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == "failed"
    assert {(e["row"], e["column"]) for e in job.errors} == {(1, "备注"), (1, "姓名")}
    assert any("未知的表头" in e["message"] for e in job.errors)
    assert counts() == (0, 0)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_files_in_utf8_with_or_without_bom_and_gbk(personas, login, django_capture_on_commit_callbacks, encoding):
    job = upload(login(personas.cadre_a1), csv_file(GOOD_ROWS, encoding), django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == "succeeded", job.errors
    assert set(Resident.objects.values_list("name", flat=True)) == {"韦大", "韦二", "覃三"}
    assert Household.objects.get(number="H-1").address == "矮山屯 5 号"


def test_only_importers_may_upload_and_see_jobs(personas, login, django_capture_on_commit_callbacks):
    for who in (personas.villager_a1, personas.grid_worker_a1):
        client = login(who)
        assert client.get("/people/import/").status_code == 403
        assert client.post("/people/import/", {"file": xlsx(GOOD_ROWS)}).status_code == 403
    assert ImportJob.objects.count() == 0
    job = upload(login(personas.cadre_a1), xlsx(GOOD_ROWS), django_capture_on_commit_callbacks)
    assert login(personas.cadre_a2).get(f"/people/import/{job.pk}/").status_code == 404
    assert login(personas.township_a).get(f"/people/import/{job.pk}/").status_code == 200
    assert login(personas.cadre_a1).delete("/people/import/").status_code == 405


def test_a_file_of_another_type_is_refused_on_the_form(personas, login):
    response = login(personas.cadre_a1).post("/people/import/", {"file": SimpleUploadedFile("x.txt", b"abc")})
    assert response.status_code == 200 and "只能导入 .xlsx 或 .csv 文件" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_the_progress_partial_polls_until_the_job_is_done(personas, login):
    client = login(personas.cadre_a1)
    response = client.post("/people/import/", {"file": xlsx(GOOD_ROWS)})  # on_commit not run: still queued
    job = ImportJob.objects.get()
    assert response["Location"] == f"/people/import/{job.pk}/"
    ImportJob.objects.filter(pk=job.pk).update(status="running", total_rows=3000, processed_rows=1000)
    page = client.get(f"/people/import/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and '<progress value="1000" max="3000"' in page
    partial = client.get(f"/people/import/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith("<section") and "<html" not in partial
    from xiangzhi.people.imports import run_import

    ImportJob.objects.filter(pk=job.pk).update(status="pending")
    run_import(job.pk)
    partial = client.get(f"/people/import/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial and "已导入" in partial


def test_the_template_has_the_import_headers(personas, login):
    response = login(personas.cadre_a1).get("/people/import/template.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADERS


def test_ten_thousand_rows_import_quickly(personas, login, django_capture_on_commit_callbacks):
    rows = []
    for household in range(2500):
        born = datetime.date(1950, 1, 1) + datetime.timedelta(days=household)
        region = A1_TUN if household % 2 else A1_TUN_2
        for member, relation in enumerate(("户主", "配偶", "子女", "子女")):
            gender = "male" if member % 2 == 0 else "female"
            number = citizen_id.make("450321", born, member, gender)
            rows.append(row(f"B-{household}", region, f"村民{household}-{member}", relation, number,
                            grid=A1_GRID if region == A1_TUN else "", phone=f"139{household:04d}{member:04d}"))
    file = xlsx(rows)
    started = time.monotonic()
    job = upload(login(personas.township_a), file, django_capture_on_commit_callbacks)
    elapsed = time.monotonic() - started
    job.refresh_from_db()
    assert job.status == "succeeded", job.errors[:5]
    assert (job.households_created, job.residents_created, job.processed_rows) == (2500, 10000, 10000)
    assert counts() == (2500, 10000)
    tally = VillageTally.objects.get(village_id=A1)
    assert (tally.households, tally.residents) == (2500, 10000)
    assert Household.objects.filter(grid_id=A1_GRID).count() == 1250
    assert elapsed < 60, elapsed
