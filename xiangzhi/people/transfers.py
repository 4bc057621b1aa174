"""Household transfer between villages (户籍迁移), declared with the workflow core.

The sending village requests it; the receiving village accepts it (choosing the 屯 the
household will live in) or rejects it with a reason; the sending village may cancel it
while it waits. Both villages see the transfer; the receiving village sees the household
itself only once it has accepted.
"""

import re
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiangzhi.accounts.permissions import posts_with_capability, require
from xiangzhi.core.audit import record_event
from xiangzhi.core.scope import prefix_q
from xiangzhi.core.workflow import Transition, Workflow
from xiangzhi.regions.models import Level, Region

from .models import Household, HouseholdTransfer, Relation, Resident, ResidentStatus, TransferState
from .tallies import adjust_tally

REQUEST = "household.transfer.request"
ACCEPT = "household.transfer.accept"
ANSWER_WITHIN = timedelta(days=15)
REASON_MAX_LENGTH = 1000


def village_code_of(region_code):
    return region_code[:12]


# --- the procedure ------------------------------------------------------------------


def destination_options(transfer):
    """Where the receiving village may put the household: the village itself or one of its 屯."""
    return Region.objects.filter(
        Q(code=transfer.to_region_id) | Q(parent_id=transfer.to_region_id, level=Level.NATURAL_VILLAGE)
    ).order_by("code")


def _destination_is_in_receiving_village(transfer, actor, data):
    chosen = data.get("destination")
    if isinstance(chosen, Region):
        chosen = chosen.code
    chosen = (chosen or "").strip()
    if not chosen:
        return {"destination": _("请选择迁入的屯。")}
    region = destination_options(transfer).filter(code=chosen).first()
    if region is None:
        return {"destination": _("迁入屯须为迁入村下的自然村/屯或该村本身。")}
    data["destination"] = region
    return None


def _move_household(transfer, actor, data):
    destination = data["destination"]
    household = Household.objects.select_for_update().select_related("region").get(pk=transfer.household_id)
    old_region, old_grid = household.region_id, household.grid_id
    present = Resident.objects.filter(household=household, status=ResidentStatus.PRESENT).count()
    now = timezone.now()
    Household.objects.filter(pk=household.pk).update(region=destination, grid=None, updated_at=now)
    Resident.objects.filter(household=household).update(region=destination, updated_at=now)
    adjust_tally(village_code_of(old_region), households=-1, residents=-present)
    adjust_tally(village_code_of(destination.code), households=1, residents=present)
    transfer.destination = destination
    transfer.save(update_fields=["destination"])
    moved = {"region": [old_region, destination.code], "grid": [old_grid, None]}
    # The household's own trail, on the side it left, so that the sending side's audit shows it.
    record_event(actor, "household.move", household, region_code=old_region, changes=moved, post=data.get("post"))
    return {"destination": [None, destination.code], **{f"household.{k}": v for k, v in moved.items()}}


transfer_workflow = Workflow(
    "household_transfer",
    HouseholdTransfer,
    states=TransferState,
    initial=TransferState.REQUESTED,
    final=(TransferState.ACCEPTED, TransferState.REJECTED, TransferState.CANCELLED),
    region=lambda transfer: transfer.from_region_id,
    deadlines={TransferState.REQUESTED: ANSWER_WITHIN},
    start_name="request",
    start_label=gettext_lazy("申请"),
    transitions=[
        Transition(
            "accept", gettext_lazy("接收"),
            source=(TransferState.REQUESTED,), target=TransferState.ACCEPTED,
            capability=ACCEPT, region=lambda transfer: transfer.to_region_id,
            guards=(_destination_is_in_receiving_village,), effect=_move_household,
        ),
        Transition(
            "reject", gettext_lazy("退回"),
            source=(TransferState.REQUESTED,), target=TransferState.REJECTED,
            capability=ACCEPT, region=lambda transfer: transfer.to_region_id, requires_comment=True,
        ),
        Transition(
            "cancel", gettext_lazy("撤回"),
            source=(TransferState.REQUESTED,), target=TransferState.CANCELLED,
            capability=REQUEST, region=lambda transfer: transfer.from_region_id,
        ),
    ],
)


# --- actions ------------------------------------------------------------------------


