import pytest

from conftest import browser_login
from xiangzhi.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_official_changes_the_password_on_a_phone(personas, phone_page):
    page = phone_page
    browser_login(page, "township_a")
    page.goto("/accounts/security/")
    assert page.locator("h1").inner_text() == "账号安全"
    assert page.get_by_role("button", name="开启两步验证").is_visible()

    form = page.locator("#password form")
    form.locator("input[name=old_password]").fill("Xiangzhi-Test-2025")
    form.locator("input[name=new_password1]").fill("short")
    form.locator("input[name=new_password2]").fill("short")
    form.get_by_role("button", name="修改密码").click()
    page.wait_for_load_state()
    assert "密码须包含小写字母、大写字母、数字和符号中的至少三类。" in page.locator("#password").inner_text()

    form = page.locator("#password form")
    form.locator("input[name=old_password]").fill("Xiangzhi-Test-2025")
    form.locator("input[name=new_password1]").fill("Lijiang-Qingshan-26")
    form.locator("input[name=new_password2]").fill("Lijiang-Qingshan-26")
    form.get_by_role("button", name="修改密码").click()
    page.wait_for_load_state()
    assert "密码已修改。" in page.locator(".messages").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert User.objects.get(username="township_a").check_password("Lijiang-Qingshan-26")

    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state()
    browser_login(page, "township_a", "Lijiang-Qingshan-26")
    assert page.locator("h1").inner_text() == "阳朔镇"
