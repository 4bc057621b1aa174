"""The ledgers (台账) the platform generates, each declared by the module that holds its records.

A module's `ledgers.py` calls `register(Ledger(...))`; the ledgers app discovers those files at
start-up (apps.py) and knows none of them by name. `rows(region_code, period)` reads the module's
own records within the unit and the period, ordered, as tuples in the order of `columns`: a ledger
is never typed in, it is always a view of the work done.

A ledger whose module is not installed yet (党员联系农户台账 before the party module) is registered
with `rows=None` and listed as 待接入.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps

from xiangzhi.targets.periods import KINDS

LEVELS = ("village", "township")


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 12  # Excel character units
    number_format: str | None = None


@dataclass(frozen=True)
class Ledger:
    key: str  # "<app>.<name>"
    title: str  # "村务公开台账"
    module: str  # app label holding the records
    period_kind: str  # the period the page offers by default: "year", "quarter" or "month"
    levels: tuple = ("village", "township")
    capability: str = ""  # the module's view capability, held in the unit's scope
    columns: tuple = field(default_factory=tuple)
    rows: Callable | None = None
    order: int = 100

    def __post_init__(self):
        if self.period_kind not in KINDS:
            raise ValueError(f"{self.key}: unknown period kind {self.period_kind!r}")
        unknown = set(self.levels) - set(LEVELS)
        if unknown:
            raise ValueError(f"{self.key}: unknown levels {sorted(unknown)}")

    @property
    def pending(self):
        """待接入: the module that would hold the records is not part of this installation."""
        return self.rows is None or not apps.is_installed(f"xiangzhi.{self.module}")

    @property
    def width(self):
        return sum(column.width for column in self.columns)


_ledgers = {}


def register(ledger):
    """Add a ledger; a 待接入 placeholder never replaces the real ledger registered under its key."""
    current = _ledgers.get(ledger.key)
    if current is not None and ledger.rows is None and current.rows is not None:
        return current
    _ledgers[ledger.key] = ledger
    return ledger


def get(key):
    return _ledgers.get(key)


def registered(level=None):
    """Every registered ledger (for a unit level, those kept at that level), in page order."""
    ledgers = sorted(_ledgers.values(), key=lambda ledger: (ledger.order, ledger.key))
    if level is not None:
        ledgers = [ledger for ledger in ledgers if level in ledger.levels]
    return ledgers


YUAN_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def yuan(fen):
    """Money is stored in 分; a ledger cell shows 元 as a number Excel can add up."""
    return None if fen is None else Decimal(fen) / 100
