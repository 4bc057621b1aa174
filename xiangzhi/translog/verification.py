"""Checking the log: one entry against the latest signed head (the public entry page), and the
whole log against itself and the database (`manage.py verify_log`)."""

import base64
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import merkle, signing
from .hashing import Hasher
from .log import canonical_bytes, registered_kinds
from .models import LogEntry, LogState, SignedTreeHead, TreeNode
from .queries import head_json, inclusion_proof, key_json, latest_head


@dataclass
class EntryCheck:
    entry: LogEntry
    head: SignedTreeHead
    proof: list
    leaf_hash_ok: bool
    inclusion_ok: bool
    signature_ok: bool

    @property
    def verified(self):
        return self.leaf_hash_ok and self.inclusion_ok and self.signature_ok


def check_entry(entry):
    head = latest_head()
    hasher = Hasher(head.hash_algorithm)
    leaf_hash = hasher.leaf(entry.data_bytes)
    proof = inclusion_proof(entry.index, head.tree_size)
    inclusion_ok = merkle.verify_inclusion(
        hasher, entry.index, head.tree_size, leaf_hash, proof, bytes.fromhex(head.root_hash)
    )
    message = signing.head_bytes(head.tree_size, head.root_hash, head.timestamp, head.hash_algorithm)
    signature_ok = signing.verify(message, head.signature, signing.public_key_raw())
    return EntryCheck(entry, head, [p.hex() for p in proof], leaf_hash.hex() == entry.leaf_hash, inclusion_ok, signature_ok)


def entry_json(entry):
    data = entry.data_bytes
    return {
        "index": entry.index,
        "kind": entry.kind,
        "object_id": entry.object_id,
        "region_code": entry.region_code,
        "data_base64": base64.b64encode(data).decode("ascii"),
        "content": json.loads(data.decode("utf-8")),
        "leaf_hash": entry.leaf_hash,
        "created_at": entry.created_at.isoformat(),
    }


def bundle(check):
    """Everything tools/verify_log.py needs to check one entry offline."""
    return {
        "entry": entry_json(check.entry),
        "head": head_json(check.head),
        "proof": {"leaf_index": check.entry.index, "tree_size": check.head.tree_size, "audit_path": check.proof},
        "key": key_json(),
    }


@dataclass
class LogReport:
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    entries: int = 0
    heads: int = 0

    @property
    def ok(self):
        return not self.problems


def _levels(leaves, hasher):
    """Every perfect subtree hash, level by level, recomputed from the leaf hashes."""
    levels = [leaves]
    while len(levels[-1]) > 1:
        below = levels[-1]
        levels.append([hasher.node(below[i], below[i + 1]) for i in range(0, len(below) - 1, 2)])
    return levels


def verify_log(chunk_size=2000):
    report = LogReport()
    state = LogState.objects.filter(pk=1).first()
    size = state.size if state else 0
    hasher = Hasher(state.hash_algorithm if state else "sha256")
    kinds = registered_kinds()
    leaves = []
    expected_index = 0
    by_kind = {}
    for entry in LogEntry.objects.order_by("index").iterator(chunk_size=chunk_size):
        while expected_index < entry.index:
            report.problems.append(_("第 %(index)s 条不存在:日志有缺口。") % {"index": expected_index})
            leaves.append(b"")
            expected_index += 1
        expected_index += 1
        leaf = hasher.leaf(entry.data_bytes)
        leaves.append(leaf)
        if leaf.hex() != entry.leaf_hash:
            report.problems.append(_("第 %(index)s 条:叶哈希与存储的内容不符。") % {"index": entry.index})
        by_kind.setdefault(entry.kind, []).append((entry.index, entry.object_id, leaf))
    report.entries = len(leaves)
    if len(leaves) != size:
        report.problems.append(
            _("日志状态记录有 %(size)s 条,实际有 %(count)s 条。") % {"size": size, "count": len(leaves)}
        )
    for kind, rows in by_kind.items():
        _compare_with_database(report, hasher, kind, kinds.get(kind), rows, chunk_size)
    levels = _levels(leaves, hasher) if leaves else [[]]
    _compare_cached_nodes(report, levels, chunk_size)
    _check_heads(report, levels, hasher, len(leaves), chunk_size)
    return report


def _compare_with_database(report, hasher, kind, registered, rows, chunk_size):
    if registered is None:
        report.problems.append(
            _("类别 %(kind)s 未注册,无法与数据库核对(%(count)s 条)。") % {"kind": kind, "count": len(rows)}
        )
        return
    model = registered.model
    label = model._meta.model_name
    for start in range(0, len(rows), chunk_size):
        chunk = rows[start:start + chunk_size]
        pk_field = model._meta.pk
        objects = {str(pk): obj for pk, obj in model._default_manager.in_bulk([pk_field.to_python(oid) for _i, oid, _d in chunk]).items()}
        for index, object_id, leaf in chunk:
            obj = objects.get(object_id)
            names = {"index": index, "model": label, "pk": object_id}
            if obj is None:
                report.problems.append(_("第 %(index)s 条(%(model)s #%(pk)s):数据库中的记录已被删除。") % names)
            elif hasher.leaf(canonical_bytes(obj, kind)) != leaf:
                report.problems.append(_("第 %(index)s 条(%(model)s #%(pk)s):数据库中的内容与公开日志不一致。") % names)


def _compare_cached_nodes(report, levels, chunk_size):
    for node in TreeNode.objects.order_by("key").iterator(chunk_size=chunk_size):
        row = levels[node.level] if node.level < len(levels) else []
        if node.position >= len(row) or row[node.position] != bytes(node.hash):
            report.problems.append(
                _("缓存的子树哈希(层 %(level)s,位置 %(position)s)与条目重算的结果不符。")
                % {"level": node.level, "position": node.position}
            )


def _check_heads(report, levels, hasher, count, chunk_size):
    def node(level, position):
        return levels[level][position]

    public_key = signing.public_key_raw()
    current_key_id = signing.key_id(public_key)
    previous = None
    for head in SignedTreeHead.objects.order_by("tree_size").iterator(chunk_size=chunk_size):
        report.heads += 1
        names = {"size": head.tree_size}
        if head.hash_algorithm != hasher.algorithm:
            report.problems.append(_("树头 %(size)s:哈希算法与日志不同。") % names)
            continue
        if head.tree_size > count:
            report.problems.append(_("树头 %(size)s:超过了日志中的条目数。") % names)
            continue
        if merkle.root(hasher, node, head.tree_size).hex() != head.root_hash:
            report.problems.append(_("树头 %(size)s:根哈希与条目重算的结果不符。") % names)
        message = signing.head_bytes(head.tree_size, head.root_hash, head.timestamp, head.hash_algorithm)
        if head.key_id != current_key_id:
            report.notes.append(_("树头 %(size)s 由另一把密钥(%(key)s)签名,未用当前公钥检查。") % {**names, "key": head.key_id})
        elif not signing.verify(message, head.signature, public_key):
            report.problems.append(_("树头 %(size)s:签名无效。") % names)
        if previous is not None:
            proof = merkle.consistency_proof(hasher, node, previous.tree_size, head.tree_size)
            if not merkle.verify_consistency(
                hasher, previous.tree_size, head.tree_size,
                bytes.fromhex(previous.root_hash), bytes.fromhex(head.root_hash), proof,
            ):
                report.problems.append(
                    _("树头 %(first)s 与树头 %(second)s 不一致。") % {"first": previous.tree_size, "second": head.tree_size}
                )
        previous = head
