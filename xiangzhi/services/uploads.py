"""Application materials: PDF, JPEG or PNG, up to 10 MB each, recognised by their first bytes
(the file's name and the browser's content type are not trusted)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from xiangzhi.core.uploads import sha256_of

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 20
SIGNATURES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def check_file(upload, field, label):
    """(content_type, extension, sha256) of an acceptable file, or a Chinese ValidationError on
    `field` naming the material and the file."""
    name = getattr(upload, "name", "") or _("文件")
    if not upload.size:
        raise ValidationError({field: _("“%(label)s”的文件“%(name)s”是空文件。") % {"label": label, "name": name}})
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError({field: _("“%(label)s”的文件“%(name)s”超过 10 MB。") % {"label": label, "name": name}})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            break
    else:
        raise ValidationError({field: _("“%(label)s”的文件“%(name)s”格式不支持:只接受 PDF、JPG、PNG。")
                               % {"label": label, "name": name}})
    return content_type, extension, sha256_of(upload)


def check_materials(item_materials, uploads, *, only=None):
    """Check the uploads {material id: file} against the item's materials: every required one (or,
    with `only`, every listed one) present, each file acceptable. All errors at once, keyed
    `material_<id>`. Returns [(material, upload, content_type, extension, sha256)]."""
    errors = {}
    checked = []
    for material in item_materials:
        upload = uploads.get(material.pk)
        field = f"material_{material.pk}"
        needed = material.pk in only if only is not None else material.required
        if only is not None and material.pk not in only:
            continue
        if not upload:
            if needed:
                errors[field] = _("请上传“%(name)s”。") % {"name": material.name}
            continue
        try:
            checked.append((material, upload, *check_file(upload, field, material.name)))
        except ValidationError as error:
            errors.update(error.message_dict)
    if len(checked) > MAX_FILES:
        errors["materials"] = _("材料最多 %(count)d 个文件。") % {"count": MAX_FILES}
    if errors:
        raise ValidationError(errors)
    return checked


def uploads_from(files):
    """{material id: upload} from a request's files named material_<id>."""
    found = {}
    for key in files:
        if key.startswith("material_") and key[9:].isdigit():
            found[int(key[9:])] = files[key]
    return found
