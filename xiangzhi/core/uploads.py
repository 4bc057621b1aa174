"""What every upload check needs: the file's SHA-256 (the name it is stored under and the proof of
what was filed) and what the content really is — the name and the browser's content type are never
trusted."""

import hashlib
import warnings

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from PIL import Image


def sha256_of(upload):
    """Hex SHA-256 of an uploaded file, read in chunks; the file is rewound for the next reader."""
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def image_format(upload):
    """Pillow's name of the image format ("JPEG", "PNG", "WEBP" …) when the file is an image whose
    structure verifies (and is not a decompression bomb); None otherwise."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                found = image.format
                image.verify()
    except Exception:  # Pillow raises many kinds of errors for a file that is not an image
        return None
    finally:
        upload.seek(0)
    return found


def is_pdf(upload):
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    return head == b"%PDF-"


def stored_file_response(stored, content_type):
    """A stored file (a FieldFile) sent to a reader the caller has already checked, cached
    privately; 404 when the file is gone from storage."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404(_("未找到该记录。")) from None
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
