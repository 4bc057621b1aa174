"""/api/v1/vetting: secretary filings (and the villages not filed), vetting rounds, candidates, the
township's and the county departments' conclusions, 清理 findings and decisions. Conclusions are
returned only to the organisation department in scope and to the reviewer who recorded them."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from xiangzhi.accounts.models import Post
from xiangzhi.accounts.permissions import post_covers, posts_with_capability, require, require_capability
from xiangzhi.regions.models import Region

from . import actions, filings, queries, removals
from .models import (
    CANDIDATE_CAPABILITIES, COUNTY_REVIEW, SECRETARY_FILE, SECRETARY_VIEW, TOWNSHIP_REVIEW, VETTING_MANAGE,
    VETTING_VIEW,
)

router = Router(tags=["vetting"])


def _region(code, field, label):
    region = Region.objects.filter(code=(code or "").strip()).first()
    if region is None:
        raise ValidationError({field: [_("%(label)s代码“%(code)s”不存在。") % {"label": label, "code": code}]})
    return region


# --- Filings ----------------------------------------------------------------------------


class FilingIn(Schema):
    village: str = ""
    resident: int | None = None
    id_number: str = ""
    term_starts_on: datetime.date | None = None
    term_ends_on: datetime.date | None = None
    resume: str = ""
    filed_on: datetime.date | None = None


class FilingOut(Schema):
    id: int
    village: str
    village_name: str
    resident: int
    name: str
    term_starts_on: datetime.date
    term_ends_on: datetime.date
    resume: str
    filed_on: datetime.date
    superseded_on: datetime.date | None

    @staticmethod
    def resolve_village(filing):
        return filing.region_id

    @staticmethod
    def resolve_village_name(filing):
        return filing.region.name

    @staticmethod
    def resolve_resident(filing):
        return filing.resident_id

    @staticmethod
    def resolve_name(filing):
        return filing.resident.name


class VillageOut(Schema):
    code: str
    name: str


def _require_filing_reader(user):
    if not queries.has_any(user, (SECRETARY_VIEW, SECRETARY_FILE)):
        require_capability(user, SECRETARY_VIEW)


@router.get("/filings", response=list[FilingOut], summary="村党组织书记县级备案(现行)")
def list_filings(request, village: str | None = None):
    _require_filing_reader(request.user)
    found = queries.filings_visible_to(request.user).current()
    if village:
        found = found.within(village)
    return list(found.order_by("region_id")[:5000])


@router.get("/filings/unfiled", response=list[VillageOut], summary="书记未备案的村")
def list_unfiled(request):
    _require_filing_reader(request.user)
    return list(queries.unfiled_villages(request.user)[:5000])


@router.get("/filings/{pk}", response=FilingOut, summary="一份备案")
def get_filing(request, pk: int):
    return queries.get_filing_for_user(request.user, pk)


@router.post("/filings", response={201: FilingOut}, summary="备案村党组织书记(替代该村现行备案)")
def create_filing(request, payload: FilingIn):
    require_capability(request.user, SECRETARY_FILE)
    village = _region(payload.village, "village", _("村"))
    require(request.user, SECRETARY_FILE, village.code)
    resident = queries.resolve_resident(request.user, pk=payload.resident, id_number=payload.id_number)
    filing = filings.file_secretary(request.user, village, resident, term_starts_on=payload.term_starts_on,
                                    term_ends_on=payload.term_ends_on, resume=payload.resume,
                                    filed_on=payload.filed_on)
    return Status(201, filing)


# --- Rounds and candidates --------------------------------------------------------------


class RoundIn(Schema):
    county: str = ""
    title: str = ""
    opens_on: datetime.date | None = None
    closes_on: datetime.date | None = None
    departments: list[str] | None = None


class RoundOut(Schema):
    id: int
    county: str
    title: str
    opens_on: datetime.date
    closes_on: datetime.date | None
    departments: list[str]

    @staticmethod
    def resolve_county(vetting_round):
        return vetting_round.region_id


def _require_candidate_reader(user):
    if not queries.has_any(user, CANDIDATE_CAPABILITIES):
        require_capability(user, VETTING_VIEW)


@router.get("/rounds", response=list[RoundOut], summary="联审批次")
def list_rounds(request):
    _require_candidate_reader(request.user)
    return list(queries.rounds_visible_to(request.user).order_by("-opens_on", "-id")[:500])


@router.post("/rounds", response={201: RoundOut}, summary="发起联审(县委组织部)")
def create_round(request, payload: RoundIn):
    require_capability(request.user, VETTING_MANAGE)
    county = _region(payload.county, "county", _("县"))
    created = actions.open_round(request.user, county, title=payload.title, opens_on=payload.opens_on,
                                 closes_on=payload.closes_on, departments=payload.departments)
    return Status(201, created)


@router.get("/rounds/{pk}", response=RoundOut, summary="一个联审批次")
def get_round(request, pk: int):
    _require_candidate_reader(request.user)
    return queries.get_round_for_user(request.user, pk)


class CandidateIn(Schema):
    resident: int | None = None
    id_number: str = ""
    village: str = ""
    post_sought: str = ""


class ResultOut(Schema):
    id: int
    level: str
    department: str
    outcomes: dict[str, str]
    reviewed_on: datetime.date
    note: str


class CandidateOut(Schema):
    id: int
    round: int
    resident: int
    name: str
    village: str
    post_sought: str
    passed: bool
    missing: list[str]


class CandidateDetailOut(CandidateOut):
    results: list[ResultOut]


def _candidate_out(user, candidate, *, with_results=False):
    missing, against = candidate.review_status()
    data = {
        "id": candidate.pk, "round": candidate.round_id, "resident": candidate.resident_id,
        "name": candidate.resident.name, "village": candidate.region_id, "post_sought": candidate.post_sought,
        "passed": not missing and not against, "missing": missing,
    }
    if with_results:
        data["results"] = queries.visible_results(user, candidate)
    return data


@router.get("/rounds/{pk}/candidates", response=list[CandidateOut], summary="一个批次中可见的人选")
def list_candidates(request, pk: int):
    _require_candidate_reader(request.user)
    vetting_round = queries.get_round_for_user(request.user, pk)
    found = queries.candidates_visible_to(request.user).filter(round=vetting_round).order_by("region_id", "id")
    return [_candidate_out(request.user, candidate) for candidate in found[:5000]]


@router.post("/rounds/{pk}/candidates", response={201: CandidateDetailOut}, summary="登记人选")
def create_candidate(request, pk: int, payload: CandidateIn):
    _require_candidate_reader(request.user)
    vetting_round = queries.get_round_for_user(request.user, pk)
    village = _region(payload.village, "village", _("村"))
    queries.require_any(request.user, (TOWNSHIP_REVIEW, VETTING_MANAGE), village.code)
    resident = queries.resolve_resident(request.user, pk=payload.resident, id_number=payload.id_number)
    candidate = actions.register_candidate(request.user, vetting_round, resident, village, payload.post_sought)
    candidate = queries.get_candidate_for_user(request.user, candidate.pk)
    return Status(201, _candidate_out(request.user, candidate, with_results=True))


@router.get("/candidates/{pk}", response=CandidateDetailOut, summary="人选及其可见的审查结论")
def get_candidate(request, pk: int):
    _require_candidate_reader(request.user)
    candidate = queries.get_candidate_for_user(request.user, pk)
    return _candidate_out(request.user, candidate, with_results=True)


class ResultIn(Schema):
    outcomes: dict[str, str] = {}
    reviewed_on: datetime.date | None = None
    note: str = ""


@router.post("/candidates/{pk}/township-review", response={201: ResultOut}, summary="乡镇审查结论")
def township_review(request, pk: int, payload: ResultIn):
    require_capability(request.user, TOWNSHIP_REVIEW)
    candidate = queries.get_candidate_for_user(request.user, pk)
    result = actions.record_township_review(request.user, candidate, outcomes=payload.outcomes,
                                            reviewed_on=payload.reviewed_on, note=payload.note)
    return Status(201, result)


@router.post("/candidates/{pk}/results", response={201: ResultOut}, summary="县级部门联审结论(本部门)")
def county_result(request, pk: int, payload: ResultIn):
    require_capability(request.user, COUNTY_REVIEW)
    candidate = queries.get_candidate_for_user(request.user, pk)
    result = actions.record_county_result(request.user, candidate, outcomes=payload.outcomes,
                                          reviewed_on=payload.reviewed_on, note=payload.note)
    return Status(201, result)


# --- 清理 -------------------------------------------------------------------------------


class RemovalOut(Schema):
    id: int
    post: int
    resident: int
    name: str
    village: str
    department: str
    categories: list[str]
    found_on: datetime.date
    note: str
    state: str
    decision_reason: str
    decided_on: datetime.date | None

    @staticmethod
    def resolve_post(case):
        return case.post_id

    @staticmethod
    def resolve_resident(case):
        return case.resident_id

    @staticmethod
    def resolve_name(case):
        return case.resident.name

    @staticmethod
    def resolve_village(case):
        return case.region_id


@router.get("/removals", response=list[RemovalOut], summary="清理案件")
def list_removals(request, state: str | None = None):
    require_capability(request.user, VETTING_VIEW)
    found = queries.removals_visible_to(request.user)
    if state:
        found = found.filter(state=state)
    return list(found[:5000])


@router.get("/removals/{pk}", response=RemovalOut, summary="一个清理案件")
def get_removal(request, pk: int):
    require_capability(request.user, VETTING_VIEW)
    return queries.get_removal_for_user(request.user, pk)


class FindingIn(Schema):
    post: int
    outcomes: dict[str, str] = {}
    found_on: datetime.date | None = None
    note: str = ""


@router.post("/findings", response={201: RemovalOut}, summary="对现任村“两委”成员的新发现(开启清理)")
def create_finding(request, payload: FindingIn):
    require_capability(request.user, COUNTY_REVIEW)
    cadre_post = Post.objects.select_related("user", "user__resident", "region").filter(pk=payload.post).first()
    if cadre_post is None or not any(post_covers(post, cadre_post.region_id)
                                     for post in posts_with_capability(request.user, COUNTY_REVIEW)):
        raise Http404(_("未找到该职务。"))
    case = removals.report_finding(request.user, cadre_post, outcomes=payload.outcomes, found_on=payload.found_on,
                                   note=payload.note)
    return Status(201, case)


class DecisionIn(Schema):
    decision: str = ""
    reason: str = ""
    decided_on: datetime.date | None = None


@router.post("/removals/{pk}/decision", response=RemovalOut, summary="清理决定:免职或保留")
def decide(request, pk: int, payload: DecisionIn):
    require_capability(request.user, VETTING_VIEW)
    case = queries.get_removal_for_user(request.user, pk)
    return removals.decide_removal(request.user, case, decision=payload.decision, reason=payload.reason,
                                   decided_on=payload.decided_on)
