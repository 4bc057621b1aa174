"""Writes of the children module: appointing and ending 儿童主任, opening, updating and closing a
child's case, recording visits. Each checks permission, runs in one transaction and writes one
audit event. Audit rows name a case by number, never the child (models.ChildCase.__str__).

A child director who has a sign-in gets a child_director post for the term, given and ended through
accounts.actions.add_post/end_post under the appointing official's `children.appoint` post."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from xiangzhi.accounts.actions import add_post, end_post
from xiangzhi.accounts.models import Post, Role, User
from xiangzhi.accounts.permissions import require
from xiangzhi.core import inputs
from xiangzhi.core.audit import diff, record_event, snapshot
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Resident
from xiangzhi.regions.models import Region

from .access import APPOINT, care_post
from .models import (
    FLAG_CATEGORIES,
    CaseState,
    ChildCase,
    ChildCategory,
    ChildDirector,
    Visit,
    VisitKind,
    flag_categories,
    is_minor,
)

DIRECTOR_FIELDS = ("village", "person", "user", "post", "name", "appointed_on")
TEXT_LIMIT = 2000


# --- 儿童主任 ----------------------------------------------------------------------------


def village_resident(village_code, number, field="id_number"):
    """The present resident of the village with that citizen ID (found by its blind index)."""
    try:
        parsed = citizen_id.parse(number)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None
    resident = Resident.objects.within(village_code).present().filter(
        id_number_index=citizen_id.index(parsed.number)).select_related("household").first()
    if resident is None:
        raise ValidationError({field: _("本村在册村民中没有这个公民身份号码。")})
    return resident


def _person_and_account(village_code, id_number, username, on, errors):
    resident = user = None
    id_number, username = (id_number or "").strip(), (username or "").strip()
    if not id_number and not username:
        errors["id_number"] = _("请填写本村村民的公民身份号码,或填写儿童主任的平台账号。")
        return None, None
    if id_number:
        try:
            resident = village_resident(village_code, id_number)
        except ValidationError as error:
            errors.update(error.message_dict)
        else:
            if is_minor(resident.birth_date, on):
                errors["id_number"] = _("儿童主任须为成年人。")
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            errors["username"] = _("没有账号“%(name)s”。") % {"name": username}
    if resident is not None and user is None and not username:
        user = User.objects.filter(resident=resident, is_active=True).first()
    if resident is not None and user is not None and user.resident_id not in (None, resident.pk):
        errors["username"] = _("账号“%(name)s”对应的村民不是所填身份号码的本人。") % {"name": user.username}
    if resident is None and user is not None and user.resident_id:
        resident = user.resident
    return resident, user


def _give_post(actor, acting_post, user, village, starts_on):
    """The sign-in's child_director post for the term: the one it already holds there, or a new one."""
    existing = Post.objects.active(starts_on).filter(user=user, role=Role.CHILD_DIRECTOR, region=village).first()
    if existing is not None:
        return existing
    try:
        return add_post(actor, user, Role.CHILD_DIRECTOR, village, starts_on=starts_on, acting_post=acting_post)
    except ValidationError as error:
        raise ValidationError({"username": error.messages}) from None


def appoint_director(actor, village_code, *, appointed_on, id_number="", username=""):
    """Appoint the village's 儿童主任: a resident of the village (by citizen ID) or an account.
    Refused while the village has a director not yet ended. Open cases move to the new director."""
    village = inputs.village(village_code)
    acting_post = require(actor, APPOINT, village.code)
    errors = {}
    day = inputs.past_date(errors, "appointed_on", _("任职日期"), appointed_on)
    resident, user = _person_and_account(village.code, id_number, username, day, errors)
    inputs.raise_if(errors)
    with transaction.atomic():
        # Lock the village: two officials appointing at once cannot both pass the check.
        Region.objects.select_for_update().filter(pk=village.code).first()
        current = ChildDirector.objects.open().filter(village=village).first()
        if current is not None:
            raise ValidationError({"village": _(
                "本村已有儿童主任 %(name)s(%(date)s 起任职),请先办理其离任,再任命新的儿童主任。"
            ) % {"name": current.name, "date": current.appointed_on.isoformat()}})
        last = ChildDirector.objects.filter(village=village).order_by("-ended_on").first()
        if last is not None and last.ended_on >= day:
            raise ValidationError({"appointed_on": _("任职日期须晚于上一任儿童主任的离任日期(%(date)s)。") % {
                "date": last.ended_on.isoformat()}})
        post = _give_post(actor, acting_post, user, village, day) if user is not None else None
        director = ChildDirector.objects.create(
            village=village, person=resident, user=user, post=post, appointed_on=day, appointed_by=actor,
            name=resident.name if resident else (user.full_name or user.username),
        )
        moved = ChildCase.objects.filter(village=village, state=CaseState.ACTIVE).update(director=director)
        changes = {field: [None, value] for field, value in snapshot(director, DIRECTOR_FIELDS).items()}
        if moved:
            changes["cases"] = [None, moved]
        record_event(actor, "children.director.appoint", director, region_code=village.code, post=acting_post,
                     changes=changes)
    return director


