from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from .forms import LoginForm
from .middleware import SESSION_KEY
from .permissions import active_posts


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        device = getattr(form, "otp_device", None)
        if device is not None:
            otp_login(self.request, device)
        return response


login = LoginView.as_view()


@login_required
@require_POST
def switch_post(request):
    try:
        post_id = int(request.POST.get("post", ""))
    except ValueError:
        return HttpResponseBadRequest("post")
    if not any(post.pk == post_id for post in active_posts(request.user)):
        return HttpResponseBadRequest("post")
    request.session[SESSION_KEY] = post_id
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return redirect(target)
