from django.urls import include, path

from .api import api

urlpatterns = [
    path("", include("xiangzhi.core.urls")),
    path("accounts/", include("xiangzhi.accounts.urls")),
    path("regions/", include("xiangzhi.regions.urls")),
    path("people/", include("xiangzhi.people.urls")),
    path("grid/", include("xiangzhi.grid.urls")),
    path("finance/", include("xiangzhi.finance.urls")),
    path("disclosure/", include("xiangzhi.disclosure.urls")),
    path("powers/", include("xiangzhi.powers.urls")),
    path("v/", include("xiangzhi.portal.urls")),
    path("log/", include("xiangzhi.translog.urls")),
    path("assembly/", include("xiangzhi.assembly.urls")),
    path("matters/", include("xiangzhi.matters.urls")),
    path("elections/", include("xiangzhi.elections.urls")),
    path("topics/", include("xiangzhi.topics.urls")),
    path("duties/", include("xiangzhi.duties.urls")),
    path("points/", include("xiangzhi.points.urls")),
    path("shop/", include("xiangzhi.shop.urls")),
    path("ratings/", include("xiangzhi.ratings.urls")),
    path("customs/", include("xiangzhi.customs.urls")),
    path("mediation/", include("xiangzhi.mediation.urls")),
    path("petitions/", include("xiangzhi.petitions.urls")),
    path("legal/", include("xiangzhi.legal.urls")),
    path("safety/", include("xiangzhi.safety.urls")),
    path("targets/", include("xiangzhi.targets.urls")),
    path("ledgers/", include("xiangzhi.ledgers.urls")),
    path("assessment/", include("xiangzhi.assessment.urls")),
    path("open311/v2/", include("xiangzhi.open311.urls")),
    path("api/v1/", api.urls),
]
