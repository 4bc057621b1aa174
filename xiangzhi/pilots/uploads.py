"""Checking a case's uploaded file before it is stored: a document is a PDF, a JPEG or a PNG; a
photo is a JPEG or a PNG. The content decides (PDF header, Pillow for images), not the name or
the browser's content type."""

import hashlib
import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

from .models import FileKind

MAX_BYTES = {FileKind.DOCUMENT: 20 * 1024 * 1024, FileKind.PHOTO: 5 * 1024 * 1024}
IMAGE_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
PDF = ("application/pdf", "pdf")


def _image_type(upload):
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                image.verify()
    except Exception:  # Pillow raises many kinds of errors for a file that is not an image
        return None
    finally:
        upload.seek(0)
    return IMAGE_TYPES.get(image_format)


def _is_pdf(upload):
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    return head == b"%PDF-"


def check_file(upload, kind):
    """(content_type, extension, sha256) of an acceptable file; a Chinese ValidationError on
    `file` otherwise."""
    if not upload:
        raise ValidationError({"file": _("请选择要上传的文件。")})
    name = getattr(upload, "name", "") or _("文件")
    if not upload.size:
        raise ValidationError({"file": _("“%(name)s”是空文件。") % {"name": name}})
    limit = MAX_BYTES[kind]
    if upload.size > limit:
        raise ValidationError({"file": _("“%(name)s”超过 %(mb)d MB。") % {"name": name, "mb": limit // (1024 * 1024)}})
    found = _image_type(upload)
    if kind == FileKind.DOCUMENT and found is None and _is_pdf(upload):
        found = PDF
    if found is None:
        if kind == FileKind.PHOTO:
            message = _("“%(name)s”不是照片:只接受 JPEG、PNG 格式。")
        else:
            message = _("“%(name)s”的格式不对:文件材料只接受 PDF、JPEG、PNG。")
        raise ValidationError({"file": message % {"name": name}})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return found[0], found[1], digest.hexdigest()
