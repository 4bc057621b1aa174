"""On a phone: a villager raises a topic with a photo, a cadre answers and moves it to 办 with
progress, the villager's household rates it and the average shows on the public page."""


import pytest
from PIL import Image

from conftest import browser_login
from xiangzhi.topics.models import Topic

from .topic_data import link_household, media_in_tmp  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def png(tmp_path):
    path = tmp_path / "水渠.png"
    Image.new("RGB", (40, 30), (30, 120, 200)).save(path, format="PNG")
    return str(path)


def logout(page):
    page.click("form.logout button")
    page.wait_for_load_state()


def test_raise_answer_implement_rate_on_a_phone(phone_page, personas, tmp_path):
    page = phone_page
    link_household(personas.villager_a1)
    browser_login(page, "villager_a1")
    page.goto("/topics/")
    page.click("#raise-topic")
    page.fill("#id_title", "三队水渠堵塞")
    page.fill("#id_body", "雨后水渠堵塞,农田积水。")
    page.check("#id_anonymous")
    page.set_input_files("#id_photos", png(tmp_path))
    page.click("#topic-raise button[type=submit]")
    page.wait_for_selector("#topic-state")
    topic = Topic.objects.get()
    assert topic.photos.count() == 1 and topic.anonymous
    assert page.locator("#photos img").count() == 1
    logout(page)

    browser_login(page, "cadre_a1")
    page.goto(f"/topics/{topic.pk}/")
    page.fill("#id_reply", "已安排清淤,本周完成。")
    page.click("#answer-form button[type=submit]")
    page.wait_for_selector(".reply")
    page.click("#step-implement summary")
    page.click("#step-implement button[type=submit]")
    page.wait_for_selector("#progress-form")
    page.fill("#id_milestone", "清淤完成一半")
    page.fill("#id_progress", "50")
    page.click("#progress-form button[type=submit]")
    page.wait_for_selector("#topic-progress")
    assert page.inner_text("#topic-progress") == "50%"
    page.click("#step-finish summary")
    page.click("#step-finish button[type=submit]")
    page.wait_for_selector("#topic-progress")
    assert page.inner_text("#topic-state") == "评·评价中"
    logout(page)

    browser_login(page, "villager_a1")
    page.goto(f"/topics/{topic.pk}/")
    page.check("#rate-form input[value='4']")
    page.click("#rate-form button[type=submit]")
    page.wait_for_selector("#my-rating")
    assert "4 分" in page.inner_text("#my-rating")
    page.goto("/v/450321100200/")
    row = page.locator("#portal-topics tr", has_text="三队水渠堵塞")
    assert "4.0 分(1 户评价)" in row.inner_text()
    assert "村民" in row.inner_text() and "villager_a1" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
