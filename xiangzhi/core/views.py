from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from xiangzhi.accounts.capabilities import capabilities_of
from xiangzhi.people.queries import population_under
from xiangzhi.regions.models import Level, Region

from .modules import modules_for


@login_required
def home(request):
    post = request.user.current_post
    if post is None:
        return render(request, "core/no_post.html", status=403)
    region = post.region
    context = {
        "post": post,
        "region": region,
        "children": region.children.order_by("code"),
        "village_count": Region.objects.within(region.code).villages().count()
        if region.level in (Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP)
        else 0,
        "population": population_under(region),
        "modules": modules_for(capabilities_of(post)),
        "Level": Level,
    }
    return render(request, "core/home.html", context)
