"""统一社会信用代码 (GB 32100-2015) check character."""

import pytest

from xiangzhi.socialorgs import credit_code


@pytest.mark.parametrize("code", [
    "91350100M000100Y43",  # the standard's own example
    "91110000600037341L",
    "51450321MJ0000001T",
    "51450321MJ00000220",  # Σ mod 31 = 0: check 31 becomes 0
])
def test_valid_codes_pass(code):
    assert credit_code.validate(code) is None


def test_check_character_is_computed_from_the_weights():
    # 31 − (Σ mod 31), and 31 becomes 0.
    assert credit_code.check_character("91350100M000100Y4") == "3"
    assert credit_code.check_character("51450321MJ0000001") == "T"
    assert credit_code.check_character("51450321MJ0000022") == "0"


def test_lower_case_and_spaces_are_read_as_the_stored_code():
    assert credit_code.normalise(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert credit_code.validate("91350100m000100y43") is None
    assert credit_code.validate("9135 0100 M000 100Y 43") is None


def test_wrong_check_character_names_the_right_one():
    assert credit_code.validate("91350100M000100Y44") == "统一社会信用代码校验位不正确(第 18 位应为 3)。"


@pytest.mark.parametrize("code, length", [("91350100M000100Y4", 17), ("91350100M000100Y433", 19)])
def test_wrong_length_is_refused(code, length):
    assert credit_code.validate(code) == f"统一社会信用代码应为 18 位，现为 {length} 位。"


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_letters_left_out_of_the_standard_are_refused(letter):
    message = credit_code.validate(f"91350100M000100{letter}43")
    assert f"“{letter}”" in message and "不使用字母" in message


def test_punctuation_is_refused_and_empty_asks_for_a_code():
    assert "“-”" in credit_code.validate("91350100-M000100Y4")
    assert credit_code.validate("") == "请填写统一社会信用代码。"
