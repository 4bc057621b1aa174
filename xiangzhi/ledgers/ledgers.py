"""Ledgers whose module is not part of the platform yet: listed as 待接入 on the ledger pages,
never offered as an empty file. When the module lands it registers the real one under the same
key (a placeholder never replaces a real ledger)."""

from .registry import Ledger, register

register(Ledger(
    key="services.applications", title="便民服务代办台账", module="services", period_kind="month",
    capability="org.view", order=97,
))
