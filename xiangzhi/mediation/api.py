"""/api/v1/mediation: disputes (intake, list, detail, steps, agreement, 司法确认) and the board."""

from datetime import date, datetime

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from xiangzhi.accounts.permissions import require_capability
from xiangzhi.core.workflow import history

from . import actions
from .actions import HANDLE, INTAKE, VIEW, dispute_workflow
from .committee_api import router as committee_router
from .models import Agreement, Channel
from .queries import board, disputes_for, get_dispute_for_user

router = Router(tags=[_("矛盾纠纷调解")])
router.add_router("/committees", committee_router)
LIST_LIMIT = 100


class PartyIn(Schema):
    role: str = "applicant"
    resident_id: int | None = None
    name: str = ""
    phone: str = ""
    id_number: str = ""


class DisputeIn(Schema):
    venue_code: str
    dispute_type: str
    summary: str
    parties: list[PartyIn]
    amount_fen: int = 0
    region_code: str = ""
    channel: str = Channel.PEOPLE
    grid_event_id: int | None = None


class PartyOut(Schema):
    id: int
    role: str
    name: str
    resident_id: int | None
    id_number_masked: str
    phone_masked: str


class HandOffOut(Schema):
    from_region_code: str
    to_region_code: str
    to_committee_id: int | None
    from_channel: str
    to_channel: str
    reason: str
    parties_visit: bool
    occurred_at: datetime


class AgreementOut(Schema):
    terms: str
    signed_on: date
    committee_id: int | None
    committee_name: str
    signed_party_ids: list[int]
    confirmation_deadline: date
    confirmation_applied_on: date | None


class StepOut(Schema):
    transition: str
    from_state: str
    to_state: str
    comment: str
    occurred_at: datetime


class DisputeFields(Schema):
    id: int
    state: str
    state_label: str
    dispute_type: str
    channel: str
    level: str | None
    region_code: str
    venue_code: str
    handler_region_code: str
    amount_fen: int
    summary: str
    grid_event_id: int | None
    mediator_id: int | None
    deadline: datetime | None
    overdue: bool
    extension_reason: str
    refused_by_id: int | None
    refused_on: date | None
    failure_route: str
    venue_count: int


class DisputeOut(DisputeFields):
    @staticmethod
    def resolve_state_label(dispute):
        return str(dispute_workflow.state_label(dispute.state))

    @staticmethod
    def resolve_region_code(dispute):
        return dispute.region_id

    @staticmethod
    def resolve_venue_code(dispute):
        return dispute.venue_id

    @staticmethod
    def resolve_handler_region_code(dispute):
        return dispute.handler_region_id

    @staticmethod
    def resolve_overdue(dispute):
        return dispute_workflow.is_overdue(dispute)

    @staticmethod
    def resolve_venue_count(dispute):
        count = getattr(dispute, "venue_count", None)
        return count if count is not None else dispute.visits.values("venue").distinct().count()


class DisputeDetailOut(DisputeFields):
    parties: list[PartyOut]
    handoffs: list[HandOffOut]
    steps: list[StepOut]
    agreement: AgreementOut | None


class HandOffIn(Schema):
    """The receiving body: a region code of the county (its platform or centre) or a committee id."""

    to_region_code: str = ""
    to_committee_id: int | None = None
    reason: str
    to_channel: str | None = None
    parties_visit: bool = False


class ExtendIn(Schema):
    until: date | None = None
    reason: str = ""


class RefusalIn(Schema):
    party_id: int | None = None
    refused_on: date | None = None
    note: str = ""


class AgreementIn(Schema):
    terms: str
    signed_on: date | None = None
    signed_party_ids: list[int] = []
    fingerprint_party_ids: list[int] = []
    mediator_signed: bool = False
    committee_id: int | None = None
    committee_sealed: bool = False


class ConfirmationIn(Schema):
    applied_on: date | None = None
    joint: bool = False
    court: str = ""


class FailureIn(Schema):
    route: str = ""
    note: str = ""


