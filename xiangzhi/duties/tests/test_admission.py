"""Admission requests: who files, the 一票否决 basis rule, the county's decision with reasons."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from xiangzhi.core.models import AuditEvent
from xiangzhi.duties import actions, queries
from xiangzhi.duties.models import AdmissionRequest

from .duty_data import COUNTY, TOWNSHIP_A, file_request, fresh, reviewer  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_township_files_a_request_and_the_county_approves_it_with_reasons(personas, reviewer):
    admission = file_request(personas.township_a, kind="sign", title="“平安乡村”牌子上墙", veto=False,
                             basis_level="county", basis_document="阳办发〔2024〕3号")
    assert (admission.region_id, admission.state, admission.requested_post.role) == (TOWNSHIP_A, "pending", "township_official")
    actions.review_admission(personas.county, fresh(admission), "approve", reason="确需上墙,限一块。")
    admission = fresh(admission)
    assert (admission.state, admission.decision_reason, admission.reviewed_by_id) == (
        "approved", "确需上墙,限一块。", personas.county.pk)
    event = AuditEvent.objects.get(action="duty_admission.approve")
    assert event.changes["state"] == ["pending", "approved"] and event.region_code == COUNTY


@pytest.mark.parametrize("level, label", [("city", "市级文件"), ("county", "县级文件"), ("township", "乡镇文件"), ("none", "无文件依据")])
def test_veto_is_refused_unless_the_basis_is_central_or_regional(personas, level, label):
    with pytest.raises(ValidationError) as excinfo:
        file_request(personas.county, veto=True, basis_level=level, basis_document="某文件")
    assert excinfo.value.message_dict["veto"] == [
        f"只有以中央或自治区文件为依据的事项才能申请“一票否决”;本申请的依据是{label}。"
    ]
    assert not AdmissionRequest.objects.exists()


@pytest.mark.parametrize("level", ["central", "regional"])
def test_veto_is_accepted_on_a_central_or_regional_basis(personas, level):
    admission = file_request(personas.county, veto=True, basis_level=level)
    assert fresh(admission).veto is True


def test_bad_request_names_each_field_and_saves_nothing(personas):
    with pytest.raises(ValidationError) as excinfo:
        actions.request_admission(personas.county, kind="party", title="", description="", basis_level="x")
    errors = excinfo.value.message_dict
    assert errors["kind"] == ["请选择类别:工作任务、考核评比/创建达标或牌子/制度上墙。"]
    assert errors["title"] == ["请填写事项名称。"]
    assert errors["description"] == ["请填写内容和要求。"]
    assert errors["basis_level"] == ["请选择依据层级。"]
    with pytest.raises(ValidationError) as excinfo:
        file_request(personas.county, basis_level="central", basis_document="")
    assert excinfo.value.message_dict["basis_document"] == ["请填写依据文件。"]
    assert not AdmissionRequest.objects.exists()


def test_only_county_departments_and_townships_file_requests(personas):
    for user in (personas.cadre_a1, personas.villager_a1, personas.auditor):
        with pytest.raises(PermissionDenied):
            file_request(user)
    with pytest.raises(Http404):
        file_request(personas.township_a, region="450321101")
    assert not AdmissionRequest.objects.exists()


def test_review_needs_the_capability_a_reason_and_another_person(personas, reviewer):
    admission = file_request(personas.township_a)
    with pytest.raises(PermissionDenied):
        actions.review_admission(personas.township_b, admission, "approve", reason="同意")
    with pytest.raises(ValidationError) as excinfo:
        actions.review_admission(personas.county, fresh(admission), "reject", reason="  ")
    assert excinfo.value.message_dict["reason"] == ["请填写审批理由。"]
    own = file_request(personas.county, title="县民政自己的申请")
    with pytest.raises(ValidationError) as excinfo:
        actions.review_admission(personas.county, own, "approve", reason="同意")
    assert excinfo.value.messages == ["不能审批本人提交的准入申请。"]
    assert set(AdmissionRequest.objects.values_list("state", flat=True)) == {"pending"}
    actions.review_admission(reviewer, fresh(own), "reject", reason="与已有清单事项重复。")
    assert fresh(own).state == "rejected"
    with pytest.raises(ValidationError):
        actions.review_admission(personas.county, fresh(own), "approve", reason="再批一次")
    assert fresh(own).state == "rejected"


def test_who_sees_which_request(personas, reviewer):
    township_request = file_request(personas.township_a)
    county_request = file_request(personas.county, title="县级创建")
    assert set(queries.visible_admissions(personas.county).values_list("pk", flat=True)) == {
        township_request.pk, county_request.pk}
    assert set(queries.visible_admissions(personas.township_a).values_list("pk", flat=True)) == {township_request.pk}
    assert not queries.visible_admissions(personas.township_b).exists()
    # A pending county request is not shown to a village; once approved it is (why a task came).
    assert not queries.visible_admissions(personas.cadre_a1).exists()
    actions.review_admission(reviewer, fresh(county_request), "approve", reason="同意")
    assert list(queries.visible_admissions(personas.cadre_a1).values_list("pk", flat=True)) == [county_request.pk]
    with pytest.raises(Http404):
        queries.get_admission_for_user(personas.township_b, township_request.pk)
    with pytest.raises(PermissionDenied):
        queries.get_admission_for_user(personas.villager_a1, township_request.pk)