def end_director(actor, director, *, ended_on, reason):
    """End a director's term (the last day in office) with a reason; their post ends with it."""
    acting_post = require(actor, APPOINT, director.village_id)
    errors = {}
    day = inputs.past_date(errors, "ended_on", _("离任日期"), ended_on)
    reason = inputs.text(errors, "reason", _("离任原因"), reason, max_length=200)
    if day and day < director.appointed_on:
        errors["ended_on"] = _("离任日期不能早于任职日期(%(date)s)。") % {"date": director.appointed_on.isoformat()}
    inputs.raise_if(errors)
    with transaction.atomic():
        director = ChildDirector.objects.select_for_update().get(pk=director.pk)
        if director.ended_on is not None:
            raise ValidationError({"ended_on": _("该儿童主任已于 %(date)s 离任。") % {
                "date": director.ended_on.isoformat()}})
        director.ended_on, director.end_reason = day, reason
        director.save(update_fields=["ended_on", "end_reason"])
        if director.post_id:
            end_post(actor, director.post, ends_on=day, acting_post=acting_post)
        record_event(actor, "children.director.end", director, region_code=director.village_id, post=acting_post,
                     changes={"ended_on": [None, day.isoformat()], "end_reason": ["", reason]})
    return director


# --- Cases --------------------------------------------------------------------------------


def _household_low_income(child):
    return Resident.objects.filter(household_id=child.household_id, is_low_income=True).exists()


def _guardians(child, ids, errors):
    """Adults of the child's household, picked by resident id."""
    try:
        wanted = sorted({int(pk) for pk in ids or ()})
    except (TypeError, ValueError):
        errors["guardians"] = _("请从本户成年成员中选择监护人。")
        return []
    found = list(Resident.objects.filter(pk__in=wanted, household_id=child.household_id).present().exclude(pk=child.pk))
    if len(found) != len(wanted) or any(is_minor(person.birth_date) for person in found):
        errors["guardians"] = _("监护人须为该儿童同户的在册成年成员。")
        return []
    return found


def _text(errors, field, label, value, *, required=False, max_length=TEXT_LIMIT):
    return inputs.text(errors, field, label, value, max_length=max_length, required=required)


def open_case(actor, child, *, category, guardians=(), needs=""):
    """Open a child's case, assigned to the village's current child director. A registry-flag
    category must hold in the registry; the 困境儿童 kinds are set by hand."""
    village_code = child.region_id[:12]
    acting_post = care_post(actor, village_code)
    errors = {}
    inputs.choice(errors, "category", _("类别"), category, ChildCategory)
    if not child.is_present or not is_minor(child.birth_date):
        errors["child"] = _("只能为未满 18 周岁的在册儿童建立关爱档案。")
    elif category in FLAG_CATEGORIES and category not in flag_categories(child, _household_low_income(child)):
        errors["category"] = _("村民登记中该儿童不属于“%(label)s”:请先在村民登记中更正,或选择困境儿童类别。") % {
            "label": ChildCategory(category).label}
    chosen = _guardians(child, guardians, errors)
    needs = _text(errors, "needs", _("关爱需求"), needs)
    director = ChildDirector.objects.current().filter(village_id=village_code).first()
    if director is None:
        errors.setdefault("child", _("本村尚未配备儿童主任,请先由乡镇任命儿童主任。"))
    inputs.raise_if(errors)
    with transaction.atomic():
        Resident.objects.select_for_update().filter(pk=child.pk).first()
        if ChildCase.objects.filter(child=child, state=CaseState.ACTIVE).exists():
            raise ValidationError({"child": _("该儿童已有关爱中的档案,不能重复建档。")})
        try:
            with transaction.atomic():
                case = ChildCase.objects.create(village_id=village_code, child=child, director=director,
                                                category=category, needs=needs, opened_by=actor)
        except IntegrityError:
            raise ValidationError({"child": _("该儿童已有关爱中的档案,不能重复建档。")}) from None
        case.guardians.set(chosen)
        record_event(actor, "children.case.open", case, region_code=village_code, post=acting_post, changes={
            "child": [None, child.pk], "category": [None, category], "director": [None, director.pk],
            "guardians": [None, [person.pk for person in chosen]], "needs": [None, needs],
        })
    return case


