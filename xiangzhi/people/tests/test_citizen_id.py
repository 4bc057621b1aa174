import datetime

import pytest
from django.core.exceptions import ValidationError

from xiangzhi.people import citizen_id, phones

TODAY = datetime.date(2025, 6, 1)


def test_a_valid_number_gives_birth_date_and_gender():
    number = citizen_id.make("450321", datetime.date(1990, 3, 7), 12, "female")
    parsed = citizen_id.parse(number, today=TODAY)
    assert parsed.number == number
    assert parsed.birth_date == datetime.date(1990, 3, 7)
    assert parsed.gender == "female"
    assert citizen_id.parse(citizen_id.make("450321", datetime.date(1990, 3, 7), 12, "male")).gender == "male"


def test_a_wrong_check_digit_is_refused_with_a_message_naming_the_field():
    number = citizen_id.make("450321", datetime.date(1990, 3, 7), 12, "male")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(ValidationError) as caught:
        citizen_id.parse(wrong, today=TODAY)
    assert caught.value.code == "checksum"
    assert "公民身份号码" in caught.value.messages[0] and "校验位" in caught.value.messages[0]


def test_the_x_check_character_is_accepted_in_either_case():
    # 11010519491231002X is the standard's published example.
    assert citizen_id.parse("11010519491231002X", today=TODAY).number == "11010519491231002X"
    assert citizen_id.parse("11010519491231002x", today=TODAY).number == "11010519491231002X"
    assert citizen_id.parse("11010519491231002X", today=TODAY).gender == "female"


@pytest.mark.parametrize("birth", ["19990230", "19991301", "20230229"])
def test_an_impossible_birth_date_is_refused(birth):
    first17 = "450321" + birth + "123"
    number = first17 + citizen_id.check_character(first17)
    with pytest.raises(ValidationError) as caught:
        citizen_id.parse(number, today=TODAY)
    assert caught.value.code == "birth_date"
    assert "出生日期" in caught.value.messages[0]


def test_a_future_or_too_early_birth_date_is_refused():
    for birth in ("20300101", "18991231"):
        first17 = "450321" + birth + "123"
        with pytest.raises(ValidationError, match="出生日期"):
            citizen_id.parse(first17 + citizen_id.check_character(first17), today=TODAY)


def test_an_old_15_digit_number_is_converted_to_18_digits():
    parsed = citizen_id.parse("450321800517011", today=TODAY)
    assert parsed.number == "45032119800517011" + citizen_id.check_character("45032119800517011")
    assert len(parsed.number) == 18
    assert parsed.birth_date == datetime.date(1980, 5, 17)
    assert parsed.gender == "male"
    with pytest.raises(ValidationError, match="出生日期"):
        citizen_id.parse("450321990230011", today=TODAY)


@pytest.mark.parametrize("raw", ["", "12345", "45032119800517011A", "4503211980051701123"])
def test_malformed_numbers_are_refused(raw):
    with pytest.raises(ValidationError, match="公民身份号码"):
        citizen_id.parse(raw, today=TODAY)


def test_masking_keeps_the_address_code_and_last_four():
    assert citizen_id.mask("450321198005170112") == "450321********0112"
    assert citizen_id.mask("") == ""


def test_phone_numbers_are_checked_and_masked():
    assert phones.parse(" 138 1234 5678 ") == "13812345678"
    assert phones.parse("+8613812345678") == "13812345678"
    assert phones.parse("0773-1234567") == "0773-1234567"
    assert phones.parse("") == ""
    for bad in ("12812345678", "1381234567", "773-1234567", "abc"):
        with pytest.raises(ValidationError, match="联系电话"):
            phones.parse(bad)
    assert phones.mask("13812345678") == "138****5678"
    assert phones.mask("0773-1234567") == "0773-***4567"
