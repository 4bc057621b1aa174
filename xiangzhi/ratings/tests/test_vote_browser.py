"""A villager on a 360 px phone votes in a selection, once."""

import pytest

from conftest import browser_login
from xiangzhi.ratings import selections
from xiangzhi.ratings.models import Vote

from .ratings_data import A1, link, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_villager_votes_on_a_phone(personas, phone_page):
    selection_round = selections.create_round(personas.cadre_a1, region=A1, kind="good_person", title="身边好人评选")
    nomination = selections.nominate(personas.cadre_a1, selection_round, nominee=person(name="周热心"),
                                     story="常年义务接送留守儿童", evidence="学校证明")
    selections.review_nomination(personas.cadre_a1, nomination, accept=True)
    selections.open_voting(personas.cadre_a1, selection_round)
    link(personas.villager_a1, person())

    browser_login(phone_page, "villager_a1")
    phone_page.goto("/ratings/")
    phone_page.click("#selection-rounds a")
    phone_page.wait_for_url(f"**/ratings/rounds/{selection_round.pk}/")
    assert "周热心" in phone_page.content()
    phone_page.click("button:has-text('投他/她一票')")
    phone_page.wait_for_selector("#voted")
    assert "投票成功" in phone_page.content()
    assert phone_page.locator("button:has-text('投他/她一票')").count() == 0
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert Vote.objects.filter(round=selection_round, voter=personas.villager_a1).count() == 1
