"""人民调解委员会 register: forming a committee, seating and removing members, 换届.
Each checks capability and scope, runs in one transaction and is audited."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import require
from xiangzhi.core.audit import record_event
from xiangzhi.people import citizen_id
from xiangzhi.people.models import Resident
from xiangzhi.regions.models import Region

from .models import (
    COMMITTEE_CODE_LENGTHS, COMMITTEE_MAX_MEMBERS, COMMITTEE_MIN_MEMBERS, Committee, CommitteeKind,
    CommitteeMember, CommitteeTerm, MemberRole, term_end_for,
)

MANAGE = "mediation.committee.manage"


def _size_error(count):
    return _("人民调解委员会由 %(low)d 至 %(high)d 名委员组成,此操作后将为 %(count)d 名。") % {
        "low": COMMITTEE_MIN_MEMBERS, "high": COMMITTEE_MAX_MEMBERS, "count": count,
    }


def _term_end(starts_on, ends_on):
    """The term's last day (three years by default) or a ValidationError naming the field."""
    if starts_on is None:
        raise ValidationError({"term_start": _("请填写任期开始日期。")})
    if starts_on > timezone.localdate():
        raise ValidationError({"term_start": _("任期开始日期不能晚于今天。")})
    longest = term_end_for(starts_on)
    if ends_on is None:
        return longest
    if ends_on <= starts_on:
        raise ValidationError({"term_end": _("任期届满日期须晚于任期开始日期。")})
    if ends_on > longest:
        raise ValidationError({"term_end": _("人民调解委员会委员每届任期三年,届满日期不能晚于 %(date)s。") % {
            "date": longest.isoformat()}})
    return ends_on


def _member(actor, row, label, county_code, joined_on):
    """An unsaved CommitteeMember from one submitted row: a registry resident (by id or citizen ID)
    or a person named only. `label` prefixes every message ("第 2 位委员:")."""
    role = row.get("role") or MemberRole.MEMBER
    if role not in MemberRole.values:
        raise ValidationError({"members": label + _("职务应为主任、副主任或委员。")})
    residents = Resident.objects.visible_to(actor).present().filter(region__prefix=county_code)
    resident = None
    if row.get("resident_id"):
        resident = residents.filter(pk=row["resident_id"]).first()
        if resident is None:
            raise ValidationError({"members": label + _("在您可查看的本县村民中找不到该人。")})
    elif (row.get("id_number") or "").strip():
        try:
            parsed = citizen_id.parse(row["id_number"])
        except ValidationError as error:
            raise ValidationError({"members": label + error.messages[0]}) from None
        resident = residents.filter(id_number_index=citizen_id.index(parsed.number)).first()
        if resident is None:
            raise ValidationError({"members": label + _("本县在册村民中没有这个公民身份号码;不在名册中的委员只填姓名。")})
    name = resident.name if resident else (row.get("name") or "").strip()
    if not name:
        raise ValidationError({"members": label + _("请填写姓名或公民身份号码。")})
    if len(name) > 50:
        raise ValidationError({"members": label + _("姓名过长。")})
    return CommitteeMember(role=role, resident=resident, name=name, joined_on=joined_on)


def _check_seats(members):
    chairs = [member for member in members if member.role == MemberRole.CHAIR]
    if len(chairs) > 1:
        raise ValidationError({"members": _("一个调解委员会只能有一名主任。")})
    seated = [member.resident_id for member in members if member.resident_id]
    if len(seated) != len(set(seated)):
        raise ValidationError({"members": _("同一村民不能在本委员会重复任职。")})


def form_committee(actor, *, kind, region_code, name, term_start, members, term_end=None):
    """Register a committee with its first term and 3–9 members, one of them the 主任."""
    if kind not in CommitteeKind.values:
        raise ValidationError({"kind": _("请选择调解委员会类型。")})
    region = Region.objects.filter(code=(region_code or "").strip()).first()
    if region is None or len(region.code) not in COMMITTEE_CODE_LENGTHS[kind]:
        raise ValidationError({"region": _("%(kind)s须设在%(where)s。") % {
            "kind": CommitteeKind(kind).label,
            "where": {CommitteeKind.VILLAGE: _("村"), CommitteeKind.TOWNSHIP: _("乡镇")}.get(kind, _("乡镇或县")),
        }})
    post = require(actor, MANAGE, region.code)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写调解委员会名称。")})
    if len(name) > 100:
        raise ValidationError({"name": _("名称最多 100 字。")})
    if Committee.objects.filter(region=region, name=name).exists():
        raise ValidationError({"name": _("本地已登记同名的调解委员会。")})
    ends_on = _term_end(term_start, term_end)
    rows = [row for row in members or () if any((row.get(key) or "") for key in ("resident_id", "id_number", "name"))]
    if not COMMITTEE_MIN_MEMBERS <= len(rows) <= COMMITTEE_MAX_MEMBERS:
        raise ValidationError({"members": _size_error(len(rows))})
    built = [
        _member(actor, row, _("第 %(n)d 位委员:") % {"n": number}, region.code[:6], term_start)
        for number, row in enumerate(rows, start=1)
    ]
    if not any(member.role == MemberRole.CHAIR for member in built):
        raise ValidationError({"members": _("请指定一名主任。")})
    _check_seats(built)
    committee = Committee(kind=kind, region=region, name=name, created_by=actor)
    with transaction.atomic():
        committee.save()
        CommitteeTerm.objects.create(committee=committee, number=1, starts_on=term_start, ends_on=ends_on,
                                     created_by=actor)
        for member in built:
            member.committee = committee
        CommitteeMember.objects.bulk_create(built)
        record_event(actor, "committee.form", committee, region_code=region.code, post=post, changes={
            "name": [None, name], "kind": [None, kind], "term": [None, [term_start.isoformat(), ends_on.isoformat()]],
            "members": [None, [f"{member.name}({member.get_role_display()})" for member in built]],
        })
    return committee


