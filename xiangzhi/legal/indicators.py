"""The plan's 公共法律服务 coverage (the same rows as queries.coverage: a village is covered when it
has the record) and villagers' requests for help answered on time."""

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from xiangzhi.regions.indicators import in_units
from xiangzhi.targets.registry import RATIO, UNITS, Indicator, register

from .models import HelpRequest, LegalAdvisor, LegalLiterate, PublicitySite, RequestState


def per_village(model, *, registered_by_end=True):
    """{village: number of rows} for a model kept per village; with `registered_by_end`, only the
    rows registered before the period ended (a later registration does not cover a past year)."""
    def compute(period, codes):
        rows = model.objects.filter(in_units("region_id", codes))
        if registered_by_end:
            rows = rows.filter(created_at__lt=period.ends)
        return dict(rows.values("region_id").order_by().annotate(n=Count("id")).values_list("region_id", "n"))

    return compute


def requests_on_time(period, codes, now=None):
    """Requests due in the period whose outcome is known (answered, or still open past the due
    time): answered by the due time / all of them. Requests not yet due are left out."""
    now = now or timezone.now()
    answered = Q(state=RequestState.ANSWERED)
    rows = (
        HelpRequest.objects.filter(in_units("region_id", codes), due_at__gte=period.starts, due_at__lt=period.ends)
        .filter(answered | Q(due_at__lt=now))
        .values("region_id").order_by()
        .annotate(on_time=Count("id", filter=answered & Q(answered_at__lte=F("due_at"))), due=Count("id"))
    )
    return {row["region_id"]: (row["on_time"], row["due"]) for row in rows}


def coverage_url(region_code, period):
    return f"{reverse('legal:coverage')}?{urlencode({'region': region_code})}"


def requests_url(region_code, period):
    return reverse("legal:request_list")


register(Indicator(
    key="legal.literate_coverage", title="有法律明白人的村占比", module="legal", kind=UNITS,
    compute=per_village(LegalLiterate), records_url=coverage_url,
    description="期末前已登记至少 1 名法律明白人的村，占全部村的比例。",
))
register(Indicator(
    key="legal.publicity_site_coverage", title="有法治文化宣传阵地的村占比", module="legal", kind=UNITS,
    compute=per_village(PublicitySite), records_url=coverage_url,
    description="期末前已登记至少 1 处法治文化宣传阵地(附照片)的村，占全部村的比例。",
))
register(Indicator(
    key="legal.advisor_coverage", title="一村一法律顾问覆盖率", module="legal", kind=UNITS,
    compute=per_village(LegalAdvisor, registered_by_end=False), records_url=coverage_url,
    description="现有法律顾问的村，占全部村的比例(法律顾问按现状统计，不区分聘任日期)。",
))
register(Indicator(
    key="legal.requests_on_time", title="法律求助按期答复率", module="legal", kind=RATIO,
    compute=requests_on_time, records_url=requests_url,
    description="答复期限在本期内的法律求助中，在期限前答复的比例；尚未到期的求助不计入。",
))
