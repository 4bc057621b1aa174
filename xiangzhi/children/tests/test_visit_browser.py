"""A child director, on a 360 px phone, opens a flagged child's case and records a 家访."""

import datetime

import pytest

from conftest import browser_login
from xiangzhi.children.models import ChildCase, Visit

from .children_data import A1, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_director_records_visit(personas, phone_page):
    from xiangzhi.children import actions

    w = world()
    actions.appoint_director(personas.township_a, A1, appointed_on="2024-03-01", username="director_a1")
    page = phone_page
    browser_login(page, "director_a1")
    page.goto(f"/children/v/{A1}/")
    page.click("#flagged-minors button[type=submit]")
    page.wait_for_selector("#visit-form")
    case = ChildCase.objects.get()
    assert case.child == w.child
    page.fill("#visit_date", datetime.date.today().isoformat())
    page.select_option("#visit_kind", "home")
    page.fill("#visit_findings", "孩子按时上学,祖母照料")
    page.fill("#visit_help_given", "送去学习用品")
    page.click("#visit-form button[type=submit]")
    page.wait_for_selector("#visits >> text=送去学习用品")
    visit = Visit.objects.get()
    assert (visit.kind, visit.recorded_by, visit.findings) == ("home", w.director, "孩子按时上学,祖母照料")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