def request_transfer(actor, household, *, to_region, reason, attachments=()):
    """The sending village asks the receiving village to take the household in."""
    from_village = village_code_of(household.region_id)
    post = require(actor, REQUEST, from_village)
    to_code = (to_region.code if isinstance(to_region, Region) else (to_region or "")).strip()
    errors = {}
    destination_village = Region.objects.filter(code=to_code).first() if to_code else None
    if not to_code:
        errors["to_region"] = _("请选择迁入村。")
    elif destination_village is None:
        errors["to_region"] = _("没有代码为 %(code)s 的区划。") % {"code": to_code}
    elif destination_village.level != Level.VILLAGE:
        errors["to_region"] = _("迁入地须为村(社区),“%(name)s”不是。") % {"name": destination_village.name}
    elif destination_village.code == from_village:
        errors["to_region"] = _("迁入村不能是本村。")
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = _("请填写迁移原因。")
    elif len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = _("迁移原因不能超过 %(max)d 个字。") % {"max": REASON_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    transfer = HouseholdTransfer(
        household=household, from_region_id=from_village, to_region=destination_village,
        reason=reason, requested_by=actor,
    )
    try:
        with transaction.atomic():
            transfer_workflow.start(
                actor, transfer, post=post, comment=reason, attachments=attachments,
                changes={
                    "household": [None, household.pk], "to_region": [None, destination_village.code],
                    "reason": [None, reason],
                },
            )
    except IntegrityError:
        raise ValidationError({"household": _("该户已有待接收的迁移申请,请等待对方处理或先撤回。")}) from None
    return transfer


def accept_transfer(actor, transfer, *, destination, comment="", attachments=()):
    return transfer_workflow.advance(
        actor, transfer, "accept", comment=comment, attachments=attachments, data={"destination": destination}
    )


def reject_transfer(actor, transfer, *, reason, attachments=()):
    try:
        return transfer_workflow.advance(actor, transfer, "reject", comment=reason, attachments=attachments)
    except ValidationError as error:
        # The procedure calls the reason a comment; callers know it as the reason.
        if hasattr(error, "error_dict") and "comment" in error.error_dict:
            raise ValidationError({"reason": error.error_dict["comment"]}) from None
        raise


def cancel_transfer(actor, transfer, *, comment="", attachments=()):
    return transfer_workflow.advance(actor, transfer, "cancel", comment=comment, attachments=attachments)


# --- queries ------------------------------------------------------------------------


def visible_transfers(user):
    residents = Resident.objects.filter(household=OuterRef("household_id"))
    head_name = residents.filter(relation=Relation.HEAD).order_by("id").values("name")[:1]
    member_count = (
        residents.filter(status=ResidentStatus.PRESENT).order_by().values("household")
        .annotate(count=Count("id")).values("count")
    )
    return (
        HouseholdTransfer.objects.visible_to(user)
        .select_related("household", "household__region", "from_region", "to_region", "destination", "requested_by")
        .annotate(
            head_name=Subquery(head_name),
            member_count=Coalesce(Subquery(member_count), 0),
        )
    )


def get_transfer_for_user(user, pk):
    transfer = visible_transfers(user).filter(pk=pk).first()
    if transfer is None:
        raise Http404(_("未找到该记录。"))
    return transfer


def _post_regions(user):
    return [post.region_id for post in posts_with_capability(user, HouseholdTransfer.view_capability)]


def in_direction(queryset, user, direction):
    """incoming: into a village under the user's posts; outgoing: out of one."""
    field = {"incoming": "to_region", "outgoing": "from_region"}[direction]
    query = Q()
    for code in _post_regions(user):
        query |= prefix_q(field, code)
    return queryset.filter(query) if query else queryset.none()


def is_incoming(transfer, user):
    return any(transfer.to_region_id.startswith(code) for code in _post_regions(user))


CODE_QUERY = re.compile(r"^\d{1,12}$")
LETTERS_QUERY = re.compile(r"^[a-z]+$")


def find_villages(q, *, exclude=None, limit=20):
    """Villages anywhere in the region matching a code prefix, a name or pinyin (initials)."""
    q = (q or "").strip()[:50]
    if not q:
        return []
    villages = Region.objects.villages()
    letters = re.sub(r"[\s']", "", q).lower()
    if CODE_QUERY.match(q):
        villages = villages.filter(code__prefix=q)
    elif LETTERS_QUERY.match(letters):
        villages = villages.filter(Q(pinyin__prefix=letters) | Q(initials__prefix=letters))
    else:
        villages = villages.filter(name__contains=q)
    if exclude:
        villages = villages.exclude(code=exclude)
    return list(villages.select_related("parent__parent").order_by("code")[:limit])


def neighbour_villages(village_code):
    """The other villages of the same township: where most households move."""
    return list(
        Region.objects.villages()
        .filter(parent_id=village_code[:9])
        .exclude(code=village_code)
        .select_related("parent__parent")
        .order_by("code")
    )


def household_summary(household):
    """What the receiving village may know before it accepts: number, head, members."""
    residents = list(Resident.objects.filter(household=household).order_by("id").only("name", "relation", "status"))
    head = next((r for r in residents if r.relation == Relation.HEAD), None)
    return {
        "number": household.number or str(household),
        "head_name": head.name if head else "",
        "member_count": sum(1 for r in residents if r.status == ResidentStatus.PRESENT),
    }
