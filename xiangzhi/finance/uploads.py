"""Checking a single uploaded document (a filing's resolution) before it is stored."""

import os

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xiangzhi.core.uploads import sha256_of

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".ofd", ".wps"}


def checked_document(upload, field, label):
    """The upload's SHA-256, or a Chinese ValidationError on `field`."""
    if not upload:
        raise ValidationError({field: _("请上传%(label)s。") % {"label": label}})
    extension = os.path.splitext(upload.name)[1].lower()
    if extension not in DOCUMENT_EXTENSIONS:
        raise ValidationError({field: _("%(label)s须为 PDF、图片、Word、Excel 或 OFD 文件,“%(name)s”不是。")
                                      % {"label": label, "name": upload.name}})
    if not upload.size:
        raise ValidationError({field: _("%(label)s“%(name)s”是空文件。") % {"label": label, "name": upload.name}})
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({field: _("%(label)s“%(name)s”超过 20 MB。") % {"label": label, "name": upload.name}})
    return sha256_of(upload)
