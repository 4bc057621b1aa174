"""Signed tree heads: Ed25519 over a canonical serialization of the head.

The signed bytes are the UTF-8 JSON of
{"hash_algorithm": "sha256"|"sm3", "root_hash": <hex>, "timestamp": <ms since 1970 UTC>,
 "tree_size": <n>} with sorted keys and no spaces (docs/transparency-log.md). The key id is
the first 16 hex digits of SHA-256 of the 32 raw public key bytes.
"""

import base64
import hashlib
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def head_bytes(tree_size, root_hash_hex, timestamp_ms, hash_algorithm):
    head = {
        "hash_algorithm": hash_algorithm,
        "root_hash": root_hash_hex,
        "timestamp": int(timestamp_ms),
        "tree_size": int(tree_size),
    }
    return json.dumps(head, sort_keys=True, separators=(",", ":")).encode("ascii")


def private_key():
    seed = settings.TRANSLOG_SIGNING_KEY
    if not seed:
        raise ImproperlyConfigured(
            "The publication log cannot sign its tree heads: set XIANGZHI_LOG_SIGNING_KEY "
            "(TRANSLOG_SIGNING_KEY, the Ed25519 private seed as 64 hex digits), or run `make run`, "
            "which writes var/log_signing.key."
        )
    try:
        raw = bytes.fromhex(seed.strip())
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise ImproperlyConfigured("TRANSLOG_SIGNING_KEY must be 64 hex digits (a 32-byte Ed25519 seed).")
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_key():
    return private_key().public_key()


def public_key_raw(key=None):
    key = key or public_key()
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_pem(key=None):
    key = key or public_key()
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def key_id(raw_public_key):
    return hashlib.sha256(raw_public_key).hexdigest()[:16]


def sign(message):
    """(signature as base64, key id)."""
    key = private_key()
    signature = key.sign(message)
    return base64.b64encode(signature).decode("ascii"), key_id(public_key_raw(key.public_key()))


def verify(message, signature_b64, raw_public_key):
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        Ed25519PublicKey.from_public_bytes(raw_public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True
