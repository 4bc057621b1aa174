"""Importing households and residents from a registry file (.xlsx or .csv).

The whole file is checked first; every bad row is reported with its row number (as Excel
shows it: the header is row 1), its column and the reason. Anything wrong: nothing is
written. Otherwise households and then residents are written in batches in one
transaction, the village tallies adjusted and one audit event "people.import" written.
"""

import csv
import io
import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from xiangzhi.accounts.permissions import post_for
from xiangzhi.core.audit import record_event
from xiangzhi.regions.models import GRID_MARK, Level, Region

from . import citizen_id
from .actions import build_resident, clean_member, clean_poverty_status, clean_text, registered_indexes
from .models import FLAG_FIELDS, Household, ImportJob, ImportStatus, Relation, Resident
from .tallies import adjust_tally

logger = logging.getLogger(__name__)

HEADERS = [
    "户编号", "屯/村代码", "网格代码", "住址", "帮扶类别", "姓名", "与户主关系", "公民身份号码",
    "联系电话", "民族", "党员", "低保", "留守儿童", "独居老人", "残疾", "退役军人",
]
FLAG_HEADERS = dict(zip(HEADERS[10:], FLAG_FIELDS, strict=True))
REQUIRED_HEADERS = ("户编号", "屯/村代码", "姓名", "与户主关系", "公民身份号码")
MEMBER_COLUMNS = {"name": "姓名", "relation": "与户主关系", "id_number": "公民身份号码", "phone": "联系电话",
                  "ethnicity": "民族"}
TEXT_COLUMNS = ("户编号", "屯/村代码", "网格代码", "公民身份号码", "联系电话")
YES = {"是", "Y", "YES", "1", "√", "TRUE"}
NO = {"", "否", "N", "NO", "0", "×", "FALSE"}
MAX_ROWS = 200_000
PROGRESS_STEP = 500
BATCH_SIZE = 1000


class FileError(Exception):
    """The file as a whole cannot be read (format, encoding, headers)."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def error(row, column, message):
    return {"row": row, "column": column, "message": str(message)}


# --- Reading ----------------------------------------------------------------------------


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def decode_csv(raw):
    """UTF-8 with or without a BOM, else GBK (GB 18030), which Excel in China writes."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise FileError([error(0, "", _("无法识别文件编码:请另存为 UTF-8 或 GBK 编码的 CSV。"))]) from None


