"""A published disclosure's entry in the publication log reads like the disclosure itself:
Chinese labels, its table as a table, and no login needed."""

import pytest

from xiangzhi.translog.log import entry_for

from .helpers import publish_general

pytestmark = pytest.mark.django_db

TABLE = {"columns": ["事项", "进展"], "rows": [["村道硬化", "已完工"], ["路灯维修", "进行中"]]}


def test_the_entry_page_shows_the_disclosure_readably_to_anyone(personas, client):
    disclosure = publish_general(personas, table=TABLE)
    entry = entry_for(disclosure, "disclosure")

    html = client.get(f"/log/entries/{entry.index}/").content.decode()

    assert "已验证" in html
    assert "<dt>表格</dt>" in html and "<th>事项</th>" in html and "<td>路灯维修</td>" in html
    assert "<dt>标题</dt>" in html and "第一季度村务公开" in html
    assert "<dt>村</dt>" in html and "矮山村委会" in html
    assert "<dt>附件</dt>" in html and "无" in html
    assert '"rows"' not in html.split("核对细节")[0]  # the JSON only in the experts' details
