import pytest
from django.db import connection

from xiangzhi.core import crypto
from xiangzhi.people import actions
from xiangzhi.people.models import Resident

from .registry_data import member, new_id  # noqa: F401


def test_encryption_round_trips_and_is_randomised():
    first = crypto.encrypt("450321198005170112", "people.resident.id_number")
    second = crypto.encrypt("450321198005170112", "people.resident.id_number")
    assert first != second
    assert b"450321198005170112" not in first
    assert crypto.decrypt(first, "people.resident.id_number") == "450321198005170112"


def test_a_tampered_ciphertext_or_another_context_does_not_decrypt():
    blob = bytearray(crypto.encrypt("13812345678", "people.resident.phone"))
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(bytes(blob), "people.resident.id_number")
    blob[20] ^= 0x01
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(bytes(blob), "people.resident.phone")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(b"not a ciphertext at all, no", "people.resident.phone")


def test_the_blind_index_is_stable_and_depends_on_value_and_context():
    index = crypto.blind_index("450321198005170112", "citizen_id")
    assert index == crypto.blind_index("450321198005170112", "citizen_id")
    assert index != crypto.blind_index("450321198005170113", "citizen_id")
    assert index != crypto.blind_index("450321198005170112", "phone")
    assert len(index) == 64 and "450321198005170112" not in index


def all_text_in_table(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names are ours
        rows = cursor.fetchall()
    texts = []
    for row in rows:
        for value in row:
            if isinstance(value, (bytes, bytearray, memoryview)):
                raw = bytes(value)
                texts.append(raw.decode("latin-1"))
            elif value is not None:
                texts.append(str(value))
    return rows, "\n".join(texts)


@pytest.mark.django_db
def test_no_citizen_id_or_phone_is_stored_in_clear_anywhere(personas):
    number = new_id(42, "female")
    household = actions.register_household(
        personas.cadre_a1, region="450321100200001", number="P-1",
        members=[member("周八", "head", 41, phone="13987654321"),
                 {"name": "吴九", "relation": "spouse", "id_number": number, "phone": "0773-5556677"}],
    )
    resident = household.residents.get(name="吴九")
    actions.update_resident(personas.cadre_a1, resident, phone="13700001111")
    actions.reveal_id_number(personas.secretary_a1, resident)
    # The application reads them back.
    assert Resident.objects.get(pk=resident.pk).id_number == number

    secrets = [number, number[:17], "13987654321", "13700001111", "0773-5556677", "07735556677", "5556677"]
    for table in (Resident._meta.db_table, "core_auditevent", "people_household"):
        rows, text = all_text_in_table(table)
        assert rows, table
        for secret in secrets:
            assert secret not in text, f"{secret} found in {table}"
    # Only the masked forms appear in the audit trail.
    _rows, audit_text = all_text_in_table("core_auditevent")
    assert number[:6] + "********" + number[-4:] in audit_text
