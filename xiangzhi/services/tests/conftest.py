import importlib

import pytest
from django.apps import apps

from xiangzhi.services.models import ServiceItem


@pytest.fixture
def region_wide_items(transactional_db):
    """The shipped region-wide catalogue, again: a transactional test's flush removes what the data
    migration wrote, so tests that run after one would find no items."""
    if not ServiceItem.objects.filter(region_code="45").exists():
        importlib.import_module("xiangzhi.services.migrations.0002_region_wide_service_items").seed(apps, None)
