"""The registry's audit rows reveal that a person is on it: auditors do not get them, the justice
posts that keep the registry do (general log filter and the registry's access page)."""

import pytest
from django.test import Client

from xiangzhi.core.audit_views import visible_events
from xiangzhi.core.models import AuditEvent
from xiangzhi.petitions import actions
from xiangzhi.petitions.registry_audit import hide_registry_events

from .petitions_data import justice, resident

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def viewed_record(personas):
    office = justice()
    record = actions.register_special_person(office, resident=resident(name="黄志明"), category="released",
                                             risk_level="low", helper=personas.cadre_a1)
    assert _client(personas.cadre_a1).get(f"/petitions/special/{record.pk}/").status_code == 200
    actions.record_special_visit(personas.cadre_a1, record, kind="assistance", note="走访")
    return record


def _actions(events):
    return {event.action for event in events}


def test_auditor_does_not_see_registry_rows(viewed_record, personas):
    everything = AuditEvent.objects.visible_to(personas.auditor, "audit.view")
    assert {"special.register", "special.view", "special.visit"} <= _actions(everything)
    shown = visible_events(personas.auditor)  # what the /audit/ pages and the API list
    assert not any(action.startswith("special") for action in _actions(shown))
    assert shown.count() == everything.count() - 3
    auditor = _client(personas.auditor)
    page = auditor.get("/audit/").content.decode()
    assert "special." not in page and "黄志明" not in page
    hidden = AuditEvent.objects.filter(action="special.register").get()
    assert auditor.get(f"/audit/{hidden.pk}/").status_code == 404
    assert auditor.get("/petitions/special/access/").status_code == 403


def test_justice_post_sees_them_in_its_scope(viewed_record, personas):
    office = viewed_record.created_by
    shown = hide_registry_events(AuditEvent.objects.all(), office)
    assert {"special.register", "special.view", "special.visit"} <= _actions(shown)
    other = justice("sifasuo_b", "450321101")
    assert not any(a.startswith("special") for a in _actions(hide_registry_events(AuditEvent.objects.all(), other)))
    page = _client(office).get("/petitions/special/access/").content.decode()
    assert "special.view" in page and "special.visit" in page and "cadre_a1" in page
    assert "special.view" not in _client(other).get("/petitions/special/access/").content.decode()
