"""Checking a case's uploaded file before it is stored: a document is a PDF, a JPEG or a PNG; a
photo is a JPEG or a PNG. The content decides (PDF header, Pillow for images), not the name or
the browser's content type."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xiangzhi.core.uploads import image_format, is_pdf, sha256_of

from .models import FileKind

MAX_BYTES = {FileKind.DOCUMENT: 20 * 1024 * 1024, FileKind.PHOTO: 5 * 1024 * 1024}
IMAGE_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
PDF = ("application/pdf", "pdf")


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
    found = IMAGE_TYPES.get(image_format(upload))
    if kind == FileKind.DOCUMENT and found is None and is_pdf(upload):
        found = PDF
    if found is None:
        if kind == FileKind.PHOTO:
            message = _("“%(name)s”不是照片:只接受 JPEG、PNG 格式。")
        else:
            message = _("“%(name)s”的格式不对:文件材料只接受 PDF、JPEG、PNG。")
        raise ValidationError({"file": message % {"name": name}})
    return found[0], found[1], sha256_of(upload)
