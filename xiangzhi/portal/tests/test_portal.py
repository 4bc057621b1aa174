"""The public portal: no login, only published disclosures, corrections next to what they
correct, badges, the township/county index, the A4 sheet, registered sections, and size."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from xiangzhi.disclosure import disclosures
from xiangzhi.disclosure.tests.helpers import A1, A2, draft_general, fresh, publish_general
from xiangzhi.portal import sections
from xiangzhi.portal.sections import Section

pytestmark = pytest.mark.django_db


def publish(personas, disclosure):
    disclosures.submit_disclosure(personas.cadre_a1, disclosure)
    disclosures.countersign_disclosure(personas.supervisor_a1, fresh(disclosure))
    disclosures.publish_disclosure(personas.secretary_a1, fresh(disclosure))
    return fresh(disclosure)


def test_village_page_shows_published_with_badges_and_corrections(personas, client):
    original = publish_general(personas)
    correction = publish(personas, disclosures.correct_disclosure(personas.cadre_a1, original, title="更正:村道长度",
                                                                  body="应为 320 米。"))
    draft_general(personas, period="2026年第2季度", title="还在起草的公开")
    page = client.get(f"/v/{A1}/").content.decode()
    assert "矮山村委会" in page and "阳朔镇" in page and "阳朔县" in page
    assert "第一季度村务公开" in page and "更正:村道长度" in page
    assert "还在起草的公开" not in page
    assert page.count("公开日志第") == 2
    assert f"/v/{A1}/d/{original.pk}/" in page and f"/v/{A1}/d/{correction.pk}/" in page
    assert "<script" not in page


def test_detail_page_only_for_published_and_for_the_right_village(personas, client):
    published = publish_general(personas)
    draft = draft_general(personas, period="2026年第2季度")
    assert client.get(f"/v/{A1}/d/{published.pk}/").status_code == 200
    assert client.get(f"/v/{A1}/d/{draft.pk}/").status_code == 404
    assert client.get(f"/v/{A2}/d/{published.pk}/").status_code == 404
    assert client.get("/v/450321100299/").status_code == 404
    assert client.get("/v/450321100200001/").status_code == 404  # a 屯 has no portal page
    disclosures.submit_disclosure(personas.cadre_a1, draft)
    disclosures.return_disclosure(personas.supervisor_a1, fresh(draft), reason="重写")
    assert client.get(f"/v/{A1}/d/{draft.pk}/").status_code == 404
    assert client.get(f"/v/{A1}/d/{draft.pk}/print/").status_code == 404
    page = client.get(f"/v/{A1}/d/{published.pk}/").content.decode()
    assert "supervisor_a1" in page and "打印公开栏版" in page and "公开日志第 0 条" in page


def test_print_sheet_has_signature_log_index_verify_url_and_qr(personas, client):
    published = publish_general(personas)
    page = client.get(f"/v/{A1}/d/{published.pk}/print/").content.decode()
    assert "村务监督委员会会签:supervisor_a1" in page
    assert "公开日志第 0 条" in page
    assert "http://testserver/log/" in page
    assert re.search(r"<svg[^>]*viewBox", page) and "<path" in page
    assert "disclosure_print.css" in page


def test_township_and_county_index(personas, client):
    publish_general(personas)
    page = client.get("/v/450321100/").content.decode()
    assert "矮山村委会" in page and "骥马村委会" in page and "白沙村委会" not in page
    row = re.search(r"矮山村委会</a>.*?</tr>", page, re.S).group(0)
    assert "<td>1</td>" in row
    county = client.get("/v/450321/").content.decode()
    assert "白沙村委会" in county and "矮山村委会" in county


def test_registered_sections_render_after_the_disclosures(tree, client):
    section = Section("test_notice", "测试栏目", 999, "portal/tests/notice.html",
                      lambda village: {"text": f"{village.name}的测试内容"} if village.code == A1 else None)
    sections.register(section)
    try:
        assert "矮山村委会的测试内容" in client.get(f"/v/{A1}/").content.decode()
        assert "测试栏目" not in client.get(f"/v/{A2}/").content.decode()
    finally:
        sections._sections.pop("test_notice")


def test_phone_page_is_under_50_kb_compressed_with_its_css(personas, client):
    for number in range(1, 4):
        publish_general(personas, period=f"2025年第{number}季度", body="修缮村道。" * 50,
                        table={"columns": ["项目", "金额"], "rows": [[f"项目{n}", "1,000.00"] for n in range(40)]})
    html = client.get(f"/v/{A1}/").content
    css = b"".join(
        open(finders.find(path), "rb").read()
        for path in re.findall(r'href="/static/([^"]+\.css)"', html.decode())
    )
    assert re.findall(r'href="/static/([^"]+\.css)"', html.decode()) == ["css/portal.css"]
    assert len(gzip.compress(html)) + len(gzip.compress(css)) < 50 * 1024
