"""A county's yearly star-rating scheme: criteria, star bands and screening triggers, with defaults."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.regions.models import CODE_LENGTHS, Level

from .models import CONFIG, RatingScheme

COUNTY_LENGTH = CODE_LENGTHS[Level.COUNTY]

# After the plan's 星级化管理: five areas of 20 points each.
DEFAULT_CRITERIA = [
    {"key": "organisation", "label": gettext_lazy("组织建设"), "max_score": 20},
    {"key": "leadership", "label": gettext_lazy("班子队伍"), "max_score": 20},
    {"key": "members", "label": gettext_lazy("党员管理"), "max_score": 20},
    {"key": "institutions", "label": gettext_lazy("制度落实"), "max_score": 20},
    {"key": "development", "label": gettext_lazy("发展治理"), "max_score": 20},
]
DEFAULT_BANDS = [60, 70, 80, 90]  # lowest total for 2, 3, 4, 5 stars
SETTINGS = ("secretary_vacant_days", "satisfaction_below", "no_new_member_years", "last_place", "mass_incident",
            "bottom_share")
BOTTOM_SHARE_MAX = 20


@dataclass
class Scheme:
    county: str
    year: int
    criteria: list = field(default_factory=lambda: [dict(item, label=str(item["label"])) for item in DEFAULT_CRITERIA])
    star_bands: list = field(default_factory=lambda: list(DEFAULT_BANDS))
    secretary_vacant_days: int | None = 90
    satisfaction_below: int | None = 60
    no_new_member_years: int | None = 2
    last_place: bool = True
    mass_incident: bool = True
    bottom_share: int = 10
    own: bool = False

    @classmethod
    def of(cls, row):
        return cls(county=row.region_id, year=row.year, criteria=list(row.criteria), star_bands=list(row.star_bands),
                   **{name: getattr(row, name) for name in SETTINGS}, own=True)

    @property
    def max_total(self):
        return sum(item["max_score"] for item in self.criteria)

    def stars_for(self, total):
        return 1 + sum(1 for band in self.star_bands if total >= band)

    def as_dict(self):
        return {"county": self.county, "year": self.year, "criteria": self.criteria, "star_bands": self.star_bands,
                **{name: getattr(self, name) for name in SETTINGS}, "own": self.own}


def scheme_for(county_code, year):
    row = RatingScheme.objects.filter(region_id=county_code[:COUNTY_LENGTH], year=year).first()
    return Scheme.of(row) if row else Scheme(county=county_code[:COUNTY_LENGTH], year=year)


def _int(value):
    if value is None or str(value).strip() == "":
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        return "bad"


def _clean_criteria(criteria, errors):
    cleaned, keys = [], set()
    for position, item in enumerate(criteria, start=1):
        label = str(item.get("label") or "").strip()
        key = str(item.get("key") or "").strip() or f"c{position}"
        max_score = _int(item.get("max_score"))
        if not label or len(label) > 50:
            errors["criteria"] = [_("第 %(n)d 项标准的名称应为 1 至 50 个字。") % {"n": position}]
        elif not isinstance(max_score, int) or not 1 <= max_score <= 100:
            errors["criteria"] = [_("第 %(n)d 项标准的满分应为 1 至 100 之间的整数。") % {"n": position}]
        elif key in keys or len(key) > 30:
            errors["criteria"] = [_("第 %(n)d 项标准的代码重复或过长。") % {"n": position}]
        if "criteria" in errors:
            return []
        keys.add(key)
        cleaned.append({"key": key, "label": label, "max_score": max_score})
    if not cleaned:
        errors["criteria"] = [_("请至少设置一项评分标准。")]
    return cleaned


def _clean_bands(bands, max_total, errors):
    if isinstance(bands, str):
        bands = [part for part in bands.replace(",", ",").split(",") if part.strip()]
    values = [_int(item) for item in bands or []]
    if len(values) != 4 or any(not isinstance(value, int) for value in values):
        errors["star_bands"] = [_("星级分数线应为 4 个整数(二星、三星、四星、五星的最低分)。")]
        return []
    if any(b <= a for a, b in zip(values, values[1:])) or values[0] < 1 or values[-1] > max_total:
        errors["star_bands"] = [_("星级分数线应逐级升高,且在 1 至总分 %(max)d 之间。") % {"max": max_total}]
        return []
    return values


def _clean_settings(values, errors):
    cleaned = {}
    limits = {"secretary_vacant_days": (1, 3650, _("书记空缺天数应为 1 至 3650 之间的整数,留空为不启用。")),
              "satisfaction_below": (1, 100, _("满意度阈值应为 1 至 100 之间的整数,留空为不启用。")),
              "no_new_member_years": (1, 10, _("未发展党员年数应为 1 至 10 之间的整数,留空为不启用。"))}
    for name, (low, high, message) in limits.items():
        value = _int(values.get(name))
        if value is not None and (value == "bad" or not low <= value <= high):
            errors[name] = [message]
        cleaned[name] = value
    share = _int(values.get("bottom_share"))
    if share is None or share == "bad" or not 0 <= share <= BOTTOM_SHARE_MAX:
        errors["bottom_share"] = [_("排名靠后比例应为 0 至 %(max)d 之间的整数(0 为不启用)。") % {"max": BOTTOM_SHARE_MAX}]
    cleaned["bottom_share"] = share
    cleaned["last_place"] = bool(values.get("last_place"))
    cleaned["mass_incident"] = bool(values.get("mass_incident"))
    return cleaned


def configure(actor, county, year, *, criteria, star_bands, **settings):
    """Set a county's scheme for a year (县委组织部). Evaluations already begun keep their criteria."""
    post = require(actor, CONFIG, county.code)
    errors = {}
    if county.level != Level.COUNTY:
        raise ValidationError({"county": _("星级评定方案按县设置,请选择县(市、区)。")})
    year = _int(year)
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = [_("年度应为 2000 至 2100 之间的整数。")]
    criteria = _clean_criteria(list(criteria or []), errors)
    bands = _clean_bands(star_bands, sum(item["max_score"] for item in criteria), errors) if criteria else []
    cleaned = _clean_settings(settings, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = RatingScheme.objects.select_for_update().filter(region=county, year=year).first()
        before = (Scheme.of(row) if row else Scheme(county=county.code, year=year)).as_dict()
        if row is None:
            row = RatingScheme(region=county, year=year, updated_by=actor)
        row.criteria, row.star_bands, row.updated_by = criteria, bands, actor
        for name, value in cleaned.items():
            setattr(row, name, value)
        row.save()
        after = Scheme.of(row).as_dict()
        changes = {key: [before[key], after[key]] for key in after if key != "own" and before[key] != after[key]}
        record_event(actor, "partyrating.configure", row, region_code=county.code, post=post, changes=changes)
    return row
