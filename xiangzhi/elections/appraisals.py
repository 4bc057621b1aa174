"""民主评议: once a year the 村务监督委员会 chairs the appraisal of every serving 村民委员会 member
(称职 / 基本称职 / 不称职). A member rated 不称职 two years running has their office ended."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require, require_capability
from xiangzhi.core.audit import record_event
from xiangzhi.regions.models import Level, Region

from . import committee
from .elections import _date
from .models import Appraisal, AppraisalRating, Rating

APPRAISE = "election.appraise"


def visible_appraisals(user):
    return Appraisal.objects.visible_to(user).select_related("region")


def get_appraisal_for_user(user, pk):
    require_capability(user, Appraisal.view_capability)
    appraisal = visible_appraisals(user).filter(pk=pk).first()
    if appraisal is None:
        raise Http404(_("未找到该记录。"))
    return appraisal


def ratings_of(appraisal):
    return list(appraisal.ratings.select_related("resident", "membership").order_by("id"))


def record_appraisal(actor, *, region, year, ratings, held_on=None):
    """`ratings` = {membership id: rating} for every serving member of the 村民委员会."""
    region_code = getattr(region, "code", None) or str(region or "").strip()
    post = require(actor, APPRAISE, region_code)
    village = Region.objects.filter(code=region_code, level=Level.VILLAGE).first()
    today = timezone.localdate()
    errors = {}
    if village is None:
        errors["region"] = _("民主评议在村(社区)进行。")
    try:
        year = int(str(year).strip())
    except (TypeError, ValueError):
        errors["year"] = _("年度须为整数。")
    else:
        if not 2000 <= year <= today.year:
            errors["year"] = _("年度须在 2000 年到今年之间。")
    held_on = _date(held_on or today, _("评议日期"), "held_on", errors)
    if held_on and held_on > today:
        errors["held_on"] = _("评议日期不能晚于今天。")
    if errors:
        raise ValidationError(errors)
    # A term that ends on the day (a recall, last year's appraisal) is not appraised again.
    members = list(committee.current_members(village.code, held_on).exclude(ends_on=held_on))
    if not members:
        raise ValidationError(_("本村村民委员会目前没有在任成员,无法评议。"))
    given = {str(key): str(value or "").strip() for key, value in (ratings or {}).items()}
    for member in members:
        value = given.pop(str(member.pk), "")
        if value not in Rating.values:
            errors[f"rating_{member.pk}"] = _("请为%(name)s选择评议结果(称职、基本称职或不称职)。") % {"name": member.resident.name}
    if given:
        errors["ratings"] = _("评议结果中有不是本村现任村民委员会成员的记录。")
    if errors:
        raise ValidationError(errors)
    ratings = {str(key): str(value).strip() for key, value in ratings.items()}
    try:
        with transaction.atomic():
            appraisal = Appraisal.objects.create(region=village, year=year, held_on=held_on, recorded_by=actor)
            previous = {
                row.resident_id: row.rating
                for row in AppraisalRating.objects.filter(appraisal__region=village, appraisal__year=year - 1)
            }
            ended = []
            for member in members:
                rating = ratings[str(member.pk)]
                twice = rating == Rating.INCOMPETENT and previous.get(member.resident_id) == Rating.INCOMPETENT
                AppraisalRating.objects.create(
                    appraisal=appraisal, membership=member, resident=member.resident, rating=rating, office_ended=twice
                )
                if twice:
                    committee.end_term(actor, post, member, held_on, because="appraisal")
                    ended.append(member.resident_id)
            record_event(
                actor, "appraisal.record", appraisal, region_code=village.code, post=post,
                changes={
                    "year": [None, year], "ratings": [None, {str(m.resident_id): ratings[str(m.pk)] for m in members}],
                    "offices_ended": [None, ended],
                },
            )
    except IntegrityError:
        raise ValidationError({"year": _("%(village)s %(year)d 年度的民主评议已经录入。") % {
            "village": village.name, "year": year}}) from None
    return appraisal


def default_year():
    """The year being appraised: last year until the end of March, then this year."""
    today = timezone.localdate()
    return today.year - 1 if today < datetime.date(today.year, 4, 1) else today.year
