"""Signed tree heads: Ed25519 over the documented serialization, with the published key."""

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from xiangzhi.translog import queries, signing

pytestmark = pytest.mark.django_db


def signed_message(head):
    return signing.head_bytes(head.tree_size, head.root_hash, head.timestamp, head.hash_algorithm)


def test_head_signature_verifies_with_the_published_key_and_fails_on_any_changed_byte(client, publish):
    publish(3)
    head = queries.latest_head()
    raw_key = bytes.fromhex(client.get("/api/v1/log/key").json()["public_key_hex"])
    message = signed_message(head)

    assert message == (
        b'{"hash_algorithm":"sha256","root_hash":"' + head.root_hash.encode()
        + b'","timestamp":' + str(head.timestamp).encode() + b',"tree_size":3}'
    )
    assert signing.verify(message, head.signature, raw_key)
    for position in range(len(message)):
        changed = bytearray(message)
        changed[position] ^= 0x01
        assert not signing.verify(bytes(changed), head.signature, raw_key)
    signature = bytearray(base64.b64decode(head.signature))
    signature[10] ^= 0x80
    assert not signing.verify(message, base64.b64encode(bytes(signature)).decode(), raw_key)


def test_another_key_does_not_verify(publish):
    publish(1)
    head = queries.latest_head()
    other = signing.public_key_raw(Ed25519PrivateKey.generate().public_key())
    assert not signing.verify(signed_message(head), head.signature, other)


def test_key_id_names_the_public_key(client, settings):
    key = client.get("/api/v1/log/key").json()
    assert key["algorithm"] == "Ed25519"
    assert key["key_id"] == signing.key_id(bytes.fromhex(key["public_key_hex"]))
    assert key["public_key_pem"].startswith("-----BEGIN PUBLIC KEY-----")
    settings.TRANSLOG_SIGNING_KEY = "ab" * 32
    assert client.get("/api/v1/log/key").json()["key_id"] != key["key_id"]


def test_a_malformed_signing_key_is_refused(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.TRANSLOG_SIGNING_KEY = "not-hex"
    with pytest.raises(ImproperlyConfigured, match="64 hex digits"):
        signing.sign(b"x")
