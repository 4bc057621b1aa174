"""Appraisal criteria: the ten stars by default, or a county's own list."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.regions.models import Region

from .models import Criterion

CONFIGURE = "rating.criteria"
# The ten stars of 十星级文明户 (shipped as the county-less rows of the data migration).
DEFAULT_CRITERIA = (
    "爱党爱国", "勤劳致富", "诚实守信", "团结友善", "孝老爱亲",
    "遵规守法", "绿色环保", "优生优育", "卫生健康", "科教文体",
)
MAX_CRITERIA = 20


def criteria_for(county_code):
    """The active criteria of the county, or the shared defaults when it configured none."""
    own = list(Criterion.objects.filter(county_id=county_code, active=True))
    return own or list(Criterion.objects.filter(county__isnull=True, active=True))


def set_county_criteria(actor, county_code, items):
    """Replace the county's criteria by `items` [(name, max_stars)]: old rows are retired, not
    deleted, so past appraisals keep what they scored."""
    county = Region.objects.filter(code=county_code, level="county").first()
    if county is None:
        raise ValidationError({"county": _("县代码“%(code)s”不存在。") % {"code": county_code}})
    post = require(actor, CONFIGURE, county.code)
    cleaned, seen = [], set()
    for index, (name, max_stars) in enumerate(items, start=1):
        name = (name or "").strip()
        if not name:
            raise ValidationError({"items": _("第 %(row)d 项:请填写评星项目名称。") % {"row": index}})
        if len(name) > 40:
            raise ValidationError({"items": _("第 %(row)d 项:名称不能超过 40 个字。") % {"row": index}})
        if name in seen:
            raise ValidationError({"items": _("第 %(row)d 项:“%(name)s”重复。") % {"row": index, "name": name}})
        if not 1 <= max_stars <= 5:
            raise ValidationError({"items": _("第 %(row)d 项:星数应为 1 到 5。") % {"row": index}})
        seen.add(name)
        cleaned.append((name, max_stars))
    if not cleaned:
        raise ValidationError({"items": _("至少要有一个评星项目。")})
    if len(cleaned) > MAX_CRITERIA:
        raise ValidationError({"items": _("评星项目最多 %(count)d 个。") % {"count": MAX_CRITERIA}})
    with transaction.atomic():
        before = list(Criterion.objects.filter(county=county, active=True).values_list("name", flat=True))
        Criterion.objects.filter(county=county, active=True).update(active=False)
        created = [
            Criterion.objects.create(county=county, name=name, max_stars=max_stars, order=order)
            for order, (name, max_stars) in enumerate(cleaned, start=1)
        ]
        record_event(actor, "rating.criteria", county, region_code=county.code, post=post,
                     changes={"criteria": [before, [name for name, _stars in cleaned]]})
    return created
