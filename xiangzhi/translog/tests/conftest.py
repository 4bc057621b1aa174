"""A publishing kind for the log's own tests: regions, which exist without the other apps.

The log is tested through its public interface (register_kind / append), as a publishing app
uses it; each test registers the kind afresh and removes it afterwards.
"""

import pytest

from xiangzhi.regions.models import Region
from xiangzhi.translog import log

KIND = "test_region"


def region_content(region):
    return {"name": region.name, "level": region.level, "parent": region.parent_id}


@pytest.fixture
def region_kind(monkeypatch):
    monkeypatch.setattr(log, "_kinds", dict(log._kinds))
    log.register_kind(KIND, Region, region_content, label="测试区划", public_url=lambda r: f"/regions/{r.code}/")
    return KIND


def make_regions(count, prefix="99"):
    return [
        Region.objects.create(code=f"{prefix}{i:04d}", name=f"测试区划{i}", level="county")
        for i in range(count)
    ]


@pytest.fixture
def publish(db, region_kind):
    """publish(n) -> n new regions appended to the log, in order."""

    def _publish(count, prefix="99"):
        regions = make_regions(count, prefix)
        return [log.append(region, region_kind) for region in regions]

    return _publish
