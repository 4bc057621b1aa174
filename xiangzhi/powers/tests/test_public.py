"""五公开 without login: public items and concluded cases, masked, with their log badges, and the
portal section of the village page."""

import pytest
from django.urls import reverse

from xiangzhi.powers import cases, lists
from xiangzhi.powers.models import PowerItem
from xiangzhi.powers.public import canonical_case
from xiangzhi.translog.log import canonical_bytes
from xiangzhi.translog.models import LogEntry

from .power_data import A1, B1, TOWNSHIP_A, adopt_all, evidence, item_of, run_to_end, start


@pytest.fixture
def adopted(personas):
    return adopt_all(personas)


@pytest.fixture
def concluded(personas, adopted):
    return run_to_end(personas.cadre_a1, start(personas))


def test_public_item_shows_content_rules_procedure_and_results(client, personas, concluded):
    item = item_of(A1)
    page = client.get(reverse("powers:public_item", args=[item.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for text in ("出具证明", "《中华人民共和国村民委员会组织法》", "不得出具内容不实的证明", 'class="flowchart"',
                 "4. 盖章出具", "张**", "公开日志第 0 条"):
        assert text in html, text
    assert "张三丰" not in html


def test_non_public_items_and_drafts_are_404(client, personas, adopted):
    item = item_of(A1)
    PowerItem.objects.filter(pk=item.pk).update(public=False)
    assert client.get(reverse("powers:public_item", args=[item.pk])).status_code == 404
    draft = lists.start_new_version(personas.secretary_a1, adopted[A1])
    draft_item = draft.items.get(code="01")
    assert client.get(reverse("powers:public_item", args=[draft_item.pk])).status_code == 404
    assert client.get(reverse("powers:public_list", args=[draft.pk])).status_code == 404
    listed = client.get(reverse("powers:public_list", args=[adopted[A1].pk])).content.decode()
    assert "低保、特困供养申请初审" in listed and "出具证明" not in listed


def test_public_case_is_masked_and_carries_its_log_badge(client, personas, concluded):
    page = client.get(reverse("powers:public_case", args=[concluded.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    entry = LogEntry.objects.get(object_id=str(concluded.pk))
    assert reverse("translog:entry", args=[entry.index]) in html
    assert "张**" in html and "张三丰" not in html
    assert "已出具居住证明。" in html and "完成于" in html
    # The published content still matches what the log holds.
    assert bytes(entry.data) == canonical_bytes(concluded, "power_case")
    assert canonical_case(concluded)["applicant"] == "张**"


def test_unconcluded_terminated_and_private_cases_are_404(client, personas, adopted, concluded):
    running = start(personas)
    terminated = start(personas)
    cases.terminate_case(personas.cadre_a1, terminated, reason="申请人撤回")
    for case in (running, terminated):
        assert client.get(reverse("powers:public_case", args=[case.pk])).status_code == 404
    PowerItem.objects.filter(pk=concluded.item_id).update(public=False)
    assert client.get(reverse("powers:public_case", args=[concluded.pk])).status_code == 404


def test_portal_section_lists_the_village_and_township_lists_and_recent_cases(client, personas, adopted, concluded):
    other = run_to_end(personas.cadre_b1, start(personas, region_code=B1, cadre=personas.cadre_b1))
    page = client.get(f"/v/{A1}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="section-powers"' in html
    assert reverse("powers:public_list", args=[adopted[A1].pk]) in html
    assert reverse("powers:public_list", args=[adopted[TOWNSHIP_A].pk]) in html
    assert reverse("powers:public_case", args=[concluded.pk]) in html
    assert reverse("powers:public_case", args=[other.pk]) not in html
    assert "公开日志第 0 条" in html and "张三丰" not in html


def test_rejected_case_is_public_with_its_reason(client, personas, adopted):
    case = start(personas)
    cases.complete_step(personas.cadre_a1, case, attachments=[evidence()])
    cases.reject_case(personas.cadre_a1, case, reason="不属于村级出具证明的范围")
    html = client.get(reverse("powers:public_case", args=[case.pk])).content.decode()
    assert "不同意" in html and "不属于村级出具证明的范围" in html
