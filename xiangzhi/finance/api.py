"""/api/v1/finance: vouchers and statement, assets, contracts and payments, audits, filings."""

from ninja import Router

from .oversight_api import router as oversight_router
from .register_api import router as register_router
from .voucher_api import router as voucher_router

router = Router(tags=["finance"])
router.add_router("", voucher_router)
router.add_router("", register_router)
router.add_router("", oversight_router)
