"""Helpers shared by the talent tests."""

from xiangzhi.customs.tests.customs_data import A1, A1_TUN, A2, B1, B1_TUN, household, resident

__all__ = ["A1", "A1_TUN", "A2", "B1", "B1_TUN", "household", "person", "post", "resident"]


def person(region=A1_TUN, name="韦后备"):
    return resident(household(region), name=name)


def post(client, url, data):
    return client.post(url, data, content_type="application/json")
