"""/api/v1/pilots: pilot and demonstration cases in scope (create, read, update and delete drafts,
files, submit, publish, return, withdraw), the public showcase (no sign-in) and the county brand
coverage."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from xiangzhi.accounts.permissions import posts_with_capability, require_capability

from . import actions, queries
from .models import PILOT_VIEW

router = Router(tags=["pilots"])


class FileOut(Schema):
    id: int
    kind: str
    title: str
    content_type: str
    size: int
    url: str


class DesignationOut(Schema):
    id: int
    title: str
    label: str
    level: str
    year: int
    document_number: str
    in_force: bool


class CaseOut(Schema):
    id: int
    region: str
    region_name: str
    kind: str
    kind_label: str
    title: str
    summary: str
    body: str
    year: int
    tags: list[str]
    state: str
    state_label: str
    published_at: datetime.datetime | None
    withdraw_reason: str
    designation: DesignationOut | None
    files: list[FileOut]

    @staticmethod
    def resolve_region(case):
        return case.region_id

    @staticmethod
    def resolve_region_name(case):
        return case.region.name

    @staticmethod
    def resolve_kind_label(case):
        return str(case.get_kind_display())

    @staticmethod
    def resolve_state_label(case):
        return str(case.state_label)

    @staticmethod
    def resolve_tags(case):
        return [tag.name for tag in case.tags.all()]

    @staticmethod
    def resolve_designation(case):
        designation = case.designation
        if designation is None:
            return None
        return {"id": designation.pk, "title": designation.title, "label": str(designation),
                "level": designation.level, "year": designation.year,
                "document_number": designation.document_number, "in_force": designation.in_force}

    @staticmethod
    def resolve_files(case):
        return [{"id": item.pk, "kind": item.kind, "title": item.title, "content_type": item.content_type,
                 "size": item.size, "url": reverse("pilots:file", args=[item.pk])} for item in case.files.all()]


def _fresh(user, case):
    return queries.get_case_for_user(user, case.pk)


class CaseFilter(Schema):
    state: str = Field("", description="草稿 draft / 待审核发布 submitted / 已发布 published / 已撤回 withdrawn")
    kind: str = Field("", description="pilot_county / governance_model / good_governance / brand")
    tag: str = ""


@router.get("/cases", response=list[CaseOut], summary=_("管辖范围内的案例(各种状态)"))
@paginate(LimitOffsetPagination)
def list_cases(request, filters: Query[CaseFilter]):
    require_capability(request.user, PILOT_VIEW)
    return queries.managed_cases(request.user, **filters.dict())


class CaseIn(Schema):
    region: str = Field(..., description="县、乡镇或村的区划代码")
    kind: str
    title: str
    summary: str
    body: str
    year: int | str
    tags: list[str] | str = []
    designation: int | None = Field(None, description="已授予的称号编号(regions.Designation)")


@router.post("/cases", response={201: CaseOut}, summary=_("新建案例草稿"))
def create_case(request, payload: CaseIn):
    data = payload.dict()
    case = actions.create_case(request.user, data.pop("region"), designation_id=data.pop("designation"), **data)
    return Status(201, _fresh(request.user, case))


@router.get("/cases/{pk}", response=CaseOut, summary=_("一个案例"))
def get_case(request, pk: int):
    return queries.get_case_for_user(request.user, pk)


class CaseUpdateIn(Schema):
    kind: str
    title: str
    summary: str
    body: str
    year: int | str
    tags: list[str] | str = []
    designation: int | None = None


@router.put("/cases/{pk}", response=CaseOut, summary=_("修改草稿"))
def update_case(request, pk: int, payload: CaseUpdateIn):
    case = queries.get_case_for_user(request.user, pk)
    data = payload.dict()
    actions.update_case(request.user, case, designation_id=data.pop("designation"), **data)
    return _fresh(request.user, case)


@router.delete("/cases/{pk}", response={204: None}, summary=_("删除草稿"))
def delete_case(request, pk: int):
    actions.delete_case(request.user, queries.get_case_for_user(request.user, pk))
    return Status(204, None)


@router.post("/cases/{pk}/files", response={201: CaseOut},
             summary=_("上传文件材料或照片(multipart:kind=document|photo, title, file)"))
def add_file(request, pk: int, kind: Form[str], title: Form[str], file: File[UploadedFile] = None):
    case = queries.get_case_for_user(request.user, pk)
    actions.add_file(request.user, case, kind=kind, title=title, upload=file)
    return Status(201, _fresh(request.user, case))


@router.delete("/cases/{pk}/files/{file_pk}", response=CaseOut, summary=_("删除草稿的一个文件"))
def remove_file(request, pk: int, file_pk: int):
    case = queries.get_case_for_user(request.user, pk)
    item = case.files.filter(pk=file_pk).first()
    if item is None:
        raise queries.not_found()
    actions.remove_file(request.user, item)
    return _fresh(request.user, case)


class CommentIn(Schema):
    comment: str = ""


@router.post("/cases/{pk}/submit", response=CaseOut, summary=_("提交上级审核发布"))
def submit_case(request, pk: int, payload: CommentIn):
    case = queries.get_case_for_user(request.user, pk)
    actions.submit_case(request.user, case, comment=payload.comment)
    return _fresh(request.user, case)


class GrantIn(Schema):
    level: str = Field(..., description="national / region / city / county")
    year: int | str
    granted_on: str = Field(..., description="YYYY-MM-DD")
    document_number: str = ""


class PublishIn(Schema):
    comment: str = ""
    designation: int | None = Field(None, description="已授予的称号编号")
    grant: GrantIn | None = Field(None, description="或:现在登记授予称号(须有 designation.grant)")


@router.post("/cases/{pk}/publish", response=CaseOut, summary=_("审核发布(上级)"))
def publish_case(request, pk: int, payload: PublishIn):
    case = queries.get_case_for_user(request.user, pk)
    actions.publish_case(request.user, case, designation_id=payload.designation, comment=payload.comment,
                         grant=payload.grant.dict() if payload.grant else None)
    return _fresh(request.user, case)


class ReasonIn(Schema):
    reason: str = ""


@router.post("/cases/{pk}/return", response=CaseOut, summary=_("退回修改(上级)"))
def return_case(request, pk: int, payload: ReasonIn):
    case = queries.get_case_for_user(request.user, pk)
    actions.return_case(request.user, case, reason=payload.reason)
    return _fresh(request.user, case)


@router.post("/cases/{pk}/withdraw", response=CaseOut, summary=_("撤回已发布的案例"))
def withdraw_case(request, pk: int, payload: ReasonIn):
    case = queries.get_case_for_user(request.user, pk)
    actions.withdraw_case(request.user, case, reason=payload.reason)
    return _fresh(request.user, case)


class ShowcaseFilter(Schema):
    kind: str = ""
    region: str = Field("", description="市或县的区划代码")
    tag: str = ""


@router.get("/showcase", response=list[CaseOut], auth=None, summary=_("公开展示:已发布的案例"))
@paginate(LimitOffsetPagination)
def showcase(request, filters: Query[ShowcaseFilter]):
    return queries.showcase(**filters.dict())


@router.get("/showcase/{pk}", response=CaseOut, auth=None, summary=_("公开展示:一个已发布的案例"))
def showcase_case(request, pk: int):
    case = queries.showcase().filter(pk=pk).first()
    if case is None:
        raise queries.not_found()
    return case


class CoverageRowOut(Schema):
    code: str
    name: str
    brand_cases: int
    covered: bool


class CoverageOut(Schema):
    counties: int
    covered: int
    rows: list[CoverageRowOut]


@router.get("/coverage", response=CoverageOut, summary=_("各县是否已有发布的特色亮点/品牌案例"))
def coverage(request, region: str = ""):
    require_capability(request.user, PILOT_VIEW)
    posts = posts_with_capability(request.user, PILOT_VIEW)
    if region and not any(region.startswith(post.region_id) for post in posts):
        raise queries.not_found()
    return queries.brand_coverage(region or queries.scope_region(request.user).code)
