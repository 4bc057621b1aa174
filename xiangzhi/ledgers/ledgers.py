"""Ledgers whose module is not part of the platform yet: listed as 待接入 on the ledger pages,
never offered as an empty file. When the party module lands it registers the real ones under the
same keys (its ledgers.py is imported after this one)."""

from .registry import Ledger, register

register(Ledger(
    key="party.household_links", title="党员联系农户台账", module="party", period_kind="quarter",
    capability="org.view", order=95,
))
register(Ledger(
    key="party.three_meetings", title="三会一课台账", module="party", period_kind="quarter",
    capability="org.view", order=96,
))
