"""专项审计: audits and findings by the township/county, rectification by the village, acceptance."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from xiangzhi.finance import audits
from xiangzhi.finance.models import AuditFinding, SpecialAudit

from .conftest import A1, fresh

pytestmark = pytest.mark.django_db


def create(user, village=A1, **overrides):
    data = {"title": "2025年度村级财务专项审计", "auditing_body": "阳朔县审计局",
            "audited_on": timezone.localdate() - datetime.timedelta(days=30), "scope": "2025年全部收支"}
    data.update(overrides)
    return audits.create_audit(user, village, **data)


def test_audit_findings_and_rectification(personas):
    audit = create(personas.township_a)
    with pytest.raises(PermissionDenied):
        create(personas.cadre_a1)
    with pytest.raises(Http404):
        create(personas.township_b)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    finding = audits.add_finding(personas.auditor, audit, description="白条入账 3 笔", owner="村会计", due_on=yesterday)
    assert audits.finding_workflow.is_overdue(fresh(finding))
    assert list(AuditFinding.objects.within(A1).overdue()) == [finding]
    with pytest.raises(ValidationError) as caught:
        audits.rectify_finding(personas.cadre_a1, finding, note="")
    assert caught.value.message_dict == {"note": ["请填写整改情况。"]}
    audits.rectify_finding(personas.cadre_a1, finding, note="已补齐正式发票")
    finding = fresh(finding)
    with pytest.raises(PermissionDenied):
        audits.accept_finding(personas.cadre_a1, finding)
    assert finding.state == "rectified" and finding.rectification_note == "已补齐正式发票"
    assert not audits.finding_workflow.is_overdue(finding)
    audits.reopen_finding(personas.township_a, finding, reason="发票抬头不符")
    finding = fresh(finding)
    assert finding.state == "rectifying" and audits.finding_workflow.is_overdue(finding)
    audits.rectify_finding(personas.cadre_a1, finding, note="已更换发票")
    audits.accept_finding(personas.township_a, fresh(finding))
    assert fresh(finding).state == "accepted"


def test_bad_input(personas):
    with pytest.raises(ValidationError) as caught:
        create(personas.township_a, title="", audited_on="2025-02-30")
    assert caught.value.message_dict == {"title": ["请填写审计项目。"],
                                         "audited_on": ["审计日期“2025-02-30”不是有效的日期(格式 2026-03-01)。"]}
    assert not SpecialAudit.objects.exists()
    audit = create(personas.township_a)
    with pytest.raises(ValidationError) as caught:
        audits.add_finding(personas.township_a, audit, description="x", owner="",
                           due_on=audit.audited_on - datetime.timedelta(days=1))
    assert caught.value.message_dict == {"owner": ["请填写整改责任人。"], "due_on": ["整改期限不能早于审计日期。"]}
    assert not AuditFinding.objects.exists()


def test_pages_and_api(personas, client):
    audit = create(personas.township_a)
    finding = audits.add_finding(personas.township_a, audit, description="合同未公开", owner="村主任",
                                 due_on=timezone.localdate() - datetime.timedelta(days=2))
    client.force_login(personas.cadre_a1)
    listing = client.get(reverse("finance:audit_list")).content.decode()
    assert "超期未整改" in listing and "合同未公开" in listing
    response = client.post(reverse("finance:finding_step", args=[finding.pk, "rectify"]), {"note": ""})
    assert "请填写整改情况。" in response.content.decode() and fresh(finding).state == "rectifying"
    response = client.post(reverse("finance:finding_step", args=[finding.pk, "rectify"]), {"note": "已在公开栏公开"})
    assert response.status_code == 302 and fresh(finding).state == "rectified"
    client.force_login(personas.cadre_a2)
    assert client.get(reverse("finance:audit_detail", args=[audit.pk])).status_code == 404
    assert client.get(f"/api/v1/finance/audits/{audit.pk}").status_code == 404
    client.force_login(personas.villager_a1)
    assert client.get(reverse("finance:audit_list")).status_code == 403
    client.force_login(personas.township_a)
    response = client.post(f"/api/v1/finance/findings/{finding.pk}/accept", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "accepted"
    response = client.post("/api/v1/finance/audits", {"region_code": "450321101200", "title": "x", "auditing_body": "x",
                                                      "audited_on": "2025-01-01", "scope": "x"},
                           content_type="application/json")
    assert response.status_code == 404
    response = client.post("/api/v1/finance/audits", {"region_code": A1, "title": "", "auditing_body": "县审计局",
                                                      "audited_on": "2025-01-01", "scope": "全部"},
                           content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"]["title"] == ["请填写审计项目。"]
    response = client.post(reverse("finance:audit_create"), {"village": A1, "title": "资产专项", "auditing_body": "乡审计",
                                                             "audited_on": "2025-06-01", "scope": "资产"})
    assert response.status_code == 302 and SpecialAudit.objects.count() == 2
