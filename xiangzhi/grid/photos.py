"""Event photos: checked on upload (size, and really an image), stored on the server.

A file is accepted when Pillow recognises it as JPEG, PNG or WebP and its structure verifies;
the name and the browser's content type are not trusted.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xiangzhi.core.uploads import image_format, sha256_of

from .models import EventPhoto

MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTOS_PER_EVENT = 9
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def _name(upload):
    return getattr(upload, "name", "") or _("照片")


def check_photo(upload):
    """(content_type, extension, sha256) of a good photo; a Chinese ValidationError on
    `photos` otherwise."""
    name = _name(upload)
    if not upload.size:
        raise ValidationError({"photos": _("照片“%(name)s”是空文件。") % {"name": name}}, code="empty")
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError({"photos": _("照片“%(name)s”超过 5 MB。") % {"name": name}}, code="too_large")
    not_an_image = ValidationError(
        {"photos": _("“%(name)s”不是图片:只接受 JPEG、PNG、WebP 格式的照片。") % {"name": name}}, code="not_image"
    )
    found = image_format(upload)
    if found not in CONTENT_TYPES:
        raise not_an_image
    return CONTENT_TYPES[found], EXTENSIONS[found], sha256_of(upload)


def check_photos(uploads, *, already=0):
    """[(upload, content_type, extension, sha256)] for the uploads, all checked before any is stored."""
    uploads = [upload for upload in uploads if upload]
    if already + len(uploads) > MAX_PHOTOS_PER_EVENT:
        raise ValidationError(
            {"photos": _("每个事件最多 %(count)d 张照片。") % {"count": MAX_PHOTOS_PER_EVENT}}, code="too_many"
        )
    return [(upload, *check_photo(upload)) for upload in uploads]


def store_photos(event, checked, uploaded_by):
    """Save checked photos of an event (inside the caller's transaction)."""
    photos = []
    for upload, content_type, extension, digest in checked:
        photo = EventPhoto(
            event=event, content_type=content_type, size=upload.size, sha256=digest, uploaded_by=uploaded_by
        )
        # The stored name is the digest, not the uploader's file name.
        photo.image.save(f"{digest[:32]}.{extension}", upload, save=False)
        photo.save()
        photos.append(photo)
    return photos
