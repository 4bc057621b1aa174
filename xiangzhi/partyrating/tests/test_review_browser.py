"""On a phone, a township official reviews a village's star evaluation, flags the branch and opens
its rectification plan."""

import datetime

import pytest
from conftest import browser_login
from django.utils import timezone

from xiangzhi.partyrating.evaluations import self_assess, submit
from xiangzhi.partyrating.models import Evaluation, Rectification

from .rating_data import A1, YEAR, branch, scores

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_township_reviews_and_opens_a_rectification_on_a_phone(personas, phone_page):
    organisation = branch(A1, "矮山村党支部")
    evaluation = self_assess(personas.secretary_a1, organisation, YEAR, scores=scores(12), satisfaction="55")
    submit(personas.secretary_a1, evaluation)
    page = phone_page
    browser_login(page, "township_a")
    page.goto(f"/partyrating/?year={YEAR}")
    page.click("#evaluations a:has-text('矮山村党支部')")
    assert "待乡镇审核" in page.inner_text("#evaluation-state")
    page.click("#review-form button[type=submit]")  # no opinion: stays, says why
    assert "请填写审核意见" in page.inner_text("#review-form")
    page.fill("#review-form input[name=score_members]", "10")
    page.fill("#review-form textarea[name=opinion]", "党员管理台账不全")
    page.click("#review-form button[type=submit]")
    page.wait_for_selector("#evaluation-state:has-text('待县级审核')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    evaluation.refresh_from_db()
    assert evaluation.score == 58 and evaluation.township_reviewer == personas.township_a

    page.goto(f"/partyrating/screening/?region=450321100&year={YEAR}")
    page.click("#run-form button[type=submit]")
    page.wait_for_selector("#flags:has-text('群众满意度偏低')")
    page.click("#flags a:has-text('建立整顿方案')")
    page.fill("#rectification-form input[name=deadline]",
              (timezone.localdate() + datetime.timedelta(days=90)).isoformat())
    page.click("#rectification-form button[type=submit]")
    page.wait_for_selector("#plan-state:has-text('整顿中')")
    page.fill("#task-form input[name=title]", "召开组织生活会")
    page.fill("#task-form input[name=owner]", "韦支书")
    page.fill("#task-form input[name=deadline]", (timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    page.click("#task-form button[type=submit]")
    page.wait_for_selector("#tasks:has-text('召开组织生活会')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    plan = Rectification.objects.get()
    assert plan.organisation == organisation and "群众满意度" in plan.problems
    assert plan.tasks.get().owner == "韦支书"
    assert Evaluation.objects.get().state == "township_reviewed"
