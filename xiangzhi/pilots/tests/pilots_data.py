"""Helpers shared by the pilots tests."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from conftest import make_user
from xiangzhi.pilots import actions
from xiangzhi.pilots.models import CaseKind

COUNTY = "450321"
TOWNSHIP_A = "450321100"
A1 = "450321100200"
B1 = "450321101200"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def png_bytes(image_format="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 120, 200)).save(buffer, format=image_format)
    return buffer.getvalue()


def upload(name="经验材料.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def city_official():
    return make_user("city", "city_official", "4503")


def region_official():
    return make_user("region", "region_official", "45")


def case_values(**overrides):
    values = {"kind": CaseKind.BRAND, "title": "积分制管理村务", "summary": "用积分激励村民参与。",
              "body": "做法:按户积分。\n\n成效:参与率提高。", "year": 2024, "tags": "积分制 三治融合"}
    values.update(overrides)
    return values


def draft(actor, region=COUNTY, **overrides):
    return actions.create_case(actor, region, **case_values(**overrides))


def submitted(actor, region=COUNTY, **overrides):
    case = draft(actor, region, **overrides)
    return actions.submit_case(actor, case)


def published(author, publisher, region=COUNTY, **overrides):
    case = submitted(author, region, **overrides)
    return actions.publish_case(publisher, case)
