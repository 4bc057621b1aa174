"""Remote service (远程视频办): the handling office publishes consultation slots, an applicant
books one for an open application (one booking per slot), may cancel it before it starts, and
the office records that it took place or that nobody came. The video itself is not here."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability, require
from xiangzhi.core import inputs
from xiangzhi.core.audit import record_event

from .actions import APPLY, HANDLE, PROXY
from .models import Booking, BookingState, ConsultationSlot

MAX_AHEAD_DAYS = 90


def _office_post(actor, office_code):
    post = require(actor, HANDLE, office_code)
    if post.region_id != office_code:
        raise Http404(_("未找到该记录。"))
    return post


def _applicant_post(actor, app):
    if actor.resident_id == app.applicant_id:
        return require(actor, APPLY, app.region_id)
    if app.proxy_id == actor.pk:
        return require(actor, PROXY, app.region_id)
    if not (posts_with_capability(actor, APPLY) or posts_with_capability(actor, PROXY)):
        raise PermissionDenied(_("您没有此项操作的权限。"))
    raise Http404(_("未找到该记录。"))


def _parse_start(errors, value):
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        try:
            moment = datetime.datetime.fromisoformat(str(value or "").strip())
        except ValueError:
            errors["starts_at"] = _("请填写有效的开始时间(如 2025-05-01 09:30)。")
            return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    now = timezone.now()
    if moment <= now:
        errors["starts_at"] = _("开始时间须晚于现在。")
    elif moment > now + datetime.timedelta(days=MAX_AHEAD_DAYS):
        errors["starts_at"] = _("只能发布 %(days)d 天内的时段。") % {"days": MAX_AHEAD_DAYS}
    return moment


def publish_slot(actor, office_code, *, starts_at, minutes):
    post = _office_post(actor, office_code)
    errors = {}
    moment = _parse_start(errors, starts_at)
    minutes = inputs.number(errors, "minutes", _("时长"), minutes, minimum=10, maximum=180)
    inputs.raise_if(errors)
    with transaction.atomic():
        slot = ConsultationSlot.objects.create(office_id=office_code, starts_at=moment, minutes=minutes,
                                               created_by=actor)
        record_event(actor, "service_slot.publish", slot, region_code=office_code, post=post,
                     changes={"starts_at": [None, moment.isoformat()], "minutes": [None, minutes]})
    return slot


def open_slots(app):
    """Future slots of the application's current office with no live booking."""
    taken = Booking.objects.exclude(state=BookingState.CANCELLED).values("slot_id")
    return (ConsultationSlot.objects.filter(office_id=app.office_id, starts_at__gt=timezone.now())
            .exclude(pk__in=taken).order_by("starts_at"))


def book(actor, app, slot):
    post = _applicant_post(actor, app)
    errors = {}
    if not app.is_open:
        errors["slot"] = _("申请已办结,不能再预约视频办理。")
    elif slot.office_id != app.office_id or slot.starts_at <= timezone.now():
        errors["slot"] = _("请选择当前办理单位尚未开始的时段。")
    elif app.bookings.filter(state=BookingState.BOOKED, slot__starts_at__gt=timezone.now()).exists():
        errors["slot"] = _("本申请已有一个未开始的预约,请先取消。")
    inputs.raise_if(errors)
    try:
        with transaction.atomic():
            booking = Booking.objects.create(slot=slot, application=app, booked_by=actor)
            record_event(actor, "service_booking.book", app, region_code=app.region_id, post=post,
                         changes={"slot": [None, slot.starts_at.isoformat()]})
    except IntegrityError:
        raise ValidationError({"slot": _("该时段已被预约,请选择其他时段。")}) from None
    return booking


def cancel(actor, booking):
    post = _applicant_post(actor, booking.application)
    if booking.state != BookingState.BOOKED or booking.slot.starts_at <= timezone.now():
        raise ValidationError({"booking": _("只能在开始前取消尚未办理的预约。")})
    return _close(actor, booking, BookingState.CANCELLED, post)


def record_outcome(actor, booking, *, held):
    post = _office_post(actor, booking.slot.office_id)
    if booking.state != BookingState.BOOKED:
        raise ValidationError({"booking": _("该预约已处理。")})
    if booking.slot.starts_at > timezone.now():
        raise ValidationError({"booking": _("时段开始后才能登记办理情况。")})
    return _close(actor, booking, BookingState.HELD if held else BookingState.NO_SHOW, post)


def _close(actor, booking, state, post):
    with transaction.atomic():
        updated = Booking.objects.filter(pk=booking.pk, state=BookingState.BOOKED).update(
            state=state, closed_at=timezone.now())
        if not updated:
            raise ValidationError({"booking": _("该预约已处理。")})
        record_event(actor, f"service_booking.{state}", booking.application, region_code=booking.application.region_id,
                     post=post, changes={"booking": [BookingState.BOOKED, state]})
    booking.refresh_from_db()
    return booking
