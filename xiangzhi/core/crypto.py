"""Personal data at rest: SM4-GCM encryption and HMAC-SM3 blind indexes.

The master key (64 hex digits) comes from XIANGZHI_FIELD_KEY or var/field.key. Two
sub-keys are derived from it with HMAC-SM3, one to encrypt and one to index, so that an
index value reveals nothing usable for decryption.
"""

import hmac as std_hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

VERSION = b"\x01"
NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionError(Exception):
    pass


def hmac_sm3(key, data):
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()


@lru_cache(maxsize=4)
def _keys(master_hex):
    try:
        master = bytes.fromhex(master_hex)
    except ValueError as error:
        raise ImproperlyConfigured("XIANGZHI_FIELD_KEY must be 64 hexadecimal digits") from error
    if len(master) != 32:
        raise ImproperlyConfigured("XIANGZHI_FIELD_KEY must be 64 hexadecimal digits")
    return hmac_sm3(master, b"xiangzhi sm4-gcm field key")[:16], hmac_sm3(master, b"xiangzhi blind index key")


def keys():
    if not settings.FIELD_KEY:
        raise ImproperlyConfigured(
            "Set XIANGZHI_FIELD_KEY (64 hex digits) or run `make run`, which writes var/field.key."
        )
    return _keys(settings.FIELD_KEY)


def encrypt(plaintext, context):
    """SM4-GCM; `context` (e.g. the field's label) is bound as associated data."""
    enc_key, _ = keys()
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(enc_key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(context.encode())
    body = encryptor.update(plaintext.encode()) + encryptor.finalize()
    return VERSION + nonce + body + encryptor.tag


def decrypt(blob, context):
    enc_key, _ = keys()
    blob = bytes(blob)
    if not blob.startswith(VERSION) or len(blob) < 1 + NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("not a Xiangzhi ciphertext")
    nonce = blob[1 : 1 + NONCE_BYTES]
    body, tag = blob[1 + NONCE_BYTES : -TAG_BYTES], blob[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(enc_key), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(context.encode())
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode()
    except InvalidTag as error:
        raise DecryptionError("ciphertext was altered or the key is wrong") from error


def blind_index(value, context):
    """A keyed hash for equality lookups: same value and context, same index."""
    _, index_key = keys()
    return hmac_sm3(index_key, context.encode() + b"\x00" + value.encode()).hex()


def constant_time_equal(a, b):
    return std_hmac.compare_digest(a, b)
