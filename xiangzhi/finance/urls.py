from django.urls import path

from . import audit_views, filing_views, register_views, views, voucher_views

app_name = "finance"
urlpatterns = [
    path("", views.home, name="home"),
    path("statement/", views.statement, name="statement"),
    path("accounts/new/", views.account_create, name="account_create"),
    path("vouchers/", voucher_views.voucher_list, name="voucher_list"),
    path("vouchers/new/", voucher_views.voucher_create, name="voucher_create"),
    path("vouchers/<int:pk>/", voucher_views.voucher_detail, name="voucher_detail"),
    path("vouchers/<int:pk>/reverse/", voucher_views.voucher_reverse, name="voucher_reverse"),
    path("vouchers/<int:pk>/<slug:step>/", voucher_views.voucher_step, name="voucher_step"),
    path("assets/", register_views.asset_list, name="asset_list"),
    path("assets/new/", register_views.asset_create, name="asset_create"),
    path("assets/<int:pk>/", register_views.asset_detail, name="asset_detail"),
    path("assets/<int:pk>/dispose/", register_views.asset_dispose, name="asset_dispose"),
    path("contracts/", register_views.contract_list, name="contract_list"),
    path("contracts/new/", register_views.contract_create, name="contract_create"),
    path("contracts/<int:pk>/", register_views.contract_detail, name="contract_detail"),
    path("payments/<int:pk>/record/", register_views.payment_record, name="payment_record"),
    path("audits/", audit_views.audit_list, name="audit_list"),
    path("audits/new/", audit_views.audit_create, name="audit_create"),
    path("audits/<int:pk>/", audit_views.audit_detail, name="audit_detail"),
    path("audits/<int:pk>/findings/", audit_views.finding_create, name="finding_create"),
    path("findings/<int:pk>/<slug:step>/", audit_views.finding_step, name="finding_step"),
    path("filings/", filing_views.filing_list, name="filing_list"),
    path("filings/new/", filing_views.filing_create, name="filing_create"),
    path("filings/threshold/", filing_views.threshold, name="threshold"),
    path("filings/<int:pk>/", filing_views.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/resolution/", filing_views.filing_resolution, name="filing_resolution"),
    path("filings/<int:pk>/<slug:step>/", filing_views.filing_step, name="filing_step"),
]
