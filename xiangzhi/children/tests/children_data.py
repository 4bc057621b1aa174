"""Helpers shared by the children tests: a household of A1 with a left-behind child and its
mother, the village's child-director account, the township civil-affairs officers."""

import datetime
from dataclasses import dataclass

from conftest import make_user
from xiangzhi.accounts.models import User
from xiangzhi.customs.tests.customs_data import A1, A1_TUN, A2, B1, B1_TUN, household, resident, villager

__all__ = ["A1", "A1_TUN", "A2", "B1", "B1_TUN", "World", "post", "put", "world"]


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def put(client, url, data):
    return client.put(url, data, content_type="application/json")


@dataclass
class World:
    mother: object
    child: object
    home: object
    director: object
    officer_a: object
    officer_b: object
    guardian: object
    neighbour: object


def world():
    home = household(A1_TUN)
    mother = resident(home, name="韦秀英", birth=datetime.date(1988, 5, 1), relation="head")
    child = resident(home, name="韦小花", birth=datetime.date(2015, 6, 1), relation="child")
    child.is_left_behind_child = True
    child.save(update_fields=["is_left_behind_child"])
    director = User.objects.create_user(username="director_a1", password="Xiangzhi-Test-2025", full_name="蓝主任")
    guardian = villager("mother_a1")
    guardian.resident = mother
    guardian.save(update_fields=["resident"])
    neighbour = villager("neighbour_a1")
    neighbour.resident = resident(household(A1_TUN), name="覃邻居", birth=datetime.date(1980, 1, 1))
    neighbour.save(update_fields=["resident"])
    return World(
        mother=mother, child=child, home=home, director=director,
        officer_a=make_user("civil_a", "township_official", "450321100", department="civil_affairs"),
        officer_b=make_user("civil_b", "township_official", "450321101", department="civil_affairs"),
        guardian=guardian, neighbour=neighbour,
    )


def appoint(client, username="director_a1", village=A1, appointed_on="2024-03-01", **extra):
    return post(client, "/api/v1/children/directors",
                {"village": village, "username": username, "appointed_on": appointed_on, **extra})
