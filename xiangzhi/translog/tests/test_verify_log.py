"""manage.py verify_log: recomputes the log and names every row edited behind its back."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from xiangzhi.regions.models import Region
from xiangzhi.translog.hashing import Hasher
from xiangzhi.translog.log import canonical_bytes
from xiangzhi.translog.models import LogEntry, SignedTreeHead, TreeNode

from .test_rfc6962 import perfect_subtrees

pytestmark = pytest.mark.django_db


def run_verify_log(capsys):
    try:
        call_command("verify_log")
    except CommandError as error:
        captured = capsys.readouterr()
        return False, captured.out + captured.err + str(error)
    captured = capsys.readouterr()
    return True, captured.out + captured.err


def test_an_untouched_log_passes(publish, capsys):
    publish(10)
    ok, output = run_verify_log(capsys)
    assert ok
    assert "公开日志核对通过:10 条,10 个签名树头。" in output


def test_a_row_edited_in_sql_is_named_with_its_entry(publish, capsys):
    publish(13)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE regions_region SET name = %s WHERE code = %s", ["被篡改", "990012"])

    ok, output = run_verify_log(capsys)

    assert not ok
    assert "第 12 条(region #990012):数据库中的内容与公开日志不一致。" in output
    assert "第 11 条" not in output
    assert "发现 1 个问题" in output


def test_a_deleted_row_is_named(publish, capsys):
    publish(4)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM regions_region WHERE code = %s", ["990001"])

    ok, output = run_verify_log(capsys)

    assert not ok
    assert "第 1 条(region #990001):数据库中的记录已被删除。" in output


def test_an_edited_log_entry_breaks_its_leaf_and_every_later_head(publish, capsys):
    publish(6)
    entry = LogEntry.objects.get(index=2)
    forged = entry.data_bytes.replace("测试区划2".encode(), "测试区划X".encode())
    LogEntry.objects.filter(pk=entry.pk).update(data=forged)

    ok, output = run_verify_log(capsys)

    assert not ok
    assert "第 2 条:叶哈希与存储的内容不符。" in output
    assert "第 2 条(region #990002):数据库中的内容与公开日志不一致。" in output


def test_a_rewritten_log_is_caught_by_the_signed_heads(publish, region_kind, capsys):
    """Someone edits a row, then rewrites its entry, its leaf hash and every cached subtree to
    match: only the signed heads, which need the private key, still hold the old roots."""
    publish(5)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE regions_region SET name = %s WHERE code = %s", ["被篡改", "990000"])
    hasher = Hasher("sha256")
    forged = canonical_bytes(Region.objects.get(code="990000"), region_kind)
    LogEntry.objects.filter(index=0).update(data=forged, leaf_hash=hasher.leaf(forged).hex())
    leaves = [bytes(e.data) for e in LogEntry.objects.order_by("index")]
    for (level, position), node_hash in perfect_subtrees(hasher, leaves).items():
        TreeNode.objects.filter(level=level, position=position).update(hash=node_hash)

    ok, output = run_verify_log(capsys)

    assert not ok
    assert "数据库中的内容与公开日志不一致" not in output
    assert "叶哈希" not in output
    for size in range(1, 6):
        assert f"树头 {size}:根哈希与条目重算的结果不符。" in output


def test_a_forged_head_signature_or_root_is_reported(publish, capsys):
    publish(4)
    SignedTreeHead.objects.filter(tree_size=2).update(root_hash="ab" * 32)
    head = SignedTreeHead.objects.get(tree_size=3)
    SignedTreeHead.objects.filter(tree_size=3).update(signature=head.signature[:-4] + "AAA=")

    ok, output = run_verify_log(capsys)

    assert not ok
    assert "树头 2:根哈希与条目重算的结果不符。" in output
    assert "树头 2:签名无效。" in output
    assert "树头 3:签名无效。" in output
    assert "树头 1 与树头 2 不一致。" in output


def test_a_missing_entry_is_a_gap(publish, capsys):
    publish(4)
    LogEntry.objects.filter(index=1).delete()
    ok, output = run_verify_log(capsys)
    assert not ok
    assert "第 1 条不存在:日志有缺口。" in output
