import pytest

from xiangzhi.ledgers import registry

PENDING_KEY, PENDING_TITLE = "future.register", "未来模块台账"


@pytest.fixture(autouse=True)
def pending_ledger():
    """A ledger whose module is not installed (every module the platform ships now has its ledgers):
    the pages list it as 待接入 and never offer a file."""
    ledger = registry.register(registry.Ledger(
        key=PENDING_KEY, title=PENDING_TITLE, module="future", period_kind="month", capability="org.view", order=97,
    ))
    yield ledger
    registry._ledgers.pop(PENDING_KEY, None)
