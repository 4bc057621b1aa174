"""Documents and photos of a case: checked by content and size; served only when readable."""

import pytest

from xiangzhi.core.models import AuditEvent
from xiangzhi.pilots import actions, uploads
from xiangzhi.pilots.models import CaseFile

from .pilots_data import A1, city_official, draft, png_bytes, upload

pytestmark = pytest.mark.django_db


def test_upload_a_pdf_and_a_photo(personas, login):
    case = draft(personas.township_a, A1)
    client = login(personas.township_a)
    assert client.post(f"/pilots/cases/{case.pk}/files/",
                       {"kind": "document", "title": "经验材料", "file": upload()}).status_code == 302
    assert client.post(f"/pilots/cases/{case.pk}/files/", {
        "kind": "photo", "title": "议事现场", "file": upload("现场.png", png_bytes(), "image/png")}).status_code == 302
    files = {item.title: item for item in CaseFile.objects.all()}
    assert files["经验材料"].content_type == "application/pdf" and files["经验材料"].file.name.endswith(".pdf")
    assert files["议事现场"].content_type == "image/png"
    assert AuditEvent.objects.filter(action="pilot_case.add_file").count() == 2
    # A draft's files are read in scope only.
    assert client.get(f"/pilots/files/{files['经验材料'].pk}/").status_code == 200
    assert login(personas.township_b).get(f"/pilots/files/{files['经验材料'].pk}/").status_code == 404


@pytest.mark.parametrize("kind, name, content, message", [
    ("document", "材料.docx", b"PK\x03\x04 a word file", "“材料.docx”的格式不对:文件材料只接受 PDF、JPEG、PNG。"),
    ("photo", "照片.png", b"%PDF-1.4 not a photo", "“照片.png”不是照片:只接受 JPEG、PNG 格式。"),
    ("photo", "动图.gif", png_bytes("GIF"), "“动图.gif”不是照片:只接受 JPEG、PNG 格式。"),
    ("document", "空.pdf", b"", "“空.pdf”是空文件。"),
])
def test_bad_files_are_refused_and_nothing_is_stored(personas, login, kind, name, content, message):
    case = draft(personas.county)
    response = login(personas.county).post(f"/pilots/cases/{case.pk}/files/",
                                           {"kind": kind, "title": "材料", "file": upload(name, content)})
    assert response.status_code == 422 and message in response.content.decode()
    assert not CaseFile.objects.exists()


def test_too_large_and_missing_title(personas, login, monkeypatch):
    monkeypatch.setitem(uploads.MAX_BYTES, "document", 100)
    case = draft(personas.county)
    client = login(personas.county)
    response = client.post(f"/pilots/cases/{case.pk}/files/",
                           {"kind": "document", "title": "材料", "file": upload(content=b"%PDF-" + b"0" * 200)})
    assert response.status_code == 422 and "“经验材料.pdf”超过" in response.content.decode()
    response = client.post(f"/pilots/cases/{case.pk}/files/", {"kind": "document", "title": "", "file": upload()})
    assert response.status_code == 422 and "请填写材料标题。" in response.content.decode()
    assert not CaseFile.objects.exists()


def test_files_of_a_published_case_are_public_and_frozen(personas, client, login):
    city = city_official()
    case = draft(personas.county)
    item = actions.add_file(personas.county, case, kind="document", title="经验材料", upload=upload())
    assert client.get(f"/pilots/files/{item.pk}/").status_code == 404
    actions.submit_case(personas.county, case)
    actions.publish_case(city, case)
    client.logout()
    response = client.get(f"/pilots/files/{item.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    login(personas.county).post(f"/pilots/cases/{case.pk}/files/{item.pk}/remove/")
    assert CaseFile.objects.filter(pk=item.pk).exists()


def test_remove_a_file_from_a_draft(personas, login):
    case = draft(personas.county)
    item = actions.add_file(personas.county, case, kind="document", title="经验材料", upload=upload())
    assert login(personas.township_a).post(f"/pilots/cases/{case.pk}/files/{item.pk}/remove/").status_code == 404
    assert login(personas.county).post(f"/pilots/cases/{case.pk}/files/{item.pk}/remove/").status_code == 302
    assert not CaseFile.objects.exists()
    assert AuditEvent.objects.filter(action="pilot_case.remove_file").count() == 1
