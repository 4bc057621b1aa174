"""The demo seed publishes finance disclosures and one general item through the procedure."""

import pytest

from xiangzhi.disclosure.models import Disclosure
from xiangzhi.disclosure.seeding import seed_disclosures
from xiangzhi.translog.models import LogEntry

from .finance_data import last_month_ledger
from .helpers import A1

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_seed_publishes_and_is_idempotent(personas):
    last_month_ledger(personas)
    published = seed_disclosures(A1, personas.cadre_a1, supervisor=personas.supervisor_a1,
                                 publisher=personas.secretary_a1)
    assert len(published) == 4
    assert Disclosure.objects.published().filter(item__generator="finance_monthly").count() == 3
    assert LogEntry.objects.filter(kind="disclosure").count() == 4
    assert seed_disclosures(A1, personas.cadre_a1, supervisor=personas.supervisor_a1,
                            publisher=personas.secretary_a1) == []
