from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorValue(models.Model):
    """One indicator's numerator and denominator for one unit and period: the rollup table.

    Village (or township/county, per the indicator's level) rows are computed from the module's
    records; every ancestor's row holds the sums of its children's, so a share at any level is
    Σ numerators / Σ denominators. `parent_code` lets a page read a unit's children in one query.
    """

    indicator = models.CharField(_("指标"), max_length=80)
    period = models.CharField(_("统计期"), max_length=10)  # Period.key
    # No foreign key constraint in the database: the rows are derived (an analytics table, rebuilt from
    # the records) and the engine inserts them from the regions table itself. PostgreSQL checked the
    # deferred constraint row by row at commit, locking each unit's row — some 0.1–0.2 s of every
    # 18,000-row swap. Django still cascades a deleted unit's rows.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("单位"), on_delete=models.CASCADE, db_column="region_code",
        related_name="+", db_constraint=False,
    )
    parent_code = models.CharField(_("上级代码"), max_length=15, blank=True)
    level = models.CharField(_("层级"), max_length=20)
    numerator = models.FloatField(_("分子"), default=0)
    denominator = models.FloatField(_("分母"), null=True, blank=True)  # None for COUNT indicators
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("指标值")
        verbose_name_plural = _("指标值")
        constraints = [
            # Indicator and period first: a swap deletes one indicator's period and the 未达标 list reads
            # one period's units by code prefix; a unit page seeks (indicator, period, its code).
            models.UniqueConstraint(fields=["indicator", "period", "region"], name="targets_value_key"),
        ]
        indexes = [
            # A page reads a unit's children by (parent, indicator, period), all three equal, so any order
            # serves it; indicator and period first keep a swap's inserts in one stretch of the index (the
            # units come in code order, hence parent order) instead of one page per township touched.
            models.Index(fields=["indicator", "period", "parent_code"], name="targets_value_children"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.region_id} {self.period}"


class DirtyUnit(models.Model):
    """A unit whose records changed since its values were computed; the refresh task consumes these."""

    region_code = models.CharField(_("单位代码"), max_length=15)
    marked_at = models.DateTimeField(_("标记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("待刷新单位")
        verbose_name_plural = _("待刷新单位")

    def __str__(self):
        return self.region_code
