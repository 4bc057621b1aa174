"""Test data of the cadres app: posts held since 2020, last year's standards, a published result."""

import datetime

from django.utils import timezone

from xiangzhi.accounts.models import Post
from xiangzhi.assessment.models import Result, Scheme, SchemeStatus

COUNTY, TOWNSHIP_A, TOWNSHIP_B = "450321", "450321100", "450321101"
A1, A2, B1 = "450321100200", "450321100202", "450321101200"
LAST_YEAR = timezone.localdate().year - 1


def backdate_posts():
    Post.objects.update(starts_on=datetime.date(2020, 1, 1))


def set_standard(user, role="village_cadre", **values):
    from xiangzhi.cadres import actions

    data = {"year": LAST_YEAR, "role": role, "monthly_basic": "2000", "performance": "6000",
            "rule": "grade_bands", **values}
    return actions.set_pay_standard(user, COUNTY, **data)


def publish_result(village=A1, year=LAST_YEAR, *, score=82.5, grade="good", rank=3, vetoed=False, by):
    scheme = Scheme.objects.create(region_id=COUNTY, year=year, level="village", title="阳朔县村级实绩考核方案",
                                   plan_key="guangxi-2021-2025", status=SchemeStatus.PUBLISHED,
                                   published_at=timezone.now(), created_by=by)
    return Result.objects.create(scheme=scheme, region_id=village, score=score, grade=grade, rank=rank,
                                 vetoed=vetoed, computed_at=timezone.now())


def training_payload(**values):
    start = timezone.localdate() - datetime.timedelta(days=10)
    return {"region_code": COUNTY, "title": "村党组织书记轮训班", "year": start.year,
            "starts_on": start.isoformat(), "ends_on": (start + datetime.timedelta(days=2)).isoformat(),
            "venue": "县委党校", "hours": "24", "content": "基层治理、乡村振兴政策", "target_roles": ["village_secretary"],
            **values}


def other_county_official():
    """A county official of 临桂区, outside the tree's county."""
    from conftest import make_user
    from xiangzhi.regions.models import Region

    Region.objects.create(code="450322", name="临桂区", level="county", parent_id="4503")
    return make_user("other_county", "county_department", "450322")
