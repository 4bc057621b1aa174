"""Reads behind the GeoReport endpoints: jurisdictions, the service list, and the GET requests
filters with the spec's default window (the most recent 90 days, at most 1000 requests)."""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from xiangzhi.grid.events import FINAL_STATES, visible_events
from xiangzhi.grid.models import EventCategory, EventPhoto
from xiangzhi.regions.models import Region

from .formats import Open311Error

MAX_SPAN = timedelta(days=90)
MAX_REQUESTS = 1000
# GeoReport has two statuses; an event is closed once it is closed or merged into another.
CLOSED_STATES = FINAL_STATES
STATUSES = ("open", "closed")
COUNTY_CODE_LENGTH = 6


def param(request, name):
    """A parameter, stripped; empty counts as absent (the spec's "Optional Arguments")."""
    source = request.POST if request.method == "POST" else request.GET
    return (source.get(name) or request.GET.get(name) or "").strip()


def jurisdiction_of(request):
    """The region named by jurisdiction_id (a statistical or platform region code), or None."""
    code = param(request, "jurisdiction_id")
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise Open311Error(
            404, _("jurisdiction_id“%(code)s”不存在:请使用行政区划代码,如 450321(县)或 450321100200(村)。")
            % {"code": code},
        )
    return region


def services_for(jurisdiction):
    """Active leaf categories (小类) under an active 大类: the shared taxonomy, plus the
    categories of the counties the jurisdiction is in or contains."""
    categories = EventCategory.objects.active().leaves().filter(parent__active=True)
    if jurisdiction is None:
        categories = categories.filter(county__isnull=True)
    else:
        code = jurisdiction.code
        categories = categories.filter(
            Q(county__isnull=True) | Q(county__prefix=code) | Q(county_id=code[:COUNTY_CODE_LENGTH])
        )
    return categories.select_related("parent").order_by("parent__order", "parent__code", "order", "code")


def requests_for(user, jurisdiction):
    """The events the api_key's user may see (their scope and what they reported themselves)."""
    events = visible_events(user)
    if jurisdiction is not None:
        events = events.within(jurisdiction.code)
    return events.select_related("category", "handler_region").prefetch_related(
        Prefetch("photos", queryset=EventPhoto.objects.order_by("id"))
    )


@dataclass(frozen=True)
class RequestFilter:
    """GET requests' optional arguments. service_request_id overrides all the others."""

    ids: tuple
    service_codes: tuple
    statuses: tuple
    start: datetime
    end: datetime

    @classmethod
    def from_request(cls, request, now=None):
        ids = _comma_list(param(request, "service_request_id"))
        service_codes = _comma_list(param(request, "service_code"))
        statuses = _comma_list(param(request, "status"))
        unknown = [status for status in statuses if status not in STATUSES]
        if unknown:
            raise Open311Error(400, _("status 只能是 open 或 closed(可用逗号分隔多个),收到“%(value)s”。")
                               % {"value": ",".join(unknown)})
        start, end = _window(param(request, "start_date"), param(request, "end_date"), now or timezone.now())
        return cls(tuple(ids), tuple(service_codes), tuple(statuses), start, end)

    def apply(self, events):
        if self.ids:
            events = events.filter(pk__in=[int(pk) for pk in self.ids if pk.isdigit()])
        else:
            if self.service_codes:
                events = events.filter(category__code__in=self.service_codes)
            if set(self.statuses) == {"open"}:
                events = events.exclude(state__in=CLOSED_STATES)
            elif set(self.statuses) == {"closed"}:
                events = events.filter(state__in=CLOSED_STATES)
            events = events.filter(created_at__gte=self.start, created_at__lte=self.end)
        return events.order_by("-created_at", "-id")[:MAX_REQUESTS]


def _comma_list(value):
    return [item.strip() for item in value.split(",") if item.strip()]


def _window(start_text, end_text, now):
    start = _w3_datetime(start_text, "start_date") if start_text else None
    end = _w3_datetime(end_text, "end_date") if end_text else None
    if start is None and end is None:
        return now - MAX_SPAN, now
    if start is None:
        return end - MAX_SPAN, end
    if end is None:
        return start, start + MAX_SPAN
    if end < start:
        raise Open311Error(400, _("end_date 早于 start_date。"))
    if end - start > MAX_SPAN:
        raise Open311Error(400, _("start_date 与 end_date 相隔不能超过 90 天。"))
    return start, end


# A "+08:00" sent unencoded in a query string arrives as " 08:00".
_SPACE_FOR_PLUS = re.compile(r" (\d\d(:?\d\d)?)$")


def _w3_datetime(text, name):
    text = _SPACE_FOR_PLUS.sub(r"+\1", text)
    try:
        value = parse_datetime(text)
        if value is None:
            day = parse_date(text)
            value = datetime.combine(day, time.min) if day else None
    except ValueError:
        value = None
    if value is None:
        raise Open311Error(
            400, _("%(name)s“%(value)s”不是 W3C 日期时间,应如 2010-01-01T00:00:00Z 或 2010-01-01T08:00:00+08:00。")
            % {"name": name, "value": text},
        )
    return timezone.make_aware(value) if timezone.is_naive(value) else value
