"""On a phone, a village cadre enters a count whose turnout is exactly half: the page refuses it,
naming the rule and the numbers; then a lawful count, and the winners are shown."""

import pytest

from conftest import browser_login
from xiangzhi.elections.models import ElectionRound

from .election_data import ready_election

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_count(page, candidates, *, ballots, votes):
    page.fill("#count-form input[name=ballots_cast]", str(ballots))
    for candidate in candidates:
        page.fill(f"#count-form input[name=votes_{candidate.pk}]", str(votes))
        page.check(f"#count-form input[name=declared][value='{candidate.pk}']")
    page.click("#count-form button[type=submit]")
    page.wait_for_load_state()


def test_cadre_enters_an_invalid_count_then_a_valid_one(personas, phone_page):
    election, candidates = ready_election(personas.cadre_a1, voters=10)
    page = phone_page
    browser_login(page, "cadre_a1")
    page.click("nav.modules >> text=换届选举")
    page.wait_for_load_state()
    page.click(f"#elections >> text={election.title}")
    page.wait_for_load_state()
    assert page.locator("#count-form input[name=registered]").input_value() == "10"
    fill_count(page, candidates, ballots=5, votes=5)
    errors = page.locator("#errors").inner_text()
    assert "选举无效:参加投票 5 人,未超过登记选民 10 人的半数(至少须 6 人,还差 1 人)" in errors
    assert not ElectionRound.objects.exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    fill_count(page, candidates, ballots=6, votes=6)
    assert "已完成" in page.locator("#election-state").inner_text()
    assert page.locator("#rounds mark").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert ElectionRound.objects.get().ballots_cast == 6
