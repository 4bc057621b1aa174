"""Helpers shared by the legal tests."""

import io

from PIL import Image

from conftest import make_user

A1, A2, B1 = "450321100200", "450321100202", "450321101200"


def advisor_user(username="lawyer_a1", village=A1):
    return make_user(username, "legal_advisor", village)


def png(name="site.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    buffer.name = name
    buffer.seek(0)
    return buffer
