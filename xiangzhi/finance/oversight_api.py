"""/api/v1/finance: 重大事项备案 (filings, threshold) and 专项审计 (audits, findings)."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from xiangzhi.accounts.permissions import require_capability
from xiangzhi.core.scope import prefix_q

from . import audits, filings
from .audits import finding_workflow
from .filings import filing_workflow

router = Router(tags=[_("重大事项备案与专项审计")])


class FilingOut(Schema):
    id: int
    region_code: str = Field(alias="region_id")
    kind: str
    title: str
    amount_fen: int
    description: str
    resolution_name: str
    resolution_sha256: str
    state: str
    state_label: str
    used_at: datetime.datetime | None
    used_for: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_state_label(filing):
        return str(filing_workflow.state_label(filing.state))


class FilingIn(Schema):
    region_code: str = Field(max_length=15)
    kind: str
    title: str
    amount_fen: int = 0
    description: str


class CommentIn(Schema):
    comment: str = ""


class ReasonIn(Schema):
    reason: str


class ThresholdIn(Schema):
    county_code: str = Field(max_length=6)
    amount_fen: int


class ThresholdOut(Schema):
    county_code: str
    amount_fen: int


@router.get("/filings", response=list[FilingOut], summary=_("重大事项备案"))
@paginate
def list_filings(request, region_code: str | None = None, state: str | None = None, kind: str | None = None):
    require_capability(request.user, "filing.view")
    queryset = filings.visible_filings(request.user)
    if region_code:
        queryset = queryset.filter(prefix_q("region", region_code))
    if state:
        queryset = queryset.filter(state=state)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


@router.post("/filings", response={201: FilingOut}, summary=_("报备重大事项(附决议文件)"))
def submit_filing(request, payload: Form[FilingIn], resolution: File[UploadedFile] = None):
    filing = filings.submit_filing(
        request.user, payload.region_code, kind=payload.kind, title=payload.title, amount_fen=payload.amount_fen,
        description=payload.description, resolution=resolution,
    )
    return Status(201, filing)


@router.get("/filings/{int:filing_id}", response=FilingOut, summary=_("备案详情"))
def get_filing(request, filing_id: int):
    return filings.get_filing_for_user(request.user, filing_id)


@router.post("/filings/{int:filing_id}/approve", response=FilingOut, summary=_("审核通过(乡镇)"))
def approve_filing(request, filing_id: int, payload: CommentIn):
    filing = filings.get_filing_for_user(request.user, filing_id)
    filings.approve_filing(request.user, filing, comment=payload.comment)
    return filings.get_filing_for_user(request.user, filing_id)


@router.post("/filings/{int:filing_id}/return", response=FilingOut, summary=_("退回(乡镇,须写理由)"))
def return_filing(request, filing_id: int, payload: ReasonIn):
    filing = filings.get_filing_for_user(request.user, filing_id)
    filings.return_filing(request.user, filing, reason=payload.reason)
    return filings.get_filing_for_user(request.user, filing_id)


@router.put("/threshold", response=ThresholdOut, summary=_("设置本县备案金额标准"))
def set_threshold(request, payload: ThresholdIn):
    row = filings.set_threshold(request.user, payload.county_code, amount_fen=payload.amount_fen)
    return {"county_code": row.region_id, "amount_fen": row.amount_fen}


class AuditIn(Schema):
    region_code: str = Field(max_length=15)
    title: str
    auditing_body: str
    audited_on: datetime.date
    scope: str


class FindingOut(Schema):
    id: int
    audit_id: int
    description: str
    owner: str
    due_on: datetime.date
    state: str
    state_label: str
    rectification_note: str
    overdue: bool

    @staticmethod
    def resolve_state_label(finding):
        return str(finding_workflow.state_label(finding.state))

    @staticmethod
    def resolve_overdue(finding):
        return finding_workflow.is_overdue(finding)


class AuditOut(Schema):
    id: int
    region_code: str = Field(alias="region_id")
    title: str
    auditing_body: str
    audited_on: datetime.date
    scope: str
    findings: list[FindingOut]

    @staticmethod
    def resolve_findings(audit):
        return list(audit.findings.all())


class FindingIn(Schema):
    description: str
    owner: str
    due_on: datetime.date


class NoteIn(Schema):
    note: str


@router.get("/audits", response=list[AuditOut], summary=_("专项审计"))
@paginate
def list_audits(request, region_code: str | None = None):
    require_capability(request.user, "special_audit.view")
    queryset = audits.visible_audits(request.user).prefetch_related("findings")
    return queryset.filter(prefix_q("region", region_code)) if region_code else queryset


@router.post("/audits", response={201: AuditOut}, summary=_("登记专项审计"))
def create_audit(request, payload: AuditIn):
    audit = audits.create_audit(
        request.user, payload.region_code, title=payload.title, auditing_body=payload.auditing_body,
        audited_on=payload.audited_on, scope=payload.scope,
    )
    return Status(201, audit)


@router.get("/audits/{int:audit_id}", response=AuditOut, summary=_("审计详情"))
def get_audit(request, audit_id: int):
    return audits.get_audit_for_user(request.user, audit_id)


@router.post("/audits/{int:audit_id}/findings", response={201: FindingOut}, summary=_("录入审计发现(下达整改)"))
def add_finding(request, audit_id: int, payload: FindingIn):
    audit = audits.get_audit_for_user(request.user, audit_id)
    finding = audits.add_finding(request.user, audit, description=payload.description, owner=payload.owner,
                                 due_on=payload.due_on)
    return Status(201, finding)


@router.get("/findings", response=list[FindingOut], summary=_("整改任务"))
@paginate
def list_findings(request, overdue: bool = False):
    require_capability(request.user, "special_audit.view")
    queryset = audits.visible_findings(request.user)
    return finding_workflow.overdue(queryset) if overdue else queryset


@router.post("/findings/{int:finding_id}/rectify", response=FindingOut, summary=_("报告整改(村)"))
def rectify(request, finding_id: int, payload: NoteIn):
    finding = audits.get_finding_for_user(request.user, finding_id)
    audits.rectify_finding(request.user, finding, note=payload.note)
    return audits.get_finding_for_user(request.user, finding_id)


@router.post("/findings/{int:finding_id}/accept", response=FindingOut, summary=_("验收整改"))
def accept(request, finding_id: int, payload: CommentIn):
    finding = audits.get_finding_for_user(request.user, finding_id)
    audits.accept_finding(request.user, finding, comment=payload.comment)
    return audits.get_finding_for_user(request.user, finding_id)


@router.post("/findings/{int:finding_id}/reopen", response=FindingOut, summary=_("退回重新整改"))
def reopen(request, finding_id: int, payload: ReasonIn):
    finding = audits.get_finding_for_user(request.user, finding_id)
    audits.reopen_finding(request.user, finding, reason=payload.reason)
    return audits.get_finding_for_user(request.user, finding_id)
