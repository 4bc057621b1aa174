"""Loading the statistical divisions (自治区 → 市 → 县 → 乡镇 → 村) from a CSV file.

The whole file is checked before anything is written; a file with any problem is
rejected with every problem and its line number. A valid file is compared with the rows
already in the database in memory, then only new and changed units are written, in
batches, in one transaction: a second run of the same file writes nothing. Units the
platform adds below a village (屯, 网格) are never read or written here.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from xiangzhi.core.audit import record_event

from .models import CODE_LENGTHS, STATISTICAL_LEVELS, Level, Region
from .search import spell

DEFAULT_FILE = Path(settings.BASE_DIR) / "data" / "guangxi_divisions_2023.csv"
HEADER = ["code", "name", "level", "parent_code"]
PARENT_LEVEL = {
    Level.CITY: Level.PROVINCE,
    Level.COUNTY: Level.CITY,
    Level.TOWNSHIP: Level.COUNTY,
    Level.VILLAGE: Level.TOWNSHIP,
}
BATCH_SIZE = 2000
NAME_MAX_LENGTH = Region._meta.get_field("name").max_length
UPDATED_FIELDS = ["name", "level", "parent", "pinyin", "initials", "updated_at"]


class DivisionFileError(Exception):
    """The file cannot be loaded; `problems` lists each one with its line number."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Division:
    line: int
    code: str
    name: str
    level: str
    parent_code: str


@dataclass
class LoadResult:
    created: int
    updated: int
    unchanged: int


def read_divisions(path):
    """The file's rows, checked one by one and against each other and the database."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            lines = list(csv.reader(handle))
    except FileNotFoundError:
        raise DivisionFileError([f"找不到文件:{path}"]) from None
    except UnicodeDecodeError:
        raise DivisionFileError([f"文件 {path} 不是 UTF-8 编码。"]) from None
    if not lines or [cell.strip() for cell in lines[0]] != HEADER:
        found = ",".join(lines[0]) if lines else ""
        raise DivisionFileError([_describe(1, "", f"表头应为“{','.join(HEADER)}”,实为“{found}”。")])

    problems = []  # (line, column, text)
    divisions = []
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(HEADER):
            problems.append((number, "", f"应有 {len(HEADER)} 列,实有 {len(cells)} 列。"))
            continue
        division = Division(number, *(cell.strip() for cell in cells))
        problems.extend(_row_problems(division))
        divisions.append(division)
    if not divisions and not problems:
        problems.append((2, "", "文件没有数据行。"))
    problems.extend(_cross_problems(divisions))
    if problems:
        raise DivisionFileError([_describe(*problem) for problem in sorted(problems, key=lambda p: p[0])])
    return divisions


def _describe(line, column, text):
    return f"第 {line} 行 {column} 列:{text}" if column else f"第 {line} 行:{text}"


def _row_problems(division):
    line, code, level = division.line, division.code, division.level
    problems = []
    if level not in STATISTICAL_LEVELS:
        allowed = "、".join(STATISTICAL_LEVELS)
        problems.append((line, "level", f"未知层级“{level}”,应为 {allowed} 之一。"))
    elif not code.isdigit() or len(code) != CODE_LENGTHS[level]:
        problems.append(
            (line, "code", f"{Level(level).label}代码应为 {CODE_LENGTHS[level]} 位数字,实为“{code}”。")
        )
    if not division.name:
        problems.append((line, "name", "名称为空。"))
    elif len(division.name) > NAME_MAX_LENGTH:
        problems.append((line, "name", f"名称超过 {NAME_MAX_LENGTH} 个字。"))
    if level == Level.PROVINCE and division.parent_code:
        problems.append((line, "parent_code", "自治区不应有上级代码。"))
    if level in PARENT_LEVEL and not division.parent_code:
        problems.append((line, "parent_code", "上级代码为空。"))
    return problems


def _cross_problems(divisions):
    """Duplicate codes, and parents that are missing, of the wrong level or not a prefix."""
    problems = []
    first_line = {}
    levels = {}
    for division in divisions:
        if division.code in first_line:
            first = first_line[division.code]
            problems.append((division.line, "code", f"代码 {division.code} 重复(首次出现在第 {first} 行)。"))
        else:
            first_line[division.code] = division.line
            levels[division.code] = division.level
    wanted = {d.parent_code for d in divisions if d.parent_code and d.parent_code not in levels}
    levels.update(
        Region.objects.filter(code__in=wanted, level__in=STATISTICAL_LEVELS).values_list("code", "level")
    )
    for division in divisions:
        parent, line = division.parent_code, division.line
        expected = PARENT_LEVEL.get(division.level)
        if not parent or expected is None:
            continue
        if parent not in levels:
            problems.append((line, "parent_code", f"上级 {parent} 在文件和数据库中都不存在。"))
        elif levels[parent] != expected:
            actual = Level(levels[parent]).label
            problems.append((line, "parent_code", f"上级 {parent} 应为{Level(expected).label},实为{actual}。"))
        if not division.code.startswith(parent):
            problems.append((line, "parent_code", f"代码 {division.code} 不以上级代码 {parent} 开头。"))
    return problems


def load_divisions(path=DEFAULT_FILE):
    """Check the file, then create the new units and update the changed ones."""
    divisions = read_divisions(path)
    with transaction.atomic():
        to_create, to_update, unchanged = _compare(divisions)
        Region.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        Region.objects.bulk_update(to_update, UPDATED_FIELDS, batch_size=BATCH_SIZE)
        result = LoadResult(len(to_create), len(to_update), unchanged)
        if to_create or to_update:
            record_event(
                None, "regions.load_divisions", None, region_code=divisions[0].code[:2],
                changes={"created": result.created, "updated": result.updated},
            )
    return result


def _compare(divisions):
    """The units to create, those to update, and how many are already as in the file."""
    existing = {
        row[0]: row[1:]
        for row in Region.objects.filter(level__in=STATISTICAL_LEVELS).values_list(
            "code", "name", "level", "parent_id", "pinyin"
        )
    }
    now = timezone.now()
    to_create, to_update, unchanged = [], [], 0
    for division in sorted(divisions, key=lambda d: len(d.code)):
        parent_id = division.parent_code or None
        current = existing.get(division.code)
        if current is not None and current[:3] == (division.name, division.level, parent_id) and current[3]:
            unchanged += 1
            continue
        pinyin, initials = spell(division.name)
        region = Region(
            code=division.code, name=division.name, level=division.level, parent_id=parent_id,
            pinyin=pinyin, initials=initials, updated_at=now,
        )
        (to_create if current is None else to_update).append(region)
    return to_create, to_update, unchanged
