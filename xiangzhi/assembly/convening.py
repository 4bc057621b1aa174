"""Requests to convene a 村民会议 or a 村民代表会议, signed by villagers one at a time.

Thresholds (村民委员会组织法 第二十一条、第二十五条): a 村民会议 must be convened when ≥ 1/10 of
the village's voters or ≥ 1/3 of its representatives ask; a 村民代表会议 when ≥ 1/5 of the
representatives ask. Signatures count towards the voters' route for everyone, and towards the
representatives' route for the signers who are representatives in office on the day.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.regions.models import Level, Region

from . import rosters
from .models import Body, ConveningRequest, ConveningSignature, ConveningState
from .rules import chinese_fraction, minimum_meeting

PETITION = "assembly.petition"
VIEW = "assembly.view"
CONVENABLE = (Body.VILLAGERS_ASSEMBLY, Body.REPRESENTATIVES)


@dataclass
class Progress:
    label: str
    signed: int
    base: int
    needed: int

    @property
    def reached(self):
        return self.base > 0 and self.signed >= self.needed

    def __str__(self):
        return _("%(label)s:已有 %(signed)d 人联名,至少需 %(needed)d 人(共 %(base)d 人)") % {
            "label": self.label, "signed": self.signed, "needed": self.needed, "base": self.base}


def progress(request, date=None):
    """One Progress per route of the request's threshold."""
    date = date or timezone.localdate()
    village = request.region_id
    signer_ids = set(request.signatures.values_list("resident_id", flat=True))
    rep_ids = set(rosters.representatives(village, date).values_list("resident_id", flat=True))
    reps_signed = len(signer_ids & rep_ids)
    routes = []
    if request.body == Body.VILLAGERS_ASSEMBLY:
        voter_ids = set(rosters.eligible_voters(village, date).values_list("pk", flat=True))
        routes.append(Progress(_("%(f)s以上有选举权的村民") % {"f": chinese_fraction(1, 10)},
                               len(signer_ids & voter_ids), len(voter_ids), minimum_meeting(1, 10, "gte", len(voter_ids))))
        routes.append(Progress(_("%(f)s以上村民代表") % {"f": chinese_fraction(1, 3)},
                               reps_signed, len(rep_ids), minimum_meeting(1, 3, "gte", len(rep_ids))))
    else:
        routes.append(Progress(_("%(f)s以上村民代表") % {"f": chinese_fraction(1, 5)},
                               reps_signed, len(rep_ids), minimum_meeting(1, 5, "gte", len(rep_ids))))
    return routes


def reached(request):
    return any(route.reached for route in progress(request))


def create_request(actor, *, village, body, purpose):
    village_code = getattr(village, "pk", village)
    post = require(actor, PETITION, village_code)
    errors = {}
    if body not in CONVENABLE:
        errors["body"] = _("只能提请召开村民会议或村民代表会议。")
    purpose = (purpose or "").strip()
    if not purpose:
        errors["purpose"] = _("请填写提议事项。")
    if not Region.objects.filter(pk=village_code, level=Level.VILLAGE).exists():
        errors["village"] = _("请选择村。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = ConveningRequest.objects.create(region_id=village_code, body=body, purpose=purpose, created_by=actor)
        record_event(actor, "convening.create", request, region_code=village_code, post=post,
                     changes={"body": [None, body], "purpose": [None, purpose]})
        if actor.resident_id:
            _sign(actor, request, post)
    return request


def sign(actor, request):
    """The signed-in villager (their registry record) adds their name, once."""
    post = require(actor, PETITION, request.region_id)
    with transaction.atomic():
        return _sign(actor, request, post)


def _sign(actor, request, post):
    resident = actor.resident
    if resident is None:
        raise ValidationError({"resident": _("您的账号未关联村民登记信息,不能联名。")})
    if not resident.region_id.startswith(request.region_id) or not resident.is_present:
        raise ValidationError({"resident": _("只有本村在册村民可以联名。")})
    if request.state != ConveningState.OPEN:
        raise ValidationError({"resident": _("该提请已召集会议,不再征集联名。")})
    try:
        with transaction.atomic():
            signature = ConveningSignature.objects.create(request=request, resident=resident, signed_by=actor)
    except IntegrityError:
        raise ValidationError({"resident": _("您已联名,每人只能联名一次。")}) from None
    if request.threshold_reached_at is None and reached(request):
        ConveningRequest.objects.filter(pk=request.pk, threshold_reached_at__isnull=True).update(
            threshold_reached_at=timezone.now())
    record_event(actor, "convening.sign", request, region_code=request.region_id, post=post,
                 changes={"signatures": [None, resident.pk]})
    return signature


def get_request_for_user(user, pk):
    """Cadres and officials see requests in scope; a villager sees the requests of their own village."""
    request = ConveningRequest.objects.visible_to(user).filter(pk=pk).first()
    if request is None:
        request = ConveningRequest.objects.visible_to(user, PETITION).filter(pk=pk).first()
    if request is None:
        raise Http404(_("未找到该提请。"))
    return request


def requests_for(user):
    return (ConveningRequest.objects.visible_to(user) | ConveningRequest.objects.visible_to(user, PETITION)).distinct()
