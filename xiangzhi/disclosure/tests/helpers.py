"""Shared helpers of the disclosure tests: catalogue items, a published disclosure."""

from xiangzhi.disclosure import defaults, disclosures
from xiangzhi.disclosure.models import CatalogueItem, Disclosure

COUNTY = "450321"
TOWNSHIP_A, TOWNSHIP_B = "450321100", "450321101"
A1, A2, B1 = "450321100200", "450321100202", "450321101200"
GENERAL = "一般村务事项"
MAJOR = "重大事项"
FINANCE = "财务收支"


def item(name):
    # Transactional tests flush the migration's rows: install them again (idempotent).
    defaults.install(CatalogueItem)
    return CatalogueItem.objects.get(region_code="45", name=name, replaces=None)


def fresh(disclosure):
    return Disclosure.objects.get(pk=disclosure.pk)


def draft_general(personas, *, village=A1, actor=None, period="2026年第1季度", title="第一季度村务公开",
                  body="修缮村道 300 米。", table=None):
    return disclosures.draft_disclosure(
        actor or personas.cadre_a1, village, item=item(GENERAL), period=period, title=title, body=body,
        table=table,
    )


def publish_general(personas, **kwargs):
    disclosure = draft_general(personas, **kwargs)
    disclosures.submit_disclosure(personas.cadre_a1, disclosure)
    disclosures.countersign_disclosure(personas.supervisor_a1, fresh(disclosure))
    disclosures.publish_disclosure(personas.secretary_a1, fresh(disclosure))
    return fresh(disclosure)
