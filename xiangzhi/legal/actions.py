"""公共法律服务 writes. Each takes the acting user first, checks the capability in the record's
region, runs in one transaction and writes an audit event."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.models import Role, User
from xiangzhi.accounts.permissions import require
from xiangzhi.core import inputs
from xiangzhi.core.audit import record_event
from xiangzhi.grid.calendar import add_working_days, county_of
from xiangzhi.grid.photos import check_photo
from xiangzhi.regions.models import CODE_LENGTHS, Level

from .models import (
    ActivityKind, HelpRequest, LegalActivity, LegalAdvisor, LegalLiterate, PublicitySite, RequestKind, RequestState,
    RosterMember, RosterRole, SiteKind, Training,
)

MANAGE = "legal.manage"
ASK = "legal.ask"
ANSWER = "legal.answer"
VILLAGE_LENGTH = CODE_LENGTHS[Level.VILLAGE]


def _changes(old, new, fields):
    return {field: [old.get(field), new[field]] for field in fields if old.get(field) != new[field]}


# --- advisor and 三官一律 ---------------------------------------------------------------------


def _advisor_account(username, village_code, errors):
    """The platform user named as advisor: they must hold a current legal_advisor post over the village."""
    username = (username or "").strip()
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None or not any(
        post.role == Role.LEGAL_ADVISOR and village_code.startswith(post.region_id)
        for post in user.posts.active().select_related("region")
    ):
        errors["username"] = _("账号“%(name)s”不是本村的法律顾问(需持有覆盖本村的法律顾问职务)。") % {"name": username}
        return None
    return user


def set_advisor(actor, village_code, *, name, firm, phone, username=""):
    village = inputs.village(village_code)
    post = require(actor, MANAGE, village.code)
    errors = {}
    user = _advisor_account(username, village.code, errors)
    values = {
        "name": inputs.text(errors, "name", _("姓名"), name or (user.full_name if user else ""), max_length=50),
        "firm": inputs.text(errors, "firm", _("律师事务所"), firm, max_length=100),
        "phone": inputs.phone(errors, "phone", phone),
    }
    inputs.raise_if(errors)
    with transaction.atomic():
        advisor = LegalAdvisor.objects.select_for_update().filter(region=village).first()
        old = {} if advisor is None else {
            "name": advisor.name, "firm": advisor.firm, "phone": advisor.phone, "user": advisor.user_id,
        }
        values_with_user = {**values, "user": user.pk if user else None}
        if advisor is None:
            advisor = LegalAdvisor.objects.create(region=village, user=user, assigned_by=actor, **values)
        else:
            for field, value in values.items():
                setattr(advisor, field, value)
            advisor.user = user
            advisor.assigned_by = actor
            advisor.save(update_fields=[*values, "user", "assigned_by", "updated_at"])
        record_event(actor, "legal_advisor.set", advisor, region_code=village.code, post=post,
                     changes=_changes(old, values_with_user, values_with_user))
    return advisor


def set_roster_member(actor, village_code, role, *, name, unit, phone):
    village = inputs.village(village_code)
    post = require(actor, MANAGE, village.code)
    errors = {}
    inputs.choice(errors, "role", _("身份"), role, RosterRole)
    values = {
        "name": inputs.text(errors, "name", _("姓名"), name, max_length=50),
        "unit": inputs.text(errors, "unit", _("单位"), unit, max_length=100),
        "phone": inputs.phone(errors, "phone", phone),
    }
    inputs.raise_if(errors)
    with transaction.atomic():
        member = RosterMember.objects.select_for_update().filter(region=village, role=role).first()
        old = {} if member is None else {"name": member.name, "unit": member.unit, "phone": member.phone}
        if member is None:
            member = RosterMember.objects.create(region=village, role=role, **values)
        else:
            for field, value in values.items():
                setattr(member, field, value)
            member.save(update_fields=[*values, "updated_at"])
        record_event(actor, "legal_roster.set", member, region_code=village.code, post=post,
                     changes=_changes(old, values, values))
    return member


# --- 法律明白人 -------------------------------------------------------------------------------


def register_literate(actor, resident, *, trained_on):
    village_code = resident.region_id[:VILLAGE_LENGTH]
    post = require(actor, MANAGE, village_code)
    errors = {}
    day = inputs.past_date(errors, "trained_on", _("培训合格日期"), trained_on)
    if LegalLiterate.objects.filter(resident=resident).exists():
        errors["resident"] = _("%(name)s 已登记为法律明白人。") % {"name": resident.name}
    inputs.raise_if(errors)
    with transaction.atomic():
        literate = LegalLiterate.objects.create(
            region_id=village_code, resident=resident, trained_on=day, registered_by=actor,
        )
        record_event(actor, "legal_literate.register", literate, region_code=village_code, post=post,
                     changes={"resident": [None, resident.pk], "trained_on": [None, day.isoformat()]})
    return literate


def add_training(actor, literate, *, date, topic, hours):
    post = require(actor, MANAGE, literate.region_id)
    errors = {}
    values = {
        "date": inputs.past_date(errors, "date", _("培训日期"), date),
        "topic": inputs.text(errors, "topic", _("培训内容"), topic, max_length=100),
        "hours": inputs.number(errors, "hours", _("学时"), hours, minimum=Decimal("0.5"), maximum=99, decimal=True),
    }
    inputs.raise_if(errors)
    with transaction.atomic():
        training = Training.objects.create(literate=literate, **values)
        record_event(actor, "legal_training.add", literate, region_code=literate.region_id, post=post,
                     changes={"training": [None, f"{values['date']:%Y-%m-%d} {values['topic']} {values['hours']}"]})
    return training


# --- 法治文化宣传阵地 ------------------------------------------------------------------------


def add_site(actor, village_code, *, kind, name, photo):
    village = inputs.village(village_code)
    post = require(actor, MANAGE, village.code)
    errors = {}
    inputs.choice(errors, "kind", _("阵地类型"), kind, SiteKind)
    name = inputs.text(errors, "name", _("名称"), name, max_length=100)
    checked = None
    if not photo:
        errors["photo"] = _("请上传阵地照片。")
    else:
        try:
            checked = check_photo(photo)
        except ValidationError as exc:
            errors["photo"] = exc.message_dict["photos"][0]
    inputs.raise_if(errors)
    content_type, extension, digest = checked
    with transaction.atomic():
        site = PublicitySite(region=village, kind=kind, name=name, content_type=content_type, sha256=digest,
                             created_by=actor)
        site.photo.save(f"{digest[:32]}.{extension}", photo, save=False)
        site.save()
        record_event(actor, "legal_site.add", site, region_code=village.code, post=post,
                     changes={"kind": [None, kind], "name": [None, name]})
    return site


# --- requests for help ---------------------------------------------------------------------


def ask_for_help(actor, village_code, *, kind, question, days=HelpRequest.DEFAULT_DAYS):
    village = inputs.village(village_code)
    post = require(actor, ASK, village.code)
    errors = {}
    inputs.choice(errors, "kind", _("求助类型"), kind, RequestKind)
    question = inputs.text(errors, "question", _("问题"), question, max_length=2000)
    inputs.raise_if(errors)
    now = timezone.now()
    with transaction.atomic():
        request = HelpRequest.objects.create(
            region=village, kind=kind, question=question, asked_by=actor, asked_at=now,
            due_at=add_working_days(now, days, county_of(village.code)),
        )
        record_event(actor, "legal_request.ask", request, region_code=village.code, post=post,
                     changes={"kind": [None, kind], "due_at": [None, request.due_at.isoformat()]})
    return request


def answer_request(actor, request, *, answer):
    post = require(actor, ANSWER, request.region_id)
    errors = {}
    answer = inputs.text(errors, "answer", _("答复"), answer, max_length=4000)
    inputs.raise_if(errors)
    now = timezone.now()
    with transaction.atomic():
        # One winner: only a request still open is answered.
        updated = HelpRequest.objects.filter(pk=request.pk, state=RequestState.OPEN).update(
            state=RequestState.ANSWERED, answer=answer, answered_by=actor, answered_at=now,
        )
        if not updated:
            raise ValidationError({"answer": _("该求助已答复,不能重复答复。")})
        record_event(actor, "legal_request.answer", request, region_code=request.region_id, post=post,
                     changes={"state": [RequestState.OPEN, RequestState.ANSWERED]})
    request.refresh_from_db()
    return request


# --- 普法 activities -------------------------------------------------------------------------


def log_activity(actor, region_code, *, kind, date, place, topic, attendance):
    place_region = inputs.region(region_code, (Level.VILLAGE, Level.TOWNSHIP))
    post = require(actor, MANAGE, place_region.code)
    errors = {}
    inputs.choice(errors, "kind", _("活动类型"), kind, ActivityKind)
    values = {
        "date": inputs.past_date(errors, "date", _("活动日期"), date),
        "place": inputs.text(errors, "place", _("地点"), place, max_length=100),
        "topic": inputs.text(errors, "topic", _("主题"), topic, max_length=100),
        "attendance": inputs.number(errors, "attendance", _("参加人数"), attendance, minimum=1, maximum=100_000),
    }
    inputs.raise_if(errors)
    with transaction.atomic():
        activity = LegalActivity.objects.create(region=place_region, kind=kind, created_by=actor, **values)
        record_event(actor, "legal_activity.log", activity, region_code=place_region.code, post=post,
                     changes={"kind": [None, kind], "attendance": [None, values["attendance"]]})
    return activity