def _active(case):
    current = ChildCase.objects.select_for_update().get(pk=case.pk)
    if current.state != CaseState.ACTIVE:
        raise ValidationError({"state": _("该档案已结案,不能再修改。")})
    return current


def update_case(actor, case, *, guardians, needs):
    """Change the guardians (adults of the household) and the needs of an active case."""
    acting_post = care_post(actor, case.village_id)
    errors = {}
    chosen = _guardians(case.child, guardians, errors)
    needs = _text(errors, "needs", _("关爱需求"), needs)
    inputs.raise_if(errors)
    with transaction.atomic():
        case = _active(case)
        before = {"guardians": sorted(case.guardians.values_list("pk", flat=True)), "needs": case.needs}
        case.needs = needs
        case.save(update_fields=["needs"])
        case.guardians.set(chosen)
        changes = diff(before, {"guardians": sorted(person.pk for person in chosen), "needs": needs})
        if changes:
            record_event(actor, "children.case.update", case, region_code=case.village_id, post=acting_post,
                         changes=changes)
    return case


def close_case(actor, case, *, closed_on, reason):
    """Close a case (the child turned 18, moved away, no longer in difficulty …) with a reason."""
    acting_post = care_post(actor, case.village_id)
    errors = {}
    day = inputs.past_date(errors, "closed_on", _("结案日期"), closed_on)
    reason = _text(errors, "reason", _("结案原因"), reason, required=True, max_length=200)
    if day and day < case.opened_on:
        errors["closed_on"] = _("结案日期不能早于建档日期(%(date)s)。") % {"date": case.opened_on.isoformat()}
    inputs.raise_if(errors)
    with transaction.atomic():
        case = _active(case)
        case.state, case.closed_on, case.close_reason = CaseState.CLOSED, day, reason
        case.save(update_fields=["state", "closed_on", "close_reason"])
        record_event(actor, "children.case.close", case, region_code=case.village_id, post=acting_post, changes={
            "state": [CaseState.ACTIVE, CaseState.CLOSED], "closed_on": [None, day.isoformat()],
            "close_reason": ["", reason],
        })
    return case


def record_visit(actor, case, *, date, kind, findings, help_given="", follow_up=""):
    """A 家访 or 电话 visit of an active case."""
    acting_post = care_post(actor, case.village_id)
    errors = {}
    day = inputs.past_date(errors, "date", _("走访日期"), date)
    if day and day < case.opened_on:
        errors["date"] = _("走访日期不能早于建档日期(%(date)s)。") % {"date": case.opened_on.isoformat()}
    inputs.choice(errors, "kind", _("走访方式"), kind, VisitKind)
    values = {
        "findings": _text(errors, "findings", _("了解情况"), findings, required=True),
        "help_given": _text(errors, "help_given", _("帮扶措施"), help_given),
        "follow_up": _text(errors, "follow_up", _("后续跟进"), follow_up, max_length=200),
    }
    inputs.raise_if(errors)
    with transaction.atomic():
        case = _active(case)
        visit = Visit.objects.create(case=case, date=day, kind=kind, recorded_by=actor, **values)
        record_event(actor, "children.visit.record", visit, region_code=case.village_id, post=acting_post,
                     changes={"case": [None, case.pk], "date": [None, day.isoformat()], "kind": [None, kind]})
    return visit


def record_case_view(actor, case):
    """Reading a minor's file is itself recorded (who looked at which case, when)."""
    record_event(actor, "children.case.view", case, region_code=case.village_id)
