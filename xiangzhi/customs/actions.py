"""移风易俗 writes: standards, 红白事 declarations, volunteer teams/activities/sign-ups/hours,
cultural events and heritage items. Each takes the acting user first, checks the capability
in the record's region, runs in one transaction and writes an audit event."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require, require_capability
from xiangzhi.core.audit import record_event
from xiangzhi.people.models import Household, Resident
from xiangzhi.people.masking import contains_citizen_id
from xiangzhi.regions.models import Level, Region

from .models import (
    CulturalEvent, CulturalEventKind, CustomsStandard, Declaration, EventKind, HeritageItem, HeritageKind,
    HeritageLevel, Limit, VolunteerActivity, VolunteerSignup, VolunteerTeam,
)

MANAGE = "customs.manage"
DECLARE = "customs.declare"
VOLUNTEER_MANAGE = "volunteer.manage"
VOLUNTEER_JOIN = "volunteer.join"
CULTURE_MANAGE = "culture.manage"

MAX_COUNT = 100_000
MAX_FEN = 10**12
MAX_HOURS = Decimal("24")


# --- input checks -----------------------------------------------------------------------------


def _int(errors, field, label, value, *, minimum=0, maximum=MAX_COUNT):
    if value is None or str(value).strip() == "":
        errors[field] = _("请填写%(label)s。") % {"label": label}
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        errors[field] = _("%(label)s须为整数。") % {"label": label}
        return None
    if not minimum <= number <= maximum:
        errors[field] = _("%(label)s须在 %(min)d 到 %(max)d 之间。") % {"label": label, "min": minimum, "max": maximum}
        return None
    return number


def _date(errors, field, label, value):
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or "").strip())
    except ValueError:
        errors[field] = _("请填写有效的%(label)s(如 2025-05-01)。") % {"label": label}
        return None


def _datetime(errors, field, label, value):
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        try:
            moment = datetime.datetime.fromisoformat(str(value or "").strip())
        except ValueError:
            errors[field] = _("请填写有效的%(label)s(如 2025-05-01 19:30)。") % {"label": label}
            return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _text(errors, field, label, value, *, max_length, required=True):
    value = (value or "").strip()
    if required and not value:
        errors[field] = _("请填写%(label)s。") % {"label": label}
    elif len(value) > max_length:
        errors[field] = _("%(label)s不能超过 %(max)d 个字。") % {"label": label, "max": max_length}
    elif contains_citizen_id(value):
        errors[field] = _("%(label)s会公开显示,不能包含身份证号码。") % {"label": label}
    return value


def _choice(errors, field, label, value, choices):
    if value not in choices.values:
        errors[field] = _("请选择%(label)s。") % {"label": label}
    return value


def _raise(errors):
    if errors:
        raise ValidationError(errors)


def _region(code, levels, field="region"):
    region = Region.objects.filter(pk=(code or "").strip()).first()
    if region is None or region.level not in levels:
        raise ValidationError({field: _("请选择有效的区划。")})
    return region


# --- 红白事 standards and declarations ---------------------------------------------------------


def set_standard(actor, village_code, *, effective_from, max_tables, max_guests, max_gift_fen, max_cost_fen):
    village = _region(village_code, (Level.VILLAGE,), "village")
    post = require(actor, MANAGE, village.code)
    errors = {}
    values = {
        "effective_from": _date(errors, "effective_from", _("施行日期"), effective_from),
        "max_tables": _int(errors, "max_tables", _("最多桌数"), max_tables, minimum=1),
        "max_guests": _int(errors, "max_guests", _("最多宾客人数"), max_guests, minimum=1),
        "max_gift_fen": _int(errors, "max_gift_fen", _("每人礼金上限"), max_gift_fen, maximum=MAX_FEN),
        "max_cost_fen": _int(errors, "max_cost_fen", _("总花费上限"), max_cost_fen, minimum=1, maximum=MAX_FEN),
    }
    _raise(errors)
    with transaction.atomic():
        if CustomsStandard.objects.filter(region=village, effective_from=values["effective_from"]).exists():
            raise ValidationError({"effective_from": _("本村在这一天施行的标准已经登记,请换一个施行日期。")})
        standard = CustomsStandard.objects.create(region=village, created_by=actor, **values)
        record_event(actor, "customs.standard.set", standard, region_code=village.code, post=post,
                     changes={key: [None, value] for key, value in values.items()})
    return standard


def standard_on(village_code, day):
    return CustomsStandard.objects.filter(region_id=village_code, effective_from__lte=day).order_by(
        "-effective_from").first()


def exceeded_limits(standard, *, tables, guests, gift_per_guest_fen, total_cost_fen):
    if standard is None:
        return []
    checks = (
        (Limit.TABLES, tables, standard.max_tables),
        (Limit.GUESTS, guests, standard.max_guests),
        (Limit.GIFT, gift_per_guest_fen, standard.max_gift_fen),
        (Limit.COST, total_cost_fen, standard.max_cost_fen),
    )
    return [limit.value for limit, value, maximum in checks if value > maximum]


def _declaring_household(actor, household):
    """A cadre records for any household of the village; a villager declares for their own."""
    if household is not None:
        village_code = household.region.village_code()
        return household, village_code, require(actor, MANAGE, village_code)
    resident = getattr(actor, "resident", None)
    if resident is None:
        require_capability(actor, DECLARE)
        raise ValidationError({"household": _("您的账号尚未关联本村户籍,请联系村干部登记。")})
    own = Household.objects.select_related("region").get(pk=resident.household_id)
    village_code = own.region.village_code()
    return own, village_code, require(actor, DECLARE, village_code)


def declare_event(actor, *, household=None, kind, event_date, tables, guests, gift_per_guest_fen, total_cost_fen,
                  note=""):
    household, village_code, post = _declaring_household(actor, household)
    errors = {}
    _choice(errors, "kind", _("类型"), kind, EventKind)
    values = {
        "event_date": _date(errors, "event_date", _("办事日期"), event_date),
        "tables": _int(errors, "tables", _("桌数"), tables, minimum=1),
        "guests": _int(errors, "guests", _("宾客人数"), guests, minimum=1),
        "gift_per_guest_fen": _int(errors, "gift_per_guest_fen", _("每人礼金"), gift_per_guest_fen, maximum=MAX_FEN),
        "total_cost_fen": _int(errors, "total_cost_fen", _("总花费"), total_cost_fen, maximum=MAX_FEN),
    }
    note = _text(errors, "note", _("说明"), note, max_length=200, required=False)
    _raise(errors)
    standard = standard_on(village_code, values["event_date"])
    exceeded = exceeded_limits(standard, **{key: values[key] for key in (
        "tables", "guests", "gift_per_guest_fen", "total_cost_fen")})
    with transaction.atomic():
        declaration = Declaration.objects.create(
            region_id=village_code, household=household, kind=kind, note=note, standard=standard,
            exceeded=exceeded, over_standard=bool(exceeded), declared_by=actor, **values,
        )
        record_event(actor, "customs.declaration.create", declaration, region_code=village_code, post=post,
                     changes={"kind": [None, kind], "exceeded": [None, exceeded], **{
                         key: [None, value] for key, value in values.items()}})
    return declaration


# --- volunteer service ------------------------------------------------------------------------


def create_team(actor, region_code, *, name):
    region = _region(region_code, (Level.VILLAGE, Level.TOWNSHIP))
    post = require(actor, VOLUNTEER_MANAGE, region.code)
    errors = {}
    name = _text(errors, "name", _("队名"), name, max_length=100)
    _raise(errors)
    try:
        with transaction.atomic():
            team = VolunteerTeam.objects.create(region=region, name=name, created_by=actor)
            record_event(actor, "volunteer.team.create", team, region_code=region.code, post=post,
                         changes={"name": [None, name]})
    except IntegrityError:
        raise ValidationError({"name": _("“%(name)s”已经登记过了。") % {"name": name}}) from None
    return team


def create_activity(actor, team, *, title, starts_at, place="", for_minors=False):
    post = require(actor, VOLUNTEER_MANAGE, team.region_id)
    errors = {}
    title = _text(errors, "title", _("活动名称"), title, max_length=100)
    place = _text(errors, "place", _("地点"), place, max_length=100, required=False)
    starts_at = _datetime(errors, "starts_at", _("开始时间"), starts_at)
    _raise(errors)
    with transaction.atomic():
        activity = VolunteerActivity.objects.create(
            team=team, region_id=team.region_id, title=title, starts_at=starts_at, place=place,
            for_minors=bool(for_minors), organiser=actor,
        )
        record_event(actor, "volunteer.activity.create", activity, region_code=team.region_id, post=post,
                     changes={"title": [None, title], "starts_at": [None, starts_at.isoformat()],
                              "for_minors": [None, bool(for_minors)]})
    return activity


def sign_up(actor, activity, resident):
    """A villager signs up someone of their own household (a guardian signs up a child); a cadre of
    the activity's area may sign up any resident living there."""
    if resident is None:
        raise ValidationError({"resident": _("请选择参加人。")})
    own = getattr(actor, "resident", None)
    if own is not None and own.household_id == resident.household_id:
        post = require(actor, VOLUNTEER_JOIN, resident.region_id)
    else:
        post = require(actor, VOLUNTEER_MANAGE, resident.region_id)
    if not resident.region_id.startswith(activity.region_id):
        raise ValidationError({"resident": _("参加人不住在本活动的服务范围内。")})
    if not resident.is_present:
        raise ValidationError({"resident": _("参加人已不在册。")})
    try:
        with transaction.atomic():
            signup = VolunteerSignup.objects.create(activity=activity, resident=resident, signed_up_by=actor)
            record_event(actor, "volunteer.signup.create", signup, region_code=activity.region_id, post=post,
                         target_repr=activity.title, changes={"resident": [None, resident.pk]})
    except IntegrityError:
        raise ValidationError({"resident": _("已经报过名了。")}) from None
    return signup