def read_rows(file, name):
    """All rows of the first sheet as lists of text, header first."""
    if name.lower().endswith(".csv"):
        text = decode_csv(file.read())
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not xlsx
        raise FileError([error(0, "", _("文件不是有效的 .xlsx 表格。"))]) from None
    try:
        sheet = workbook.worksheets[0]
        return [[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def header_positions(header_row):
    errors, positions = [], {}
    for index, raw in enumerate(header_row):
        name = raw.strip()
        if not name:
            continue
        if name not in HEADERS:
            errors.append(error(1, name, _("未知的表头“%(name)s”:请使用导入模板的表头。") % {"name": name}))
        elif name in positions:
            errors.append(error(1, name, _("表头“%(name)s”重复。") % {"name": name}))
        else:
            positions[name] = index
    for name in REQUIRED_HEADERS:
        if name not in positions:
            errors.append(error(1, name, _("缺少必需的列“%(name)s”。") % {"name": name}))
    if errors:
        raise FileError(errors)
    return positions


# --- Checking ---------------------------------------------------------------------------


@dataclass
class PlannedHousehold:
    number: str
    first_row: int
    region: Region
    grid: Region | None
    address: str = ""
    poverty_status: str = ""
    members: list = field(default_factory=list)  # [(row, values)]
    head_rows: list = field(default_factory=list)


class RegistryFile:
    """A registry file checked against the registry, within the importer's region."""

    def __init__(self, rows, scope_code, progress=None):
        self.rows = rows
        self.scope_code = scope_code
        self.progress = progress or (lambda done: None)
        self.errors = []
        self.households = {}

    def check(self):
        if not self.rows:
            raise FileError([error(0, "", _("文件是空的。"))])
        positions = header_positions(self.rows[0])
        data = [(n, row) for n, row in enumerate(self.rows[1:], start=2) if any(cell.strip() for cell in row)]
        if not data:
            raise FileError([error(0, "", _("文件中没有数据行。"))])
        if len(data) > MAX_ROWS:
            raise FileError([error(0, "", _("一次最多导入 %(n)d 行,请分批导入。") % {"n": MAX_ROWS})])
        self.regions = self.load_regions(data, positions)
        seen_ids = {}
        for done, (number, row) in enumerate(data, start=1):
            values = {name: (row[index] if index < len(row) else "").strip() for name, index in positions.items()}
            self.check_row(number, values, seen_ids)
            if done % PROGRESS_STEP == 0:
                self.progress(done)
        self.check_registered(seen_ids)
        self.check_households()
        self.check_existing_numbers()
        self.errors.sort(key=lambda item: (item["row"], HEADERS.index(item["column"])
                                           if item["column"] in HEADERS else -1))
        self.progress(len(data))
        return len(data)

    def load_regions(self, data, positions):
        codes = set()
        for _number, row in data:
            for column in ("屯/村代码", "网格代码"):
                index = positions.get(column)
                if index is not None and index < len(row) and row[index].strip():
                    codes.add(row[index].strip().upper())
        regions = {}
        codes = list(codes)
        for start in range(0, len(codes), 500):
            for region in Region.objects.filter(code__in=codes[start : start + 500]):
                regions[region.code] = region
        return regions

    def in_scope(self, code):
        return code.startswith(self.scope_code)

    def check_row(self, row, values, seen_ids):
        errors = []
        household_number = values.get("户编号", "")
        if not household_number:
            errors.append(error(row, "户编号", _("请填写户编号。")))
        elif len(household_number) > 40:
            errors.append(error(row, "户编号", _("户编号不能超过 40 个字。")))

        region_code = values.get("屯/村代码", "").upper()
        region = self.regions.get(region_code)
        if not region_code:
            errors.append(error(row, "屯/村代码", _("请填写屯/村代码。")))
            region = None
        elif region is None or not self.in_scope(region_code):
            errors.append(error(row, "屯/村代码", _("屯/村代码 %(code)s 不存在或不在您的管辖范围内。") % {
                "code": region_code}))
            region = None
        elif region.level not in (Level.VILLAGE, Level.NATURAL_VILLAGE):
            errors.append(error(row, "屯/村代码", _("屯/村代码 %(code)s 是%(level)s,须为村或自然村(屯)的代码。") % {
                "code": region_code, "level": region.get_level_display()}))
            region = None

        grid_code = values.get("网格代码", "").upper()
        grid = None
        if grid_code:
            grid = self.regions.get(grid_code)
            if grid is None or grid.level != Level.GRID or GRID_MARK not in grid_code:
                errors.append(error(row, "网格代码", _("网格代码 %(code)s 不存在。") % {"code": grid_code}))
                grid = None
            elif region is not None and grid.parent_id != region.village_code():
                errors.append(error(row, "网格代码", _("网格代码 %(code)s 不是该村的网格。") % {"code": grid_code}))
                grid = None

        address, poverty_status = "", ""
        try:
            address = clean_text(values.get("住址"), _("住址"), 200)
        except ValidationError as problem:
            errors.append(error(row, "住址", problem.messages[0]))
        try:
            poverty_status = clean_poverty_status(values.get("帮扶类别", "").replace("一般户", ""))
        except ValidationError as problem:
            errors.append(error(row, "帮扶类别", problem.messages[0]))

        member = {key: values.get(column, "") for key, column in MEMBER_COLUMNS.items()}
        for column, flag in FLAG_HEADERS.items():
            raw = values.get(column, "").upper()
            if raw in YES:
                member[flag] = True
            elif raw in NO:
                member[flag] = False
            else:
                errors.append(error(row, column, _("%(column)s须填“是”或“否”。") % {"column": column}))
        cleaned, member_errors = clean_member(member)
        for key, message in member_errors.items():
            errors.append(error(row, MEMBER_COLUMNS[key], message))

        parsed = cleaned.get("id_number")
        if parsed is not None:
            if parsed.number in seen_ids:
                errors.append(error(row, "公民身份号码", _("公民身份号码与第 %(row)d 行重复。") % {
                    "row": seen_ids[parsed.number]}))
            else:
                seen_ids[parsed.number] = row

        self.errors.extend(errors)
        if not household_number:
            return
        planned = self.households.get(household_number)
        if planned is None:
            planned = PlannedHousehold(household_number, row, region, grid)
            self.households[household_number] = planned
        else:
            self.check_same_household(planned, row, region, grid)
        planned.address = planned.address or address
        planned.poverty_status = planned.poverty_status or poverty_status
        if cleaned.get("relation") == Relation.HEAD:
            planned.head_rows.append(row)
        if not errors:
            planned.members.append((row, cleaned))

    def check_same_household(self, planned, row, region, grid):
        if region is not None and planned.region is not None and region.code != planned.region.code:
            self.errors.append(error(row, "屯/村代码", _("同一户编号的屯/村代码须相同(第 %(row)d 行为 %(code)s)。") % {
                "row": planned.first_row, "code": planned.region.code}))
        if planned.grid is None and grid is not None:
            planned.grid = grid
        elif grid is not None and grid.code != planned.grid.code:
            self.errors.append(error(row, "网格代码", _("同一户编号的网格代码须相同(已为 %(code)s)。") % {
                "code": planned.grid.code}))

    def check_registered(self, seen_ids):
        by_index = {citizen_id.index(number): row for number, row in seen_ids.items()}
        for index in registered_indexes(by_index):
            self.errors.append(error(by_index[index], "公民身份号码", _("公民身份号码已登记,不能重复登记。")))

    def check_households(self):
        for planned in self.households.values():
            if not planned.head_rows:
                self.errors.append(error(planned.first_row, "与户主关系", _("户编号 %(number)s 没有户主:每户须有一名“户主”。") % {
                    "number": planned.number}))
            for row in planned.head_rows[1:]:
                self.errors.append(error(row, "与户主关系", _("户编号 %(number)s 已有户主(第 %(row)d 行),每户只能有一名户主。") % {
                    "number": planned.number, "row": planned.head_rows[0]}))

    def check_existing_numbers(self):
        numbers = list(self.households)
        existing = set()
        for start in range(0, len(numbers), 500):
            existing.update(
                Household.objects.filter(region__prefix=self.scope_code, number__in=numbers[start : start + 500])
                .values_list("number", "region_id")
            )
        for number, region_code in existing:
            planned = self.households[number]
            if planned.region is not None and region_code[:12] == planned.region.village_code():
                self.errors.append(error(planned.first_row, "户编号", _("户编号 %(number)s 在本村已存在。") % {
                    "number": number}))


# --- Writing ----------------------------------------------------------------------------


def write(households):
    """Households, then their residents, in batches; returns (households, residents) counts."""
    planned = list(households.values())
    rows = [
        Household(region=p.region, grid=p.grid, number=p.number, address=p.address, poverty_status=p.poverty_status)
        for p in planned
    ]
    Household.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    residents = [build_resident(row, values) for row, p in zip(rows, planned, strict=True) for _n, values in p.members]
    Resident.objects.bulk_create(residents, batch_size=BATCH_SIZE)
    tallies = {}
    for row, p in zip(rows, planned, strict=True):
        counts = tallies.setdefault(p.region.village_code(), [0, 0])
        counts[0] += 1
        counts[1] += len(p.members)
    for village_code, (household_count, resident_count) in sorted(tallies.items()):
        adjust_tally(village_code, households=household_count, residents=resident_count)
    return len(rows), len(residents)


def run_import(job_id):
    """Check and, if the whole file is good, write it. Called by the task worker."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.PENDING).update(status=ImportStatus.RUNNING)
    if not claimed:
        return
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)

    def progress(done):
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)

    try:
        with job.file.open("rb") as file:
            rows = read_rows(file, job.original_name)
        ImportJob.objects.filter(pk=job.pk).update(total_rows=max(0, sum(1 for r in rows[1:] if any(r))))
        checked = RegistryFile(rows, job.region_id, progress)
        total = checked.check()
        if checked.errors:
            finish(job, ImportStatus.FAILED, errors=checked.errors, total=total)
            return
        post = post_for(job.created_by, "people.import", job.region_id)
        if post is None:
            finish(job, ImportStatus.FAILED, errors=[error(0, "", _("您已没有在该区域导入的权限。"))], total=total)
            return
        with transaction.atomic():
            households, residents = write(checked.households)
            record_event(job.created_by, "people.import", job, region_code=job.region_id, post=post, changes={
                "households": [0, households], "residents": [0, residents], "file": [None, job.original_name],
            })
            finish(job, ImportStatus.SUCCEEDED, total=total, households=households, residents=residents)
    except FileError as problem:
        finish(job, ImportStatus.FAILED, errors=problem.errors)
    except IntegrityError:
        finish(job, ImportStatus.FAILED, errors=[error(0, "公民身份号码", _("导入期间有人登记了文件中的公民身份号码,请重新导入。"))])
    except Exception:
        logger.exception("import job %s failed", job.pk)
        finish(job, ImportStatus.FAILED, errors=[error(0, "", _("导入时发生内部错误,未导入任何数据。"))])
    finally:
        discard_file(job)


def finish(job, status, *, errors=(), total=None, households=0, residents=0):
    updates = {
        "status": status, "errors": list(errors), "households_created": households,
        "residents_created": residents, "finished_at": timezone.now(),
    }
    if total is not None:
        updates["total_rows"] = total
        updates["processed_rows"] = total
    else:
        updates["processed_rows"] = F("total_rows")
    ImportJob.objects.filter(pk=job.pk).update(**updates)


def discard_file(job):
    """The upload holds citizen IDs in clear: it is not kept once the job is done."""
    if job.file:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")


# --- Template ---------------------------------------------------------------------------


def template_workbook():
    """The import template: the headers (text-formatted code and ID columns) and a notes sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "户籍村民"
    sheet.append(HEADERS)
    for index, name in enumerate(HEADERS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 20 if name in TEXT_COLUMNS else 12
        if name in TEXT_COLUMNS:
            # Text, so that Excel keeps all 18 digits of an ID and the leading 0 of a landline.
            for row in range(2, 1002):
                sheet[f"{letter}{row}"].number_format = "@"
    notes = workbook.create_sheet("填写说明")
    for line in (
        "每行一名村民;户编号相同的行属于同一户,每户须有且只有一名“户主”。",
        "屯/村代码:村(12 位)或自然村/屯(15 位)的区划代码,须在您的管辖范围内。",
        "网格代码:可不填;填写时须为该村的网格(村代码 + W + 2 位)。",
        "帮扶类别:一般户、脱贫户、监测户(可不填)。",
        "与户主关系:" + "、".join(str(label) for _v, label in Relation.choices) + "。",
        "公民身份号码:18 位(或旧版 15 位),请设为文本格式以免 Excel 丢失末位。",
        "联系电话:手机号 11 位,或固定电话如 0773-1234567(可不填)。",
        "党员、低保、留守儿童、独居老人、残疾、退役军人:填“是”或“否”(不填视为否)。",
        "文件中只要有一行有误,整个文件都不会导入;请按错误提示修改后重新上传。",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer
