"""便民服务事项按期办结率: applications due in the period whose outcome is known (finished, or
still open past the deadline), finished by their deadline / all of them, per village."""

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from xiangzhi.regions.indicators import in_units
from xiangzhi.targets.registry import RATIO, Indicator, register

from .models import FINAL_STATES, Application


def applications_on_time(period, codes, now=None):
    now = now or timezone.now()
    finished = Q(state__in=FINAL_STATES)
    rows = (
        Application.objects.filter(in_units("region_id", codes), deadline__gte=period.starts, deadline__lt=period.ends)
        .filter(finished | Q(deadline__lt=now))
        .values("region_id").order_by()
        .annotate(on_time=Count("id", filter=finished & Q(finished_at__lte=F("deadline"))), due=Count("id"))
    )
    return {row["region_id"]: (row["on_time"], row["due"]) for row in rows}


def office_url(region_code, period):
    return reverse("services:office")


register(Indicator(
    key="services.applications_on_time", title="便民服务事项按期办结率", module="services", kind=RATIO,
    compute=applications_on_time, records_url=office_url,
    description="办理期限在本期内的便民服务申请中，在期限前办结(含不予办理)的比例；尚未到期的申请不计入。",
))