def _hours(errors, value):
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        errors["hours"] = _("服务时长须为数字(小时)。")
        return None
    if not hours.is_finite() or hours < 0 or hours > MAX_HOURS:
        errors["hours"] = _("服务时长须在 0 到 24 小时之间。")
        return None
    return hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _volunteer_points(actor, signup, hours, post):
    """Points for the hours when the village's rules give points for them; None when they don't."""
    from xiangzhi.points.ledger import post_entry
    from xiangzhi.points.models import EntryKind
    from xiangzhi.points.rules import points_for

    village_code = signup.resident.region_id[:12]
    rule = points_for(village_code, "volunteer_hour")
    if rule is None:
        return 0
    rule_item, per_hour = rule
    points = int((Decimal(per_hour) * hours).to_integral_value(rounding=ROUND_HALF_UP))
    if points == 0:
        return 0
    household = Household.objects.get(pk=signup.resident.household_id)
    post_entry(
        actor, household, points, kind=EntryKind.VOLUNTEER, rule_item=rule_item, post=post,
        reason=_("志愿服务“%(title)s” %(hours)s 小时") % {"title": signup.activity.title, "hours": hours},
        source=("customs.volunteer_signup", str(signup.pk)),
    )
    return points


def verify_attendance(actor, signup, *, attended, hours=0):
    """The organiser confirms who came and for how long, once per sign-up."""
    activity = signup.activity
    post = require(actor, VOLUNTEER_MANAGE, activity.region_id)
    if activity.organiser_id != actor.pk:
        raise ValidationError({"attended": _("只有活动组织者可以核实到场情况。")})
    errors = {}
    hours = _hours(errors, hours) if attended else Decimal("0")
    if attended and hours is not None and hours <= 0:
        errors["hours"] = _("到场的服务时长须大于 0。")
    _raise(errors)
    with transaction.atomic():
        locked = VolunteerSignup.objects.select_for_update().select_related("resident", "activity").get(pk=signup.pk)
        if locked.attended is not None:
            raise ValidationError({"attended": _("这条报名已经核实过了。")})
        points = _volunteer_points(actor, locked, hours, post) if attended else 0
        VolunteerSignup.objects.filter(pk=locked.pk).update(
            attended=bool(attended), hours=hours, points=points, verified_by=actor, verified_at=timezone.now(),
        )
        record_event(actor, "volunteer.signup.verify", locked, region_code=activity.region_id, post=post,
                     target_repr=activity.title,
                     changes={"attended": [None, bool(attended)], "hours": [None, str(hours)],
                              "points": [None, points]})
    signup.refresh_from_db()
    return signup


