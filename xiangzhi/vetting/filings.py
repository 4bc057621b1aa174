"""县级备案 of village party secretaries: the township files who, the term and the résumé; a new
filing for a village supersedes the previous one, which stays as history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.regions.models import Level

from .actions import clean_date, clean_text
from .models import SECRETARY_FILE, SecretaryFiling
from .queries import COUNTY_LENGTH


def file_secretary(actor, village, resident, *, term_starts_on, term_ends_on, resume, filed_on=None):
    if village is None or village.level != Level.VILLAGE:
        raise ValidationError({"village": [_("请选择村(社区)。")]})
    post = require(actor, SECRETARY_FILE, village.code)
    if resident is None:
        raise ValidationError({"resident": [_("请选择书记(村民登记中的人员)。")]})
    if resident.region_id[:COUNTY_LENGTH] != village.code[:COUNTY_LENGTH]:
        raise ValidationError({"resident": [_("%(name)s不是本县登记的村民。") % {"name": resident.name}]})
    term_starts_on = clean_date(term_starts_on, "term_starts_on", _("任期起始"))
    term_ends_on = clean_date(term_ends_on, "term_ends_on", _("任期届满"))
    if term_ends_on <= term_starts_on:
        raise ValidationError({"term_ends_on": [_("任期届满日期须晚于任期起始日期。")]})
    resume = clean_text(resume, "resume", _("简历"), 5000)
    filed_on = clean_date(filed_on or timezone.localdate(), "filed_on", _("备案日期"), not_after_today=True)
    with transaction.atomic():
        previous = SecretaryFiling.objects.select_for_update().current().filter(region=village).first()
        if previous is not None:
            previous.superseded_on = filed_on
            previous.save(update_fields=["superseded_on"])
        filing = SecretaryFiling.objects.create(
            region=village, resident=resident, term_starts_on=term_starts_on, term_ends_on=term_ends_on,
            resume=resume, filed_on=filed_on, filed_by=actor,
        )
        record_event(actor, "secretary_filing.file", filing, region_code=village.code, post=post, changes={
            "resident": [previous.resident_id if previous else None, resident.pk],
            "term_starts_on": [None, term_starts_on.isoformat()], "term_ends_on": [None, term_ends_on.isoformat()],
            "filed_on": [None, filed_on.isoformat()],
        })
    return filing