def _detail(dispute):
    agreement = Agreement.objects.filter(dispute=dispute).first()
    return {
        **{name: getattr(dispute, name) for name in (
            "id", "state", "dispute_type", "channel", "level", "amount_fen", "summary", "grid_event_id",
            "mediator_id", "deadline", "extension_reason", "refused_by_id", "refused_on", "failure_route",
        )},
        "state_label": str(dispute_workflow.state_label(dispute.state)),
        "region_code": dispute.region_id,
        "venue_code": dispute.venue_id,
        "handler_region_code": dispute.handler_region_id,
        "overdue": dispute_workflow.is_overdue(dispute),
        "venue_count": dispute.visits.values("venue").distinct().count(),
        "parties": [
            {"id": p.pk, "role": p.role, "name": p.name, "resident_id": p.resident_id,
             "id_number_masked": p.id_number_masked, "phone_masked": p.phone_masked}
            for p in dispute.parties.select_related("resident")
        ],
        "handoffs": [
            {"from_region_code": h.from_region_id, "to_region_code": h.to_region_id,
             "to_committee_id": h.to_committee_id, "from_channel": h.from_channel,
             "to_channel": h.to_channel, "reason": h.reason, "parties_visit": h.parties_visit,
             "occurred_at": h.occurred_at}
            for h in dispute.handoffs.all()
        ],
        "steps": list(history(dispute).values("transition", "from_state", "to_state", "comment", "occurred_at")),
        "agreement": None if agreement is None else {
            "terms": agreement.terms, "signed_on": agreement.signed_on, "committee_id": agreement.committee_id,
            "committee_name": agreement.committee_name,
            "signed_party_ids": list(agreement.signatures.values_list("party_id", flat=True)),
            "confirmation_deadline": agreement.confirmation_deadline,
            "confirmation_applied_on": agreement.confirmation_applied_on,
        },
    }


def _for_handling(request, pk):
    require_capability(request.user, HANDLE)
    return get_dispute_for_user(request.user, pk)


@router.get("/disputes", response=list[DisputeOut])
def list_disputes(request, state: str = "", open_only: bool = False):
    require_capability(request.user, VIEW)
    disputes = disputes_for(request.user)
    if state:
        disputes = disputes.filter(state=state)
    if open_only:
        disputes = disputes.open()
    return list(disputes[:LIST_LIMIT])


@router.post("/disputes", response={201: DisputeDetailOut})
def create_dispute(request, payload: DisputeIn):
    require_capability(request.user, INTAKE)
    data = payload.dict()
    data["parties"] = [party for party in data["parties"]]
    dispute = actions.intake_dispute(request.user, **data)
    return Status(201, _detail(dispute))


@router.get("/disputes/{pk}", response=DisputeDetailOut)
def dispute_detail(request, pk: int):
    require_capability(request.user, VIEW)
    return _detail(get_dispute_for_user(request.user, pk))


@router.post("/disputes/{pk}/take", response=DisputeDetailOut)
def take(request, pk: int):
    dispute = _for_handling(request, pk)
    actions.take_case(request.user, dispute)
    return _detail(dispute)


@router.post("/disputes/{pk}/hand-off", response=DisputeDetailOut)
def hand_off(request, pk: int, payload: HandOffIn):
    dispute = _for_handling(request, pk)
    actions.hand_off(request.user, dispute, **payload.dict())
    return _detail(dispute)


@router.post("/disputes/{pk}/extension", response=DisputeDetailOut)
def extend(request, pk: int, payload: ExtendIn):
    dispute = _for_handling(request, pk)
    actions.extend_deadline(request.user, dispute, **payload.dict())
    return _detail(dispute)


@router.post("/disputes/{pk}/refusal", response=DisputeDetailOut)
def refusal(request, pk: int, payload: RefusalIn):
    dispute = _for_handling(request, pk)
    actions.record_refusal(request.user, dispute, **payload.dict())
    return _detail(dispute)


@router.post("/disputes/{pk}/agreement", response=DisputeDetailOut)
def agreement(request, pk: int, payload: AgreementIn):
    dispute = _for_handling(request, pk)
    actions.record_agreement(request.user, dispute, **payload.dict())
    return _detail(dispute)


@router.post("/disputes/{pk}/judicial-confirmation", response=DisputeDetailOut)
def judicial_confirmation(request, pk: int, payload: ConfirmationIn):
    dispute = _for_handling(request, pk)
    actions.apply_judicial_confirmation(request.user, dispute, **payload.dict())
    return _detail(dispute)


@router.post("/disputes/{pk}/failure", response=DisputeDetailOut)
def failure(request, pk: int, payload: FailureIn):
    dispute = _for_handling(request, pk)
    actions.record_failure(request.user, dispute, **payload.dict())
    return _detail(dispute)


@router.get("/board")
def board_api(request, region_code: str = ""):
    require_capability(request.user, VIEW)
    figures = board(request.user, region_code.strip() or None)
    for row in figures["levels"]:
        row["level"] = str(row["level"])
        row["label"] = str(row["label"])
    return figures