# --- culture ----------------------------------------------------------------------------------

CULTURE_LEVELS = (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE, Level.NATURAL_VILLAGE)


def add_cultural_event(actor, region_code, *, kind, title, starts_at, place="", description=""):
    region = _region(region_code, CULTURE_LEVELS)
    post = require(actor, CULTURE_MANAGE, region.code)
    errors = {}
    _choice(errors, "kind", _("类型"), kind, CulturalEventKind)
    title = _text(errors, "title", _("活动名称"), title, max_length=100)
    place = _text(errors, "place", _("地点"), place, max_length=100, required=False)
    description = _text(errors, "description", _("简介"), description, max_length=2000, required=False)
    starts_at = _datetime(errors, "starts_at", _("开始时间"), starts_at)
    _raise(errors)
    with transaction.atomic():
        event = CulturalEvent.objects.create(
            region=region, kind=kind, title=title, starts_at=starts_at, place=place, description=description,
            created_by=actor,
        )
        record_event(actor, "culture.event.create", event, region_code=region.code, post=post,
                     changes={"title": [None, title], "kind": [None, kind], "starts_at": [None, starts_at.isoformat()]})
    return event


def add_heritage_item(actor, region_code, *, kind, name, level, year, description=""):
    region = _region(region_code, CULTURE_LEVELS)
    post = require(actor, CULTURE_MANAGE, region.code)
    errors = {}
    _choice(errors, "kind", _("类别"), kind, HeritageKind)
    _choice(errors, "level", _("级别"), level, HeritageLevel)
    name = _text(errors, "name", _("名称"), name, max_length=100)
    description = _text(errors, "description", _("简介"), description, max_length=2000, required=False)
    year = _int(errors, "year", _("公布年份"), year, minimum=1949, maximum=timezone.localdate().year)
    _raise(errors)
    try:
        with transaction.atomic():
            item = HeritageItem.objects.create(
                region=region, kind=kind, name=name, level=level, year=year, description=description, created_by=actor,
            )
            record_event(actor, "culture.heritage.create", item, region_code=region.code, post=post,
                         changes={"name": [None, name], "kind": [None, kind], "level": [None, level]})
    except IntegrityError:
        raise ValidationError({"name": _("“%(name)s”已经登记过了。") % {"name": name}}) from None
    return item


def resident_for_signup(actor, resident_id):
    """The resident a sign-up names, if the actor may name them (own household or people.view)."""
    try:
        resident_id = int(resident_id)
    except (TypeError, ValueError):
        raise ValidationError({"resident": _("请选择参加人。")}) from None
    own = getattr(actor, "resident", None)
    if own is not None:
        resident = Resident.objects.filter(pk=resident_id, household_id=own.household_id).first()
        if resident is not None:
            return resident
    resident = Resident.objects.visible_to(actor).filter(pk=resident_id).first()
    if resident is None:
        raise ValidationError({"resident": _("请选择参加人。")})
    return resident