def _locked(committee):
    """The committee row locked for this transaction, so that concurrent seat changes queue up."""
    return Committee.objects.select_for_update().get(pk=committee.pk)


def add_member(actor, committee, *, role=MemberRole.MEMBER, resident_id=None, id_number="", name="", joined_on=None):
    post = require(actor, MANAGE, committee.region_id)
    joined_on = joined_on or timezone.localdate()
    if joined_on > timezone.localdate():
        raise ValidationError({"joined_on": _("加入日期不能晚于今天。")})
    member = _member(actor, {"role": role, "resident_id": resident_id, "id_number": id_number, "name": name},
                     "", committee.region_id[:6], joined_on)
    with transaction.atomic():
        _locked(committee)
        sitting = list(committee.members.filter(left_on__isnull=True))
        if len(sitting) + 1 > COMMITTEE_MAX_MEMBERS:
            raise ValidationError({"members": _size_error(len(sitting) + 1)})
        if role == MemberRole.CHAIR and any(seat.role == MemberRole.CHAIR for seat in sitting):
            raise ValidationError({"role": _("已有主任;请先免去现任主任再任命新主任。")})
        if member.resident_id and any(seat.resident_id == member.resident_id for seat in sitting):
            raise ValidationError({"members": _("该村民已是本委员会委员。")})
        member.committee = committee
        try:
            with transaction.atomic():
                member.save()
        except IntegrityError:
            raise ValidationError({"members": _("该事项已被他人处理,请刷新后重试。")}) from None
        record_event(actor, "committee.member_add", committee, region_code=committee.region_id, post=post,
                     changes={"member": [None, f"{member.name}({member.get_role_display()})"]})
    return member


def remove_member(actor, committee, member_id, *, left_on=None):
    post = require(actor, MANAGE, committee.region_id)
    left_on = left_on or timezone.localdate()
    with transaction.atomic():
        _locked(committee)
        sitting = list(committee.members.filter(left_on__isnull=True))
        member = next((seat for seat in sitting if seat.pk == member_id), None)
        if member is None:
            raise ValidationError({"member": _("该委员不在本委员会现任委员中。")})
        if left_on < member.joined_on or left_on > timezone.localdate():
            raise ValidationError({"left_on": _("离任日期须在加入日期与今天之间。")})
        if len(sitting) - 1 < COMMITTEE_MIN_MEMBERS:
            raise ValidationError({"members": _size_error(len(sitting) - 1)})
        member.left_on = left_on
        member.save(update_fields=["left_on"])
        record_event(actor, "committee.member_remove", committee, region_code=committee.region_id, post=post,
                     changes={"member": [f"{member.name}({member.get_role_display()})", None],
                              "left_on": [None, left_on.isoformat()]})
    return member


def renew_term(actor, committee, *, term_start, term_end=None):
    """换届: the next term begins; the earlier ones stay, so agreements sealed then remain valid."""
    post = require(actor, MANAGE, committee.region_id)
    ends_on = _term_end(term_start, term_end)
    with transaction.atomic():
        _locked(committee)
        current = committee.terms.order_by("-number").first()
        if term_start <= current.starts_on:
            raise ValidationError({"term_start": _("新一届任期须晚于本届开始日期(%(date)s)。") % {
                "date": current.starts_on.isoformat()}})
        term = CommitteeTerm.objects.create(committee=committee, number=current.number + 1, starts_on=term_start,
                                            ends_on=ends_on, created_by=actor)
        record_event(actor, "committee.renew", committee, region_code=committee.region_id, post=post, changes={
            "term_number": [current.number, term.number],
            "term": [[current.starts_on.isoformat(), current.ends_on.isoformat()],
                     [term_start.isoformat(), ends_on.isoformat()]],
        })
    return term
