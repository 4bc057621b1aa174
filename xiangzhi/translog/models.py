"""The publication log: append-only entries, cached perfect-subtree hashes and signed heads.

Nothing here is ever updated or deleted, except the one `LogState` row, which holds the size
and is the lock that serialises appends.
"""

import datetime

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LogState(models.Model):
    """The single row (pk=1) every append locks: the log's size and its hash."""

    size = models.PositiveBigIntegerField(default=0)
    hash_algorithm = models.CharField(max_length=16, default="sha256")

    class Meta:
        verbose_name = _("公开日志状态")


class LogEntry(models.Model):
    index = models.PositiveBigIntegerField(_("序号"), unique=True)
    kind = models.CharField(_("类别"), max_length=40)
    object_id = models.CharField(_("记录编号"), max_length=64)
    region_code = models.CharField(_("地区代码"), max_length=32, blank=True, db_index=True)
    data = models.BinaryField(_("规范字节"))
    leaf_hash = models.CharField(_("叶哈希"), max_length=64)
    created_at = models.DateTimeField(_("写入时间"), auto_now_add=True)

    class Meta:
        ordering = ["index"]
        verbose_name = _("公开日志条目")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="translog_one_entry_per_object"),
        ]

    def __str__(self):
        return f"公开日志第 {self.index} 条"

    def get_absolute_url(self):
        return reverse("translog:entry", args=[self.index])

    @property
    def data_bytes(self):
        return bytes(self.data)


class TreeNode(models.Model):
    """The hash of the perfect subtree of 2**level leaves starting at leaf position * 2**level.

    Its primary key is (position << 6) | level, so any set of nodes is one `in_bulk` query.
    """

    key = models.BigIntegerField(primary_key=True)
    level = models.PositiveSmallIntegerField()
    position = models.PositiveBigIntegerField()
    hash = models.BinaryField()

    @staticmethod
    def key_for(level, position):
        return (position << 6) | level


class SignedTreeHead(models.Model):
    tree_size = models.PositiveBigIntegerField(_("条目数"), unique=True)
    root_hash = models.CharField(_("根哈希"), max_length=64)
    timestamp = models.BigIntegerField(_("时间戳(毫秒)"))
    hash_algorithm = models.CharField(_("哈希算法"), max_length=16)
    signature = models.CharField(_("签名"), max_length=128)
    key_id = models.CharField(_("密钥编号"), max_length=16)

    class Meta:
        ordering = ["tree_size"]
        verbose_name = _("签名树头")

    def __str__(self):
        return f"树头 {self.tree_size}"

    @property
    def signed_at(self):
        return datetime.datetime.fromtimestamp(self.timestamp / 1000, tz=datetime.timezone.utc)
