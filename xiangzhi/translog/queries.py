"""Reads of the publication log: heads, entries and proofs, each from a few stored subtrees."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from . import merkle, signing
from .hashing import Hasher
from .models import LogEntry, LogState, SignedTreeHead, TreeNode


def log_size():
    state = LogState.objects.filter(pk=1).first()
    return state.size if state else 0


def log_hasher():
    from django.conf import settings

    state = LogState.objects.filter(pk=1).first()
    return Hasher(state.hash_algorithm if state and state.size else settings.TRANSLOG_HASH)


def latest_head():
    """The newest signed head; for an empty log, a freshly signed head of size 0."""
    head = SignedTreeHead.objects.order_by("-tree_size").first()
    if head is not None:
        return head
    from .log import sign_head

    hasher = log_hasher()
    return sign_head(0, hasher.empty_root(), hasher.algorithm)


def get_entry(index):
    entry = LogEntry.objects.filter(index=index).first()
    if entry is None:
        raise Http404(_("公开日志中没有第 %(index)s 条。") % {"index": index})
    return entry


def _with_nodes(computation):
    """Run an RFC 6962 computation, reading its stored subtrees in one query."""
    pairs = merkle.needed_nodes(computation)
    keys = [TreeNode.key_for(level, position) for level, position in pairs]
    nodes = {(n.level, n.position): bytes(n.hash) for n in TreeNode.objects.in_bulk(keys).values()}
    return computation(lambda level, position: nodes[(level, position)])


def root_at(size):
    hasher = log_hasher()
    return _with_nodes(lambda node: merkle.root(hasher, node, size))


def inclusion_proof(index, tree_size):
    size = log_size()
    if tree_size > size:
        raise ValidationError({"tree_size": _("树的大小 %(n)s 超过了日志当前的条目数 %(size)s。") % {"n": tree_size, "size": size}})
    if not 0 <= index < tree_size:
        raise ValidationError({"index": _("序号 %(index)s 不在大小为 %(n)s 的树内(应小于树的大小)。") % {"index": index, "n": tree_size}})
    hasher = log_hasher()
    return _with_nodes(lambda node: merkle.inclusion_path(hasher, node, index, tree_size))


def consistency_proof(first, second):
    size = log_size()
    if first < 1:
        raise ValidationError({"first": _("first 应至少为 1。")})
    if second < first:
        raise ValidationError({"second": _("second(%(n)s)不能小于 first(%(m)s)。") % {"n": second, "m": first}})
    if second > size:
        raise ValidationError({"second": _("树的大小 %(n)s 超过了日志当前的条目数 %(size)s。") % {"n": second, "size": size}})
    hasher = log_hasher()
    return _with_nodes(lambda node: merkle.consistency_proof(hasher, node, first, second))


def head_is_signed_correctly(head):
    message = signing.head_bytes(head.tree_size, head.root_hash, head.timestamp, head.hash_algorithm)
    return signing.verify(message, head.signature, signing.public_key_raw())


def head_json(head):
    return {
        "tree_size": head.tree_size,
        "root_hash": head.root_hash,
        "timestamp": head.timestamp,
        "hash_algorithm": head.hash_algorithm,
        "signature": head.signature,
        "key_id": head.key_id,
        "signed_bytes": signing.head_bytes(head.tree_size, head.root_hash, head.timestamp, head.hash_algorithm).decode(),
    }


def key_json():
    raw = signing.public_key_raw()
    return {
        "algorithm": "Ed25519",
        "key_id": signing.key_id(raw),
        "public_key_hex": raw.hex(),
        "public_key_pem": signing.public_key_pem(),
    }
