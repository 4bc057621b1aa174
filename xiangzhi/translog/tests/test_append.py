"""Appending to the log: canonical bytes, gap-free indexes, idempotence, signed heads."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string

from xiangzhi.regions.models import Region
from xiangzhi.translog import log
from xiangzhi.translog.models import LogEntry, LogState, SignedTreeHead

from .conftest import KIND, make_regions

pytestmark = pytest.mark.django_db


def test_append_stores_canonical_bytes_and_a_signed_head(region_kind):
    region = Region.objects.create(code="990001", name="测试县", level="county", parent=None)
    entry = log.append(region, KIND)

    assert entry.index == 0
    assert entry.data_bytes == '{"id":"990001","kind":"test_region","level":"county","name":"测试县","parent":null}'.encode()
    assert json.loads(entry.data_bytes) == {"id": "990001", "kind": KIND, "level": "county", "name": "测试县", "parent": None}
    head = SignedTreeHead.objects.get()
    assert (head.tree_size, head.hash_algorithm, head.key_id) == (1, "sha256", head.key_id)
    assert head.root_hash == entry.leaf_hash  # a one-leaf tree's root is its leaf hash
    assert LogState.objects.get().size == 1


def test_indexes_are_gap_free_and_a_second_append_returns_the_same_entry(publish, region_kind):
    entries = publish(5)
    assert [e.index for e in entries] == [0, 1, 2, 3, 4]
    region = Region.objects.get(code="990002")

    again = log.append(region, region_kind)

    assert again.pk == entries[2].pk
    assert LogEntry.objects.count() == 5
    assert SignedTreeHead.objects.count() == 5
    assert LogState.objects.get().size == 5


def test_entry_for_and_entries_for(publish, region_kind, django_assert_num_queries):
    publish(3)
    extra = make_regions(1, prefix="98")[0]
    regions = list(Region.objects.filter(code__in=["990000", "990001", "990002"]).order_by("code")) + [extra]

    with django_assert_num_queries(1):
        found = log.entries_for(regions, region_kind)

    assert {pk: e.index for pk, e in found.items()} == {"990000": 0, "990001": 1, "990002": 2}
    assert log.entry_for(regions[1], region_kind).index == 1
    assert log.entry_for(extra, region_kind) is None
    assert log.entries_for([], region_kind) == {}


def test_append_cost_does_not_grow_with_the_log(publish, region_kind, django_assert_max_num_queries):
    publish(100)
    region = make_regions(1, prefix="98")[0]
    with django_assert_max_num_queries(10):
        entry = log.append(region, region_kind)
    assert entry.index == 100


def test_an_unregistered_kind_is_refused(db):
    region = Region.objects.create(code="990001", name="测试县", level="county")
    with pytest.raises(ImproperlyConfigured, match="not registered"):
        log.append(region, "no_such_kind")
    assert LogEntry.objects.count() == 0


def test_canonical_content_may_not_override_kind_or_id(monkeypatch, db):
    monkeypatch.setattr(log, "_kinds", dict(log._kinds))
    log.register_kind("bad", Region, lambda r: {"id": "forged"}, label="坏")
    region = Region.objects.create(code="990001", name="测试县", level="county")
    with pytest.raises(ImproperlyConfigured):
        log.append(region, "bad")
    assert LogEntry.objects.count() == 0


def test_a_missing_signing_key_is_a_clear_configuration_error(settings, region_kind):
    settings.TRANSLOG_SIGNING_KEY = None
    region = Region.objects.create(code="990001", name="测试县", level="county")
    with pytest.raises(ImproperlyConfigured, match="XIANGZHI_LOG_SIGNING_KEY"):
        log.append(region, region_kind)
    assert LogEntry.objects.count() == 0


def test_the_hash_of_an_existing_log_cannot_change(settings, publish, region_kind):
    publish(2)
    settings.TRANSLOG_HASH = "sm3"
    region = make_regions(1, prefix="98")[0]
    with pytest.raises(ImproperlyConfigured, match="cannot change"):
        log.append(region, region_kind)
    assert LogEntry.objects.count() == 2


def test_badge_links_to_the_public_verify_page(publish):
    entry = publish(8)[7]
    html = render_to_string("translog/badge.html", {"entry": entry})
    assert 'href="/log/entries/7/"' in html
    assert "公开日志第 7 条 · 验证" in html
    assert render_to_string("translog/badge.html", {"entry": None}).strip() == ""
