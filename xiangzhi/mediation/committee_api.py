"""/api/v1/mediation/committees: the 人民调解委员会 register, its members, 换届 and gaps."""

from datetime import date

from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from xiangzhi.accounts.permissions import require, require_capability

from . import committee_actions as actions
from .committee_actions import MANAGE
from .committee_queries import VIEW, committees_for, gaps, get_committee_for_user, sitting_members, with_member_counts
from .models import MemberRole

router = Router(tags=[_("人民调解委员会")])
LIST_LIMIT = 200


class MemberIn(Schema):
    role: str = MemberRole.MEMBER
    resident_id: int | None = None
    id_number: str = ""
    name: str = ""


class CommitteeIn(Schema):
    kind: str
    region_code: str
    name: str
    term_start: date | None = None
    term_end: date | None = None
    members: list[MemberIn] = []


class AddMemberIn(MemberIn):
    joined_on: date | None = None


class RemoveMemberIn(Schema):
    left_on: date | None = None


class RenewIn(Schema):
    term_start: date | None = None
    term_end: date | None = None


class MemberOut(Schema):
    id: int
    role: str
    name: str
    resident_id: int | None
    joined_on: date


class CommitteeOut(Schema):
    id: int
    kind: str
    region_code: str
    name: str
    term_number: int | None
    term_start: date | None
    term_end: date | None
    expired: bool
    member_count: int


class CommitteeDetailOut(CommitteeOut):
    members: list[MemberOut]


class VillageOut(Schema):
    code: str
    name: str


class GapsOut(Schema):
    region_code: str
    villages: int
    villages_without_committee: list[VillageOut]
    expired: list[CommitteeOut]


def _row(committee):
    return {
        "id": committee.pk, "kind": committee.kind, "region_code": committee.region_id, "name": committee.name,
        "term_number": committee.term_number, "term_start": committee.term_start, "term_end": committee.term_end,
        "expired": committee.expired, "member_count": committee.sitting,
    }


def _detail(user, pk):
    committee = with_member_counts([get_committee_for_user(user, pk)])[0]
    return {
        **_row(committee),
        "members": [
            {"id": m.pk, "role": m.role, "name": m.name, "resident_id": m.resident_id, "joined_on": m.joined_on}
            for m in sitting_members(committee)
        ],
    }


def _for_managing(request, pk):
    require_capability(request.user, MANAGE)
    return get_committee_for_user(request.user, pk)


@router.get("", response=list[CommitteeOut])
def list_committees(request, region_code: str = "", expired_only: bool = False):
    require_capability(request.user, VIEW)
    committees = committees_for(request.user)
    if region_code.strip():
        committees = committees.filter(region__prefix=region_code.strip())
    rows = [_row(committee) for committee in with_member_counts(committees[:LIST_LIMIT])]
    return [row for row in rows if row["expired"]] if expired_only else rows


@router.post("", response={201: CommitteeDetailOut})
def create_committee(request, payload: CommitteeIn):
    require_capability(request.user, MANAGE)
    data = payload.dict()
    committee = actions.form_committee(request.user, **data)
    return Status(201, _detail(request.user, committee.pk))


@router.get("/gaps", response=GapsOut)
def committee_gaps(request, region_code: str):
    """Villages without a committee and committees whose term expired, within a township or county."""
    require(request.user, VIEW, region_code.strip())
    found = gaps(request.user, region_code.strip())
    return {
        "region_code": region_code.strip(), "villages": found["villages"],
        "villages_without_committee": [{"code": v.code, "name": v.name} for v in found["villages_without"]],
        "expired": [_row(committee) for committee in found["expired"]],
    }


@router.get("/{pk}", response=CommitteeDetailOut)
def committee_detail(request, pk: int):
    require_capability(request.user, VIEW)
    return _detail(request.user, pk)


@router.post("/{pk}/members", response={201: CommitteeDetailOut})
def add_member(request, pk: int, payload: AddMemberIn):
    committee = _for_managing(request, pk)
    actions.add_member(request.user, committee, **payload.dict())
    return Status(201, _detail(request.user, pk))


@router.post("/{pk}/members/{member_id}/removal", response=CommitteeDetailOut)
def remove_member(request, pk: int, member_id: int, payload: RemoveMemberIn):
    committee = _for_managing(request, pk)
    actions.remove_member(request.user, committee, member_id, **payload.dict())
    return _detail(request.user, pk)


@router.post("/{pk}/renewal", response=CommitteeDetailOut)
def renew(request, pk: int, payload: RenewIn):
    committee = _for_managing(request, pk)
    actions.renew_term(request.user, committee, **payload.dict())
    return _detail(request.user, pk)
