"""Helpers shared by the duty tests."""

import datetime

import pytest
from django.utils import timezone

from conftest import make_user
from xiangzhi.duties import actions
from xiangzhi.duties.models import AdmissionRequest, DutyItem, DutyList

COUNTY, TOWNSHIP_A = "450321", "450321100"
A1, A2, B1 = "450321100200", "450321100202", "450321101200"


@pytest.fixture
def reviewer(personas):
    """A second county department that reviews what the first (personas.county) files."""
    return make_user("county_rural_work", "county_department", COUNTY, department="rural_work")


def next_week():
    return timezone.localdate() + datetime.timedelta(days=7)


def default_item(list_kind=DutyList.ASSISTING, name="协助做好征兵"):
    return DutyItem.objects.get(list_kind=list_kind, county__isnull=True, name=name)


def file_request(user, **options):
    values = {
        "kind": "activity", "title": "美丽庭院创建达标", "description": "每村评选 10 户美丽庭院并上报。",
        "basis_level": "regional", "basis_document": "桂办发〔2021〕12号", "veto": False,
    }
    values.update(options)
    return actions.request_admission(user, **values)


def approved_request(user, reviewer, **options):
    admission = file_request(user, **options)
    actions.review_admission(reviewer, admission, "approve", reason="有自治区文件依据,准予准入。")
    return AdmissionRequest.objects.get(pk=admission.pk)


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


