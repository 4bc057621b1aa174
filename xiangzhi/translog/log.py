"""The publication log's interface for the apps that publish.

A publishing app registers its kind in AppConfig.ready() and calls `append` inside its publish
transaction. The canonical bytes of an entry are the UTF-8 JSON, with sorted keys and no
spaces, of {"kind": kind, "id": str(obj.pk), **canonical(obj)}.
"""

import json
from dataclasses import dataclass
from typing import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from .hashing import Hasher
from .models import LogEntry, LogState, SignedTreeHead, TreeNode
from . import merkle, signing


@dataclass(frozen=True)
class Kind:
    kind: str
    model: type
    canonical: Callable
    label: str
    public_url: Callable | None = None


_kinds = {}


def register_kind(kind, model, canonical, *, label, public_url=None):
    _kinds[kind] = Kind(kind, model, canonical, label, public_url)


def registered_kind(kind):
    try:
        return _kinds[kind]
    except KeyError:
        raise ImproperlyConfigured(f"Publication log kind {kind!r} is not registered (register_kind).") from None


def registered_kinds():
    return dict(_kinds)


def canonical_bytes(obj, kind):
    content = registered_kind(kind).canonical(obj)
    if "kind" in content or "id" in content:
        raise ImproperlyConfigured(f"canonical() of {kind!r} may not set 'kind' or 'id'.")
    document = {"kind": kind, "id": str(obj.pk), **content}
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _region_code(obj):
    code = getattr(obj, "region_code", None)
    if code is None:
        code = getattr(obj, "region_id", None)
    return str(code or "")


def _locked_state():
    LogState.objects.bulk_create(
        [LogState(pk=1, hash_algorithm=settings.TRANSLOG_HASH)], ignore_conflicts=True
    )
    state = LogState.objects.select_for_update().get(pk=1)
    if state.size == 0 and state.hash_algorithm != settings.TRANSLOG_HASH:
        state.hash_algorithm = settings.TRANSLOG_HASH
    elif state.hash_algorithm != settings.TRANSLOG_HASH:
        raise ImproperlyConfigured(
            f"The publication log uses {state.hash_algorithm}; TRANSLOG_HASH={settings.TRANSLOG_HASH!r} "
            "cannot change for an existing log."
        )
    return state


def _new_nodes(hasher, index, leaf_hash):
    """The perfect subtrees completed by leaf `index`: its own leaf node and every parent it closes."""
    levels = []
    level, position = 0, index
    while position & 1:
        level, position = level + 1, position >> 1
        levels.append((level, position))
    left_keys = [TreeNode.key_for(level - 1, 2 * position) for level, position in levels]
    left = {key: bytes(node.hash) for key, node in TreeNode.objects.in_bulk(left_keys).items()}
    nodes = [TreeNode(key=TreeNode.key_for(0, index), level=0, position=index, hash=leaf_hash)]
    current = leaf_hash
    for (level, position), left_key in zip(levels, left_keys):
        current = hasher.node(left[left_key], current)
        nodes.append(TreeNode(key=TreeNode.key_for(level, position), level=level, position=position, hash=current))
    return nodes


def sign_head(tree_size, root_hash, hash_algorithm):
    timestamp = int(timezone.now().timestamp() * 1000)
    signature, key_id = signing.sign(signing.head_bytes(tree_size, root_hash.hex(), timestamp, hash_algorithm))
    return SignedTreeHead(
        tree_size=tree_size,
        root_hash=root_hash.hex(),
        timestamp=timestamp,
        hash_algorithm=hash_algorithm,
        signature=signature,
        key_id=key_id,
    )


def append(obj, kind):
    """Append `obj` (saved in its published state) to the log, or return its existing entry."""
    if obj.pk is None:
        raise ValueError("Save the published row before appending it to the publication log.")
    data = canonical_bytes(obj, kind)
    with transaction.atomic():
        state = _locked_state()
        existing = LogEntry.objects.filter(kind=kind, object_id=str(obj.pk)).first()
        if existing is not None:
            return existing
        hasher = Hasher(state.hash_algorithm)
        index = state.size
        leaf_hash = hasher.leaf(data)
        new_nodes = _new_nodes(hasher, index, leaf_hash)
        size = index + 1
        known = {(node.level, node.position): node.hash for node in new_nodes}
        stored = _fetch_nodes(merkle.needed_nodes(lambda node: merkle.root(hasher, node, size)) - known.keys())
        root_hash = merkle.root(hasher, lambda level, position: known.get((level, position)) or stored[(level, position)], size)
        entry = LogEntry.objects.create(
            index=index,
            kind=kind,
            object_id=str(obj.pk),
            region_code=_region_code(obj),
            data=data,
            leaf_hash=leaf_hash.hex(),
        )
        TreeNode.objects.bulk_create(new_nodes)
        sign_head(size, root_hash, state.hash_algorithm).save()
        state.size = size
        state.save(update_fields=["size", "hash_algorithm"])
        return entry


def _fetch_nodes(pairs):
    keys = [TreeNode.key_for(level, position) for level, position in pairs]
    return {(node.level, node.position): bytes(node.hash) for node in TreeNode.objects.in_bulk(keys).values()}


def entry_for(obj, kind):
    return LogEntry.objects.filter(kind=kind, object_id=str(obj.pk)).first()


def entries_for(objs, kind):
    """{obj.pk: LogEntry} for those of `objs` that are in the log, in one query."""
    by_id = {str(obj.pk): obj.pk for obj in objs}
    if not by_id:
        return {}
    entries = LogEntry.objects.filter(kind=kind, object_id__in=list(by_id))
    return {by_id[entry.object_id]: entry for entry in entries}
