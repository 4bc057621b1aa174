"""Meeting photos: each checked like a grid event's (xiangzhi.grid.photos.check_photo), all before
any is stored, and saved under their digest."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xiangzhi.grid.photos import check_photo

from .models import MeetingPhoto

MAX_PHOTOS_PER_MEETING = 9


def check_photos(uploads, *, already=0):
    uploads = [upload for upload in uploads if upload]
    if already + len(uploads) > MAX_PHOTOS_PER_MEETING:
        raise ValidationError(
            {"photos": _("每次会议最多 %(count)d 张照片。") % {"count": MAX_PHOTOS_PER_MEETING}}, code="too_many"
        )
    return [(upload, *check_photo(upload)) for upload in uploads]


def store_photos(meeting, checked, uploaded_by):
    photos = []
    for upload, content_type, extension, digest in checked:
        photo = MeetingPhoto(
            meeting=meeting, content_type=content_type, size=upload.size, sha256=digest, uploaded_by=uploaded_by,
        )
        photo.image.save(f"{digest[:32]}.{extension}", upload, save=False)
        photo.save()
        photos.append(photo)
    return photos
