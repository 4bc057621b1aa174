"""The post check: while the county has a round in force, accounts.actions.add_post refuses a 两委
post to anyone whose candidacy has not passed both levels, naming what is missing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from conftest import make_user
from xiangzhi.accounts import actions as account_actions
from xiangzhi.accounts.models import Post
from xiangzhi.regions.models import Region
from xiangzhi.vetting import actions

from .vetting_data import A1, A2, REVIEW_DAY, all_clear, clear_all_departments, departments, finding, open_round, \
    register, resident


@pytest.fixture
def setup(personas):
    depts = departments()
    sysadmin = make_user("sysadmin", "sysadmin", "450321")
    person = resident(name="黄志明")
    account = make_user("huangzm", "villager", A1)
    account.resident = person
    account.save(update_fields=["resident"])
    return depts, sysadmin, person, account


def appoint(sysadmin, account, role="village_director", village=A1, starts_on=None):
    return account_actions.add_post(sysadmin, account, role, Region.objects.get(pk=village),
                                    starts_on=starts_on or datetime.date.today())


def director_posts(account):
    return Post.objects.filter(user=account, role="village_director")


def test_a_county_without_a_round_is_not_affected(setup):
    _depts, sysadmin, _person, account = setup
    appoint(sysadmin, account)
    assert director_posts(account).count() == 1


def test_appointment_refused_until_both_levels_pass(personas, setup):
    depts, sysadmin, person, account = setup
    vetting_round = open_round(depts["organisation"])
    with pytest.raises(ValidationError) as caught:
        appoint(sysadmin, account)
    assert "黄志明不是本县联审(2024年村“两委”换届联审)中该村的人选" in caught.value.message_dict["role"][0]

    candidate = register(personas.township_a, vetting_round, person)
    with pytest.raises(ValidationError) as caught:
        appoint(sysadmin, account)
    message = caught.value.message_dict["role"][0]
    assert "尚缺乡镇审查、纪委监委、组织部、政法委、信访、法院、检察院、公安、司法的审查结论" in message

    actions.record_township_review(personas.township_a, candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    clear_all_departments(depts, candidate, skip=("court",))
    with pytest.raises(ValidationError) as caught:
        appoint(sysadmin, account)
    assert "尚缺法院的审查结论" in caught.value.message_dict["role"][0]
    assert not director_posts(account).exists()

    actions.record_county_result(depts["court"], candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    post = appoint(sysadmin, account)
    assert post.role == "village_director" and post.region_id == A1


def test_passing_in_one_village_is_not_a_pass_in_another(personas, setup):
    depts, sysadmin, person, account = setup
    vetting_round = open_round(depts["organisation"])
    candidate = register(personas.township_a, vetting_round, person)
    actions.record_township_review(personas.township_a, candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    clear_all_departments(depts, candidate)
    with pytest.raises(ValidationError):
        appoint(sysadmin, account, village=A2)
    # the vetting is of the person, not of one post: any 两委 post of the village is allowed
    assert appoint(sysadmin, account, role="village_cadre").role == "village_cadre"


def test_a_disqualified_candidate_is_refused_with_the_reviewer_named(personas, setup):
    depts, sysadmin, person, account = setup
    vetting_round = open_round(depts["organisation"])
    candidate = register(personas.township_a, vetting_round, person)
    actions.record_township_review(personas.township_a, candidate, outcomes=all_clear(), reviewed_on=REVIEW_DAY)
    clear_all_departments(depts, candidate, skip=("discipline",))
    actions.record_county_result(depts["discipline"], candidate, outcomes=finding("discipline"),
                                 reviewed_on=REVIEW_DAY)
    with pytest.raises(ValidationError) as caught:
        appoint(sysadmin, account)
    assert "纪委监委认定存在“十不选”情形" in caught.value.message_dict["role"][0]
    assert not director_posts(account).exists()


def test_non_two_committee_posts_and_closed_rounds_pass(personas, setup):
    depts, sysadmin, _person, account = setup
    open_round(depts["organisation"], closes_on=datetime.date(2024, 6, 30))
    # the round has ended: posts given after it are not held back
    appoint(sysadmin, account)
    open_round(depts["organisation"])
    assert appoint(sysadmin, account, role="village_supervisor").role == "village_supervisor"
    assert appoint(sysadmin, account, role="mediator").role == "mediator"


def test_an_account_without_a_registry_resident_is_refused(personas, setup):
    depts, sysadmin, _person, _account = setup
    open_round(depts["organisation"])
    stranger = make_user("stranger", "villager", A1)
    with pytest.raises(ValidationError) as caught:
        appoint(sysadmin, stranger)
    assert "未关联村民登记信息" in caught.value.message_dict["role"][0]
