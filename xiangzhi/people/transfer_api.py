"""/api/v1/transfers: household transfers between villages."""

from datetime import datetime
from typing import Literal

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from xiangzhi.accounts.permissions import require_capability

from . import transfers
from .models import Household, HouseholdTransfer
from .transfers import transfer_workflow

router = Router(tags=[_("户籍迁移")])


class RegionRef(Schema):
    code: str
    name: str


class StepOut(Schema):
    transition: str
    label: str
    from_state: str
    to_state: str
    actor: str
    comment: str
    occurred_at: datetime
    attachments: list[dict]


class TransferOut(Schema):
    id: int
    household_id: int
    household_number: str
    head_name: str
    member_count: int
    from_region: RegionRef
    to_region: RegionRef
    destination: RegionRef | None
    state: str
    state_label: str
    reason: str
    requested_by: str
    created_at: datetime
    deadline: datetime | None
    overdue: bool

    @staticmethod
    def resolve_household_number(transfer):
        return transfer.household.number or str(transfer.household)

    @staticmethod
    def resolve_head_name(transfer):
        return transfer.head_name or ""

    @staticmethod
    def resolve_state_label(transfer):
        return str(transfer_workflow.state_label(transfer.state))

    @staticmethod
    def resolve_requested_by(transfer):
        return str(transfer.requested_by)

    @staticmethod
    def resolve_overdue(transfer):
        return transfer_workflow.is_overdue(transfer)


class TransferDetailOut(TransferOut):
    history: list[StepOut]
    allowed_steps: list[str]


class TransferIn(Schema):
    household: int
    to_region: str = Field(max_length=15)
    reason: str = Field(max_length=transfers.REASON_MAX_LENGTH)


class AcceptIn(Schema):
    destination: str = Field(max_length=15)
    comment: str = ""


class RejectIn(Schema):
    reason: str


class CancelIn(Schema):
    comment: str = ""


def _detail(request, transfer):
    steps = [
        {
            "transition": step.transition,
            "label": str(transfer_workflow.step_label(step.transition)),
            "from_state": step.from_state,
            "to_state": step.to_state,
            "actor": str(step.actor),
            "comment": step.comment,
            "occurred_at": step.occurred_at,
            "attachments": [
                {"name": attachment.name, "size": attachment.size, "sha256": attachment.sha256}
                for attachment in step.attachments.all()
            ],
        }
        for step in transfer_workflow.history(transfer)
    ]
    transfer.history = steps
    transfer.allowed_steps = [t.name for t in transfer_workflow.allowed_transitions(request.user, transfer)]
    return transfer


@router.get("", response=list[TransferOut], summary=_("迁移事项列表"))
@paginate
def list_transfers(
    request, direction: Literal["incoming", "outgoing"] | None = None, overdue: bool = False
):
    require_capability(request.user, HouseholdTransfer.view_capability)
    queryset = transfers.visible_transfers(request.user)
    if direction:
        queryset = transfers.in_direction(queryset, request.user, direction)
    if overdue:
        queryset = transfer_workflow.overdue(queryset, timezone.now())
    return queryset


@router.post("", response={201: TransferDetailOut}, summary=_("申请迁移(迁出村)"))
def create_transfer(request, payload: TransferIn):
    require_capability(request.user, transfers.REQUEST)
    household = Household.objects.visible_to(request.user).filter(pk=payload.household).first()
    if household is None:
        raise Http404
    transfer = transfers.request_transfer(
        request.user, household, to_region=payload.to_region, reason=payload.reason
    )
    return Status(201, _detail(request, transfers.get_transfer_for_user(request.user, transfer.pk)))


@router.get("/{int:transfer_id}", response=TransferDetailOut, summary=_("迁移事项详情"))
def get_transfer(request, transfer_id: int):
    return _detail(request, transfers.get_transfer_for_user(request.user, transfer_id))


@router.post("/{int:transfer_id}/accept", response=TransferDetailOut, summary=_("接收(迁入村)"))
def accept(request, transfer_id: int, payload: AcceptIn):
    transfer = transfers.get_transfer_for_user(request.user, transfer_id)
    transfers.accept_transfer(request.user, transfer, destination=payload.destination, comment=payload.comment)
    return _detail(request, transfers.get_transfer_for_user(request.user, transfer_id))


@router.post("/{int:transfer_id}/reject", response=TransferDetailOut, summary=_("退回(迁入村,须写理由)"))
def reject(request, transfer_id: int, payload: RejectIn):
    transfer = transfers.get_transfer_for_user(request.user, transfer_id)
    transfers.reject_transfer(request.user, transfer, reason=payload.reason)
    return _detail(request, transfers.get_transfer_for_user(request.user, transfer_id))


@router.post("/{int:transfer_id}/cancel", response=TransferDetailOut, summary=_("撤回(迁出村)"))
def cancel(request, transfer_id: int, payload: CancelIn):
    transfer = transfers.get_transfer_for_user(request.user, transfer_id)
    transfers.cancel_transfer(request.user, transfer, comment=payload.comment)
    return _detail(request, transfers.get_transfer_for_user(request.user, transfer_id))
