"""Drafting, counter-signing, returning and publishing a disclosure; a published one is never
edited; a correction is a new disclosure and both stay public."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from xiangzhi.core.models import AuditEvent, WorkflowStep
from xiangzhi.disclosure import disclosures
from xiangzhi.disclosure.models import Disclosure, DisclosureState
from xiangzhi.translog.models import LogEntry

from .helpers import A1, A2, MAJOR, draft_general, fresh, item, publish_general

pytestmark = pytest.mark.django_db


def test_draft_submit_countersign_publish_writes_history_audit_and_one_log_entry(personas):
    disclosure = draft_general(personas, table={"columns": ["项目", "金额"], "rows": [["村道", 1200]]})
    assert disclosure.state == DisclosureState.DRAFT
    assert disclosure.table == {"columns": ["项目", "金额"], "rows": [["村道", "1200"]]}
    disclosures.submit_disclosure(personas.cadre_a1, disclosure)
    disclosures.countersign_disclosure(personas.supervisor_a1, fresh(disclosure), comment="核对无误")
    signed = fresh(disclosure)
    assert signed.state == DisclosureState.COUNTERSIGNED
    assert signed.countersigned_by == personas.supervisor_a1
    disclosures.publish_disclosure(personas.secretary_a1, signed)
    published = fresh(disclosure)
    assert published.state == DisclosureState.PUBLISHED
    assert published.published_by == personas.secretary_a1 and published.published_at is not None
    entry = LogEntry.objects.get(kind="disclosure", object_id=str(published.pk))
    content = json.loads(bytes(entry.data).decode("utf-8"))
    assert content["title"] == "第一季度村务公开"
    assert content["village_code"] == A1 and content["village_name"] == "矮山村委会"
    assert content["period"] == "2026年第1季度"
    assert content["published_at"] == published.published_at.isoformat()
    assert [s.transition for s in WorkflowStep.objects.filter(subject_id=str(published.pk))] == [
        "draft", "submit", "countersign", "publish"]
    publish_event = AuditEvent.objects.get(action="disclosure.publish")
    assert publish_event.region_code == A1 and publish_event.changes["log_index"] == [None, entry.index]


def test_publishing_without_a_countersignature_is_refused_with_the_reason(personas):
    disclosure = draft_general(personas)
    with pytest.raises(ValidationError) as caught:
        disclosures.publish_disclosure(personas.secretary_a1, disclosure)
    assert caught.value.messages == ["该公开内容尚未经村务监督委员会会签,不能发布。"]
    disclosures.submit_disclosure(personas.cadre_a1, disclosure)
    with pytest.raises(ValidationError) as caught:
        disclosures.publish_disclosure(personas.secretary_a1, fresh(disclosure))
    assert "会签" in caught.value.messages[0]
    assert fresh(disclosure).state == DisclosureState.SUBMITTED
    assert not LogEntry.objects.exists()


def test_return_needs_reasons_and_clears_the_countersignature(personas):
    disclosure = draft_general(personas)
    disclosures.submit_disclosure(personas.cadre_a1, disclosure)
    with pytest.raises(ValidationError) as caught:
        disclosures.return_disclosure(personas.supervisor_a1, fresh(disclosure), reason="  ")
    assert caught.value.message_dict == {"reason": ["请填写退回的理由。"]}
    assert fresh(disclosure).state == DisclosureState.SUBMITTED
    disclosures.countersign_disclosure(personas.supervisor_a1, fresh(disclosure))
    disclosures.return_disclosure(personas.supervisor_a1, fresh(disclosure), reason="金额与凭证不符")
    returned = fresh(disclosure)
    assert returned.state == DisclosureState.RETURNED and returned.countersigned_by is None
    # Returned: editable again, then resubmitted.
    disclosures.update_draft(personas.cadre_a1, returned, body="修缮村道 320 米。")
    assert fresh(disclosure).body == "修缮村道 320 米。"
    disclosures.submit_disclosure(personas.cadre_a1, fresh(disclosure))
    assert fresh(disclosure).state == DisclosureState.SUBMITTED


def test_roles_and_scope(personas):
    disclosure = draft_general(personas)
    with pytest.raises(PermissionDenied):  # villagers draft nothing
        draft_general(personas, actor=personas.villager_a1)
    with pytest.raises(Http404):  # another village's cadre
        draft_general(personas, actor=personas.cadre_a2)
    disclosures.submit_disclosure(personas.cadre_a1, disclosure)
    with pytest.raises(PermissionDenied):  # a cadre cannot counter-sign
        disclosures.countersign_disclosure(personas.cadre_a1, fresh(disclosure))
    with pytest.raises(PermissionDenied):  # nor can the township
        disclosures.countersign_disclosure(personas.township_a, fresh(disclosure))
    disclosures.countersign_disclosure(personas.supervisor_a1, fresh(disclosure))
    with pytest.raises(PermissionDenied):  # a cadre may not publish, only the secretary/director
        disclosures.publish_disclosure(personas.cadre_a1, fresh(disclosure))
    assert fresh(disclosure).state == DisclosureState.COUNTERSIGNED


def test_a_published_disclosure_is_never_edited(personas):
    published = publish_general(personas)
    with pytest.raises(ValidationError) as caught:
        disclosures.update_draft(personas.cadre_a1, published, title="改过的标题")
    assert caught.value.messages == ["已公开的内容不能修改;如需更正,请发布一条更正公开。"]
    assert fresh(published).title == "第一季度村务公开"
    with pytest.raises(ValidationError):  # nor taken back through the procedure
        disclosures.return_disclosure(personas.supervisor_a1, fresh(published), reason="想改")
    assert fresh(published).state == DisclosureState.PUBLISHED


def test_in_review_is_not_editable_either(personas):
    disclosure = draft_general(personas)
    disclosures.submit_disclosure(personas.cadre_a1, disclosure)
    with pytest.raises(ValidationError) as caught:
        disclosures.update_draft(personas.cadre_a1, fresh(disclosure), body="偷偷改")
    assert "退回" in caught.value.messages[0]
    assert fresh(disclosure).body == "修缮村道 300 米。"


def test_a_correction_is_a_new_disclosure_and_both_stay_published(personas):
    original = publish_general(personas)
    correction = disclosures.correct_disclosure(personas.cadre_a1, original, title="更正:村道长度", body="应为 320 米。")
    assert correction.corrects == original and correction.period == original.period
    assert correction.item_id == original.item_id
    disclosures.submit_disclosure(personas.cadre_a1, correction)
    disclosures.countersign_disclosure(personas.supervisor_a1, fresh(correction))
    disclosures.publish_disclosure(personas.secretary_a1, fresh(correction))
    assert set(Disclosure.objects.published().values_list("pk", flat=True)) == {original.pk, correction.pk}
    assert LogEntry.objects.filter(kind="disclosure").count() == 2
    content = json.loads(bytes(LogEntry.objects.get(object_id=str(correction.pk)).data).decode())
    assert content["corrects"] == str(original.pk)


def test_a_correction_only_of_a_published_disclosure_of_the_village(personas):
    draft = draft_general(personas)
    with pytest.raises(ValidationError) as caught:
        disclosures.correct_disclosure(personas.cadre_a1, draft, title="更正")
    assert caught.value.message_dict == {"corrects": ["只能更正本村已公开的内容。"]}


def test_a_period_already_published_is_refused_for_a_second_original(personas):
    publish_general(personas)
    with pytest.raises(ValidationError) as caught:
        draft_general(personas)
    assert "已公开" in caught.value.message_dict["period"][0]
    assert Disclosure.objects.count() == 1


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"period": "2026年5季度"}, "period", "请按“2026年第3季度”的格式填写公开季度。"),
    ({"title": ""}, "title", "请填写标题。"),
    ({"body": "", "table": None}, "body", "请填写正文或表格。"),
    ({"table": {"columns": ["项目", "金额"], "rows": [["村道"]]}}, "table", "表格第 1 行有 1 列,表头有 2 列。"),
    ({"table": {"rows": []}}, "table", "表格须包含表头(columns)和各行(rows)。"),
    ({"title": "长" * 201}, "title", "标题不能超过 200 个字。"),
])
def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(personas, kwargs, field, message):
    with pytest.raises(ValidationError) as caught:
        draft_general(personas, **kwargs)
    assert caught.value.message_dict[field] == [message]
    assert not Disclosure.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="disclosure").exists()


def test_an_item_outside_the_county_catalogue_or_inactive_is_refused(personas):
    from xiangzhi.disclosure import catalogue

    from xiangzhi.regions.models import Region

    county = Region.objects.get(code="450321")
    catalogue.update_item(personas.county, county, item(MAJOR), active=False)
    with pytest.raises(ValidationError) as caught:
        disclosures.draft_disclosure(personas.cadre_a1, A1, item=item(MAJOR), title="征地", body="征地补偿方案")
    assert caught.value.message_dict == {"item": ["请选择本县公开目录中启用的目录项。"]}


def test_attachments_are_checked_and_hashed_into_the_log(personas):
    empty = SimpleUploadedFile("空.pdf", b"", content_type="application/pdf")
    with pytest.raises(ValidationError) as caught:
        disclosures.draft_disclosure(personas.cadre_a1, A1, item=item(MAJOR), title="征地", body="方案",
                                     attachments=[empty])
    assert caught.value.message_dict == {"attachments": ["附件“空.pdf”是空文件。"]}
    assert not Disclosure.objects.exists()
    scan = SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    disclosure = disclosures.draft_disclosure(personas.cadre_a1, A1, item=item(MAJOR), period="2026年3月征地",
                                              title="征地", body="方案", attachments=[scan])
    disclosures.submit_disclosure(personas.cadre_a1, disclosure)
    disclosures.countersign_disclosure(personas.supervisor_a1, fresh(disclosure))
    disclosures.publish_disclosure(personas.secretary_a1, fresh(disclosure))
    content = json.loads(bytes(LogEntry.objects.get(object_id=str(disclosure.pk)).data).decode())
    import hashlib

    assert content["attachments"] == [{"name": "会议记录.pdf", "sha256": hashlib.sha256(b"%PDF-1.4 minutes").hexdigest()}]


def test_visible_to_keeps_other_villages_out(personas):
    draft_general(personas)
    other = draft_general(personas, village=A2, actor=personas.cadre_a2, title="骥马村公开")
    assert list(disclosures.visible_disclosures(personas.cadre_a1).values_list("title", flat=True)) == ["第一季度村务公开"]
    assert disclosures.visible_disclosures(personas.township_a).count() == 2
    assert disclosures.visible_disclosures(personas.township_b).count() == 0
    assert disclosures.visible_disclosures(personas.villager_a1).count() == 0
    with pytest.raises(Http404):
        disclosures.get_disclosure_for_user(personas.cadre_a1, other.pk)
