"""Fixtures and helpers shared by the event tests: a small taxonomy, photos, events."""

import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from xiangzhi.grid.events import report_event
from xiangzhi.grid.models import EventCategory
from xiangzhi.regions.models import Region

COUNTY, OTHER_COUNTY = "450321", "450312"
TOWNSHIP_A, TOWNSHIP_B = "450321100", "450321101"
A1, A2, B1 = "450321100200", "450321100202", "450321101200"
A1_TUN, A1_TUN2, A1_GRID = "450321100200001", "450321100200002", "450321100200W01"
A2_TUN, B1_TUN = "450321100202001", "450321101200001"


@pytest.fixture
def categories(tree):
    environment = EventCategory.objects.create(code="HJWS", name="环境卫生", order=1)
    roads = EventCategory.objects.create(code="DLSS", name="道路设施", order=2)
    disputes = EventCategory.objects.create(code="MDJF", name="矛盾纠纷", order=3)
    Region.objects.create(code=OTHER_COUNTY, name="临桂区", level="county", parent_id="4503")
    return SimpleNamespace(
        environment=environment,
        roads=roads,
        disputes=disputes,
        garbage=EventCategory.objects.create(code="HJWS-01", name="垃圾乱堆乱放", parent=environment, order=1),
        sewage=EventCategory.objects.create(code="HJWS-02", name="污水横流", parent=environment, order=2),
        road_damage=EventCategory.objects.create(code="DLSS-01", name="道路破损", parent=roads, order=1),
        land_dispute=EventCategory.objects.create(code="MDJF-01", name="土地纠纷", parent=disputes, order=1),
        retired=EventCategory.objects.create(code="HJWS-99", name="旧类别", parent=environment, active=False),
        own=EventCategory.objects.create(code="YS-01", name="漓江沿岸垃圾", parent=environment, county_id=COUNTY, order=3),
        other_county=EventCategory.objects.create(
            code="LG-01", name="临桂专有小类", parent=environment, county_id=OTHER_COUNTY, order=4
        ),
    )


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png_bytes(size=(8, 8), color=(200, 30, 30), image_format="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=image_format)
    return buffer.getvalue()


def photo(name="现场.png", content=None, content_type="image/png"):
    return SimpleUploadedFile(name, png_bytes() if content is None else content, content_type=content_type)


def new_event(actor, category, *, description="村口垃圾堆放多日,无人清理。", **options):
    options.setdefault("region", A1_TUN)
    return report_event(actor, category=category, description=description, **options)
