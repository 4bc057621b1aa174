"""A township official runs a joint vetting on a phone; the 两委 appointment is refused until the
township and every county department have cleared the candidate."""

import pytest

from conftest import browser_login, make_user
from xiangzhi.accounts.models import Post
from xiangzhi.vetting import actions
from xiangzhi.vetting.models import Candidate, Disqualification

from .vetting_data import A1, REVIEW_DAY, all_clear, departments, open_round, resident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_user(page, username):
    page.context.clear_cookies()
    browser_login(page, username)


def try_appointment(page):
    page.goto("/vetting/appoint/")
    page.fill("input[name=username]", "huangzm")
    page.select_option("select[name=role]", "village_director")
    page.fill("input[name=village]", A1)
    page.click("#appoint-form button[type=submit]")
    page.wait_for_load_state()


def test_township_runs_a_joint_vetting_and_the_appointment_waits_for_both_levels(personas, phone_page):
    page = phone_page
    depts = departments()
    make_user("sysadmin", "sysadmin", "450321")
    vetting_round = open_round(depts["organisation"], departments=["discipline", "court"])
    person = resident(name="黄志明")
    account = make_user("huangzm", "villager", A1)
    account.resident = person
    account.save(update_fields=["resident"])

    # The township puts the candidate forward.
    switch_user(page, "township_a")
    page.goto(f"/vetting/rounds/{vetting_round.pk}/")
    page.fill("input[name=id_number]", person.id_number)
    page.select_option("select[name=village]", A1)
    page.select_option("select[name=post_sought]", "village_director")
    page.click("#candidate-form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "黄志明"
    assert "乡镇审查、纪委监委、法院" in page.locator("#candidate-status").inner_text()
    candidate_url = page.url

    switch_user(page, "sysadmin")
    try_appointment(page)
    assert "尚缺乡镇审查、纪委监委、法院的审查结论" in page.locator("#appoint-form").inner_text()

    # The township's review: every "十不选" category answered, dated.
    switch_user(page, "township_a")
    page.goto(candidate_url)
    for category in Disqualification:
        page.check(f"#township-form input[name=outcome_{category.value}][value=clear]")
    page.fill("#township-form input[name=reviewed_on]", REVIEW_DAY.isoformat())
    page.fill("#township-form textarea[name=note]", "群众公认度高")
    page.click("#township-form button[type=submit]")
    page.wait_for_load_state()
    assert "尚缺审查结论:纪委监委、法院" in page.locator("#candidate-status").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    candidate = Candidate.objects.get()
    actions.record_county_result(depts["discipline"], candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    switch_user(page, "sysadmin")
    try_appointment(page)
    assert "尚缺法院的审查结论" in page.locator("#appoint-form").inner_text()
    assert not Post.objects.filter(user=account, role="village_director").exists()

    actions.record_county_result(depts["court"], candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    try_appointment(page)
    assert "已任命" in page.content()
    assert Post.objects.filter(user=account, role="village_director", region_id=A1).exists()

    switch_user(page, "township_a")
    page.goto(candidate_url)
    assert "已通过联审" in page.locator("#candidate-status").inner_text()
