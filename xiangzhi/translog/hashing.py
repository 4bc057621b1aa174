"""The hash of the publication log (RFC 6962 §2.1): SHA-256 by default, SM3 available.

A log keeps one hash for its whole life; the name is stored with the log state and with
every signed tree head, so a verifier knows which hash to use.
"""

import hashlib

from cryptography.hazmat.primitives import hashes
from django.core.exceptions import ImproperlyConfigured

ALGORITHMS = ("sha256", "sm3")


def _sm3(data):
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize()


def _sha256(data):
    return hashlib.sha256(data).digest()


_FUNCTIONS = {"sha256": _sha256, "sm3": _sm3}


def check_algorithm(name):
    if name not in _FUNCTIONS:
        raise ImproperlyConfigured(f"TRANSLOG_HASH must be one of {', '.join(ALGORITHMS)}, got {name!r}")
    return name


class Hasher:
    """RFC 6962's three hashes over one hash function."""

    def __init__(self, algorithm):
        self.algorithm = check_algorithm(algorithm)
        self._hash = _FUNCTIONS[algorithm]

    def empty_root(self):
        return self._hash(b"")

    def leaf(self, data):
        return self._hash(b"\x00" + bytes(data))

    def node(self, left, right):
        return self._hash(b"\x01" + bytes(left) + bytes(right))
