"""重大事项备案: the village files with the resolution attached; the township approves or returns it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from xiangzhi.core.models import AuditEvent
from xiangzhi.finance import filings
from xiangzhi.finance.models import Filing

from .conftest import A1, approved_filing, fresh, resolution_file

pytestmark = pytest.mark.django_db


def submit(user, village=A1, **overrides):
    data = {"kind": "project", "title": "村道硬化", "amount_fen": 30_000_00, "description": "经村民代表会议通过",
            "resolution": resolution_file()}
    data.update(overrides)
    return filings.submit_filing(user, village, **data)


def test_village_files_and_township_approves(personas):
    filing = submit(personas.cadre_a1)
    assert filing.state == "submitted" and filing.resolution_sha256 and filing.resolution.name
    with pytest.raises(PermissionDenied):
        filings.approve_filing(personas.cadre_a1, filing)  # the village cannot approve its own filing
    with pytest.raises(Http404):
        filings.approve_filing(personas.township_b, filing)
    filings.approve_filing(personas.township_a, filing, comment="同意")
    assert fresh(filing).state == "approved"
    assert AuditEvent.objects.filter(action="major_matter_filing.approve", target_id=str(filing.pk)).exists()


def test_return_needs_a_reason(personas):
    filing = submit(personas.cadre_a1)
    with pytest.raises(ValidationError) as caught:
        filings.return_filing(personas.township_a, filing, reason="")
    assert caught.value.message_dict == {"reason": ["请填写退回的理由。"]}
    filings.return_filing(personas.township_a, filing, reason="决议未附表决结果")
    assert fresh(filing).state == "returned"
    with pytest.raises(ValidationError):
        filings.approved_filing(A1, filing.pk, kind="project")


@pytest.mark.parametrize("overrides, field, message", [
    ({"resolution": None}, "resolution", "请上传决议文件。"),
    ({"resolution": resolution_file(content=b"")}, "resolution", "决议文件“村民代表会议决议.pdf”是空文件。"),
    ({"resolution": resolution_file(name="a.exe")}, "resolution", "决议文件须为 PDF、图片、Word、Excel 或 OFD 文件,“a.exe”不是。"),
    ({"title": " "}, "title", "请填写事项名称。"),
    ({"kind": "party"}, "kind", "事项类别“party”不在可选范围内。"),
    ({"amount_fen": -1}, "amount_fen", "涉及金额不能为负数。"),
])
def test_bad_filings_are_refused(personas, overrides, field, message):
    with pytest.raises(ValidationError) as caught:
        submit(personas.cadre_a1, **overrides)
    assert caught.value.message_dict[field] == [message]
    assert not Filing.objects.exists()


def test_scope(personas):
    with pytest.raises(PermissionDenied):
        submit(personas.villager_a1)
    with pytest.raises(Http404):
        submit(personas.cadre_b1, village=A1)
    filing = submit(personas.cadre_a1)
    with pytest.raises(Http404):
        filings.get_filing_for_user(personas.cadre_a2, filing.pk)
    assert filings.get_filing_for_user(personas.supervisor_a1, filing.pk) == filing


def test_api_submit_review_and_scope(personas, client):
    client.force_login(personas.cadre_a1)
    response = client.post("/api/v1/finance/filings", {
        "region_code": A1, "kind": "asset_disposal", "title": "旧仓库拆除", "amount_fen": "0",
        "description": "四议两公开已完成", "resolution": resolution_file(),
    })
    assert response.status_code == 201, response.content
    filing_id = response.json()["id"]
    response = client.post("/api/v1/finance/filings", {
        "region_code": A1, "kind": "asset_disposal", "title": "无决议", "description": "x",
    })
    assert response.status_code == 422 and response.json()["errors"]["resolution"] == ["请上传决议文件。"]
    client.force_login(personas.township_b)
    assert client.get(f"/api/v1/finance/filings/{filing_id}").status_code == 404
    assert client.post(f"/api/v1/finance/filings/{filing_id}/approve", {}, content_type="application/json").status_code == 404
    client.force_login(personas.villager_a1)
    assert client.get("/api/v1/finance/filings").status_code == 403
    client.force_login(personas.township_a)
    response = client.post(f"/api/v1/finance/filings/{filing_id}/approve", {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "approved"
    assert Filing.objects.count() == 1


def test_pages(personas, client):
    filing = approved_filing(personas, kind="project")
    client.force_login(personas.cadre_a1)
    response = client.get(reverse("finance:filing_create"))
    assert response.status_code == 200 and "报备重大事项" in response.content.decode()
    response = client.post(reverse("finance:filing_create"), {"village": A1, "kind": "project", "title": "修桥",
                                                               "description": "决议", "amount": "1,000"})
    assert "请上传决议文件。" in response.content.decode() and Filing.objects.count() == 1
    response = client.post(reverse("finance:filing_create"), {
        "village": A1, "kind": "project", "title": "修桥", "description": "决议", "amount": "1,000.5",
        "resolution": resolution_file(),
    })
    created = Filing.objects.get(title="修桥")
    assert response.status_code == 302 and created.amount_fen == 1_000_50
    assert client.get(reverse("finance:filing_detail", args=[filing.pk])).status_code == 200
    assert client.get(reverse("finance:filing_resolution", args=[filing.pk])).status_code == 200
    client.force_login(personas.township_a)
    response = client.post(reverse("finance:filing_step", args=[created.pk, "return"]), {"reason": ""})
    assert "请填写退回的理由。" in response.content.decode() and fresh(created).state == "submitted"
    assert client.get(reverse("finance:filing_step", args=[created.pk, "approve"])).status_code == 405
    response = client.post(reverse("finance:filing_step", args=[created.pk, "approve"]), {"comment": "同意"})
    assert response.status_code == 302 and fresh(created).state == "approved"
    client.force_login(personas.cadre_b1)
    assert client.get(reverse("finance:filing_detail", args=[filing.pk])).status_code == 404
    client.force_login(personas.villager_a1)
    assert client.get(reverse("finance:filing_list")).status_code == 403


def test_threshold_page(personas, client):
    client.force_login(personas.county)
    response = client.post(reverse("finance:threshold"), {"amount": "abc"})
    assert "备案金额标准(元)“abc”不是有效的数字。" in response.content.decode()
    response = client.post(reverse("finance:threshold"), {"amount": "20,000"})
    assert response.status_code == 302 and filings.threshold_fen(A1) == 20_000_00
    client.force_login(personas.township_a)
    assert client.get(reverse("finance:threshold")).status_code == 403
