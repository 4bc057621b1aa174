"""/log/ and /log/entries/<index>/: public, readable, verified on the server."""

import json

import pytest
from django.urls import reverse

from xiangzhi.translog import queries
from xiangzhi.translog.models import SignedTreeHead

pytestmark = pytest.mark.django_db


def test_log_page_explains_the_log_and_shows_the_signed_head_and_key(client, publish):
    publish(3)
    response = client.get(reverse("translog:index"))
    html = response.content.decode()

    assert response.status_code == 200
    head = queries.latest_head()
    assert head.root_hash in html
    assert queries.key_json()["public_key_hex"] in html
    assert "怎样自己核对" in html and "tools/verify_log.py" in html
    assert "签名有效" in html
    assert html.count('href="/log/entries/') == 3


def test_entry_page_shows_content_link_and_verification(client, publish):
    publish(6)
    response = client.get(reverse("translog:entry", args=[3]))
    html = response.content.decode()

    assert response.status_code == 200
    assert "已验证" in html
    assert "测试区划3" in html and "测试区划" in html
    assert 'href="/regions/990003/"' in html
    head = queries.latest_head()
    assert head.root_hash in html and "共 6 条" in html
    for node in queries.inclusion_proof(3, 6):
        assert node.hex() in html
    assert "&quot;kind&quot;:&quot;test_region&quot;" in html  # the raw canonical bytes


def test_entry_page_says_when_the_head_does_not_verify(client, publish):
    publish(2)
    SignedTreeHead.objects.filter(tree_size=2).update(root_hash="cd" * 32)
    html = client.get(reverse("translog:entry", args=[0])).content.decode()
    assert "验证未通过" in html and "已验证" not in html
    assert "审计路径算出的根哈希与树头不符" in html
    assert "树头签名无效" in html


def test_a_missing_entry_is_404(client, publish):
    publish(1)
    assert client.get(reverse("translog:entry", args=[1])).status_code == 404
    assert client.get(reverse("translog:entry_bundle", args=[5])).status_code == 404


def test_bundle_holds_everything_for_offline_checking(client, publish):
    publish(5)
    response = client.get(reverse("translog:entry_bundle", args=[2]))
    bundle = json.loads(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="xiangzhi-log-2.json"'
    assert set(bundle) == {"entry", "head", "proof", "key"}
    assert bundle["proof"] == {"leaf_index": 2, "tree_size": 5,
                               "audit_path": [p.hex() for p in queries.inclusion_proof(2, 5)]}


def test_pages_are_read_only(client, publish):
    publish(1)
    assert client.post(reverse("translog:index")).status_code == 405
    assert client.post(reverse("translog:entry", args=[0])).status_code == 405


def test_empty_log_page(client, db):
    response = client.get(reverse("translog:index"))
    assert response.status_code == 200
    assert "日志中还没有条目" in response.content.decode()


def test_log_page_lists_one_place_and_pages(client, db, monkeypatch):
    from xiangzhi.regions.models import Region
    from xiangzhi.translog import log

    monkeypatch.setattr(log, "_kinds", dict(log._kinds))
    log.register_kind("test_place", Region, lambda r: {"name": r.name}, label="测试地点")
    # Regions have no region_code of their own; a village-like object carrying one stands in.
    for i in range(25):
        region = Region.objects.create(code=f"9912{i:04d}", name=f"地点{i}", level="county")
        region.region_code = "450321100200" if i % 5 == 0 else "450321101200"
        log.append(region, "test_place")

    html = client.get(reverse("translog:index"), {"region": "450321100"}).content.decode()
    assert html.count('href="/log/entries/') == 5
    assert 'href="/log/entries/20/"' in html and 'href="/log/entries/1/"' not in html

    first = client.get(reverse("translog:index")).content.decode()
    second = client.get(reverse("translog:index"), {"page": 2}).content.decode()
    assert first.count('href="/log/entries/') == 20 and second.count('href="/log/entries/') == 5


def test_entry_page_query_count_does_not_grow_with_the_log(client, publish, django_assert_max_num_queries):
    publish(40)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("translog:entry", args=[17])).status_code == 200
