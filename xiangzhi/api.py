"""The JSON API under /api/v1/: each app contributes its router from its own api.py."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.security import django_auth

from xiangzhi.accounts.api import BearerToken
from xiangzhi.core.api_errors import schema_errors_in_chinese

api = NinjaAPI(
    title="乡治 Xiangzhi API",
    version="1",
    description="乡村治理平台接口。认证:`Authorization: Bearer <token>`(`manage.py create_api_token USERNAME`)。",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("未找到该记录。")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or _("您没有此项操作的权限。")}, status=403)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("请先登录或提供有效的 API 令牌。")}, status=401)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for e in errs for m in e.messages] for field, errs in exc.error_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    return api.create_response(request, {"detail": _("提交的数据有误。"), "errors": errors}, status=422)


@api.exception_handler(SchemaValidationError)
def invalid_schema(request, exc):
    return api.create_response(
        request, {"detail": _("提交的数据有误。"), "errors": schema_errors_in_chinese(exc.errors)}, status=422
    )


def _add_routers():
    from xiangzhi.accounts.api import router as accounts_router
    from xiangzhi.legal.api import router as legal_router
    from xiangzhi.mediation.api import router as mediation_router
    from xiangzhi.petitions.api import router as petitions_router
    from xiangzhi.safety.api import router as safety_router
    from xiangzhi.party.api import router as party_router
    from xiangzhi.partylife.api import router as partylife_router
    from xiangzhi.partyrating.api import router as partyrating_router
    from xiangzhi.vetting.api import router as vetting_router
    from xiangzhi.talent.api import router as talent_router
    from xiangzhi.contact.api import router as contact_router
    from xiangzhi.partywork.api import router as partywork_router
    from xiangzhi.services.api import router as services_router
    from xiangzhi.socialorgs.api import router as socialorgs_router
    from xiangzhi.children.api import router as children_router
    from xiangzhi.cadres.api import router as cadres_router
    from xiangzhi.pilots.api import router as pilots_router
    from xiangzhi.targets.api import router as targets_router
    from xiangzhi.ledgers.api import router as ledgers_router
    from xiangzhi.assessment.api import router as assessment_router
    from xiangzhi.customs.api import router as customs_router
    from xiangzhi.points.api import router as points_router
    from xiangzhi.ratings.api import router as ratings_router
    from xiangzhi.shop.api import router as shop_router
    from xiangzhi.assembly.api import router as assembly_router
    from xiangzhi.duties.api import router as duties_router
    from xiangzhi.elections.api import router as elections_router
    from xiangzhi.matters.api import router as matters_router
    from xiangzhi.topics.api import router as topics_router
    from xiangzhi.disclosure.api import router as disclosure_router
    from xiangzhi.finance.api import router as finance_router
    from xiangzhi.powers.api import router as powers_router
    from xiangzhi.translog.api import router as translog_router
    from xiangzhi.core.api import router as core_router
    from xiangzhi.grid.config_api import router as grid_config_router
    from xiangzhi.grid.events_api import router as grid_events_router
    from xiangzhi.grid.visits_api import router as grid_visits_router
    from xiangzhi.people.api import router as people_router
    from xiangzhi.people.organisation_api import router as organisations_router
    from xiangzhi.people.transfer_api import router as transfers_router
    from xiangzhi.regions.api import router as regions_router

    api.add_router("/regions", regions_router)
    api.add_router("/", people_router)
    api.add_router("/transfers", transfers_router)
    api.add_router("/organisations", organisations_router)
    api.add_router("/audit", core_router)
    api.add_router("/me", accounts_router)
    api.add_router("/grid", grid_events_router)
    api.add_router("/grid", grid_visits_router)
    api.add_router("/grid/config", grid_config_router)
    api.add_router("/log", translog_router)
    api.add_router("/finance", finance_router)
    api.add_router("/disclosure", disclosure_router)
    api.add_router("/powers", powers_router)
    api.add_router("/assembly", assembly_router)
    api.add_router("/matters", matters_router)
    api.add_router("/elections", elections_router)
    api.add_router("/topics", topics_router)
    api.add_router("/duties", duties_router)
    api.add_router("/points", points_router)
    api.add_router("/shop", shop_router)
    api.add_router("/ratings", ratings_router)
    api.add_router("/customs", customs_router)
    api.add_router("/mediation", mediation_router)
    api.add_router("/petitions", petitions_router)
    api.add_router("/legal", legal_router)
    api.add_router("/safety", safety_router)
    api.add_router("/party", party_router)
    api.add_router("/partylife", partylife_router)
    api.add_router("/partyrating", partyrating_router)
    api.add_router("/vetting", vetting_router)
    api.add_router("/talent", talent_router)
    api.add_router("/contact", contact_router)
    api.add_router("/partywork", partywork_router)
    api.add_router("/services", services_router)
    api.add_router("/socialorgs", socialorgs_router)
    api.add_router("/children", children_router)
    api.add_router("/cadres", cadres_router)
    api.add_router("/pilots", pilots_router)
    api.add_router("/targets", targets_router)
    api.add_router("/ledgers", ledgers_router)
    api.add_router("/assessment", assessment_router)


_add_routers()
