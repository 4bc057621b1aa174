"""load_divisions against the real file shipped in data/."""

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from conftest import make_user
from xiangzhi.core.models import AuditEvent
from xiangzhi.regions import actions
from xiangzhi.regions.loader import DEFAULT_FILE, load_divisions
from xiangzhi.regions.models import Level, Region

pytestmark = pytest.mark.django_db

EXPECTED = {"province": 1, "city": 14, "county": 111, "township": 1284, "village": 16681}


def level_counts():
    return {level: Region.objects.filter(level=level).count() for level in EXPECTED}


def test_loads_every_unit_of_every_level(real_divisions):
    assert (real_divisions.created, real_divisions.updated, real_divisions.unchanged) == (18091, 0, 0)
    assert level_counts() == EXPECTED
    assert Region.objects.count() == 18091
    yangshuo = Region.objects.get(code="450321")
    assert (yangshuo.name, yangshuo.level, yangshuo.parent_id) == ("阳朔县", Level.COUNTY, "4503")
    assert (yangshuo.pinyin, yangshuo.initials) == ("yangshuoxian", "ysx")
    assert Region.objects.get(code="450321100200").parent_id == "450321100"


def test_the_load_is_audited_once(real_divisions):
    event = AuditEvent.objects.get(action="regions.load_divisions")
    assert event.region_code == "45"
    assert event.actor is None
    assert event.changes == {"created": 18091, "updated": 0}


def test_a_second_run_changes_nothing(real_divisions):
    before = dict(Region.objects.values_list("code", "updated_at"))
    events = AuditEvent.objects.count()
    out = StringIO()
    call_command("load_divisions", stdout=out)
    assert "新增 0,更新 0,未变 18091" in out.getvalue()
    assert dict(Region.objects.values_list("code", "updated_at")) == before
    assert AuditEvent.objects.count() == events
    assert level_counts() == EXPECTED


def test_a_renamed_unit_is_updated(real_divisions, tmp_path):
    modified = tmp_path / "divisions.csv"
    with open(DEFAULT_FILE, encoding="utf-8") as source, open(modified, "w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target)
        for row in csv.reader(source):
            if row[0] == "450321100200":
                row[1] = "新矮山村委会"
            writer.writerow(row)
    untouched = Region.objects.get(code="450321100202").updated_at

    result = load_divisions(modified)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 18090)
    renamed = Region.objects.get(code="450321100200")
    assert (renamed.name, renamed.pinyin, renamed.initials) == ("新矮山村委会", "xinaishancunweihui", "xascwh")
    assert Region.objects.get(code="450321100202").updated_at == untouched
    assert AuditEvent.objects.filter(action="regions.load_divisions").first().changes == {"created": 0, "updated": 1}


def test_units_the_platform_added_survive_a_reload(real_divisions):
    cadre = make_user("cadre_load", "village_cadre", "450321100200")
    tun = actions.add_natural_village(cadre, Region.objects.get(code="450321100200"), "矮山屯")
    grid = actions.add_grid(cadre, Region.objects.get(code="450321100200"), "第一网格")

    result = load_divisions(DEFAULT_FILE)

    assert (result.created, result.updated) == (0, 0)
    assert Region.objects.get(code=tun.code).name == "矮山屯"
    assert Region.objects.get(code=grid.code).level == Level.GRID
