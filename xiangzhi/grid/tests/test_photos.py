"""Event photos: real images only, 5 MB at most, stored under their digest, served in scope."""

import hashlib
import os

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from xiangzhi.grid.models import Event, EventPhoto
from xiangzhi.grid.photos import check_photo

from .event_data import categories, media_in_tmp, new_event, photo, png_bytes  # noqa: F401

pytestmark = pytest.mark.django_db


def stored_files(root):
    return [name for _dir, _subdirs, names in os.walk(root) for name in names]


@pytest.mark.parametrize("image_format, content_type", [("PNG", "image/png"), ("JPEG", "image/jpeg"),
                                                         ("WEBP", "image/webp")])
def test_real_images_are_accepted_whatever_their_name(image_format, content_type):
    upload = photo("IMG_0001.dat", content=png_bytes(image_format=image_format),
                   content_type="application/octet-stream")
    assert check_photo(upload)[0] == content_type


@pytest.mark.parametrize("content, message", [
    (b"%PDF-1.4 pretending to be a photo", "“现场.png”不是图片:只接受 JPEG、PNG、WebP 格式的照片。"),
    (png_bytes()[:40], "“现场.png”不是图片:只接受 JPEG、PNG、WebP 格式的照片。"),
    (png_bytes(image_format="GIF"), "“现场.png”不是图片:只接受 JPEG、PNG、WebP 格式的照片。"),
    (b"", "照片“现场.png”是空文件。"),
    (png_bytes() + b"\0" * (5 * 1024 * 1024), "照片“现场.png”超过 5 MB。"),
])
def test_bad_files_are_refused_with_a_message_naming_them(content, message):
    with pytest.raises(ValidationError) as caught:
        check_photo(photo(content=content))
    assert caught.value.message_dict == {"photos": [message]}


def test_a_refused_photo_stores_nothing(personas, categories, settings):
    with pytest.raises(ValidationError):
        new_event(personas.villager_a1, categories.garbage, photos=[photo("好.png"), photo("坏.png", content=b"x" * 10)])
    assert not Event.objects.exists() and not EventPhoto.objects.exists()
    assert stored_files(settings.MEDIA_ROOT) == []


def test_photos_are_stored_under_their_digest(personas, categories, settings):
    content = png_bytes(color=(1, 2, 3))
    event = new_event(personas.villager_a1, categories.garbage, photos=[photo("我家门口.png", content=content)])
    stored = EventPhoto.objects.get(event=event)
    digest = hashlib.sha256(content).hexdigest()
    assert (stored.sha256, stored.size, stored.uploaded_by) == (digest, len(content), personas.villager_a1)
    assert os.path.basename(stored.image.name) == f"{digest[:32]}.png"
    assert stored.image.read() == content


def test_photo_is_served_only_to_those_who_see_the_event(personas, categories, client):
    content = png_bytes(color=(9, 9, 9))
    event = new_event(personas.villager_a1, categories.garbage, photos=[photo(content=content)])
    stored = EventPhoto.objects.get()
    url = reverse("grid:event_photo", args=[event.pk, stored.pk])
    for user in (personas.villager_a1, personas.cadre_a1, personas.township_a):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content) == content
    for user in (personas.cadre_a2, personas.grid_worker_a1, personas.township_b):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(personas.cadre_a1)
    assert client.get(reverse("grid:event_photo", args=[event.pk, stored.pk + 1])).status_code == 404
    assert client.post(url).status_code == 405
    client.logout()
    assert client.get(url).status_code == 302
