"""A small registry across the persona tree, registered through the actions themselves.

Import the fixture into a test module: `from .registry_data import registry`.
"""

import datetime
from dataclasses import dataclass

import pytest

from xiangzhi.people import actions, citizen_id

A1_TUN = "450321100200001"
A1_TUN_2 = "450321100200002"
A1_GRID = "450321100200W01"
A2_TUN = "450321100202001"
B1_TUN = "450321101200001"


def new_id(sequence, gender="male", born=datetime.date(1980, 5, 17)):
    """A valid, distinct number per sequence (make() holds 100 per birth date and gender)."""
    return citizen_id.make("450321", born + datetime.timedelta(days=sequence // 100), sequence % 100, gender)


def member(name, relation, sequence, gender="male", **extra):
    return {"name": name, "relation": relation, "id_number": new_id(sequence, gender), **extra}


@dataclass
class Registry:
    a1_grid: object  # 矮山屯, served by grid W01: 张三 (户主) and 李四 (配偶)
    a1_other: object  # 岩口屯, no grid: 王五
    a2: object  # 骥马屯: 赵六
    b1: object  # 白沙屯: 孙七

    def resident(self, household, name):
        return household.residents.get(name=name)


@pytest.fixture
def registry(personas):
    cadre_a1, cadre_a2, cadre_b1 = personas.cadre_a1, personas.cadre_a2, personas.cadre_b1
    return Registry(
        a1_grid=actions.register_household(
            cadre_a1, region=A1_TUN, grid=A1_GRID, number="A1-001", address="矮山屯 1 号",
            members=[
                member("张三", "head", 1, phone="13812345678", is_party_member=True),
                member("李四", "spouse", 2, "female", phone="0773-8812345"),
            ],
        ),
        a1_other=actions.register_household(
            cadre_a1, region=A1_TUN_2, number="A1-002", members=[member("王五", "head", 3, is_low_income=True)],
        ),
        a2=actions.register_household(cadre_a2, region=A2_TUN, number="A2-001", members=[member("赵六", "head", 4)]),
        b1=actions.register_household(cadre_b1, region=B1_TUN, number="B1-001", members=[member("孙七", "head", 5)]),
    )
