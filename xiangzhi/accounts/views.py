from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from . import actions
from .forms import ApiTokenForm, LoginForm, OtpCodeForm
from .middleware import SESSION_KEY
from .models import ApiToken
from .permissions import active_posts, posts_with_capability
from .qr import qr_svg_data_uri


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


# --- The security page: password, API tokens, two-factor -------------------------------


def render_security(request, *, password_form=None, token_form=None, otp_form=None, new_key=None):
    user = request.user
    pending = actions.pending_totp_device(user)
    context = {
        "password_form": password_form or PasswordChangeForm(user),
        "token_form": token_form or ApiTokenForm(),
        "otp_form": otp_form or OtpCodeForm(),
        "new_key": new_key,
        "tokens": ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at"),
        "may_use_two_factor": bool(posts_with_capability(user, actions.TWO_FACTOR_CAPABILITY)),
        "confirmed_device": actions.confirmed_totp_device(user),
        "pending_device": pending,
    }
    if pending is not None:
        context["totp_qr"] = qr_svg_data_uri(pending.config_url)
        secret = actions.totp_secret(pending)
        # In groups of four, so that it wraps on a phone and is easier to type.
        context["totp_secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render(request, "accounts/security.html", context)


def security_url(section=""):
    return reverse("accounts:security") + (f"#{section}" if section else "")


@login_required
def security(request):
    return render_security(request)


@login_required
@require_POST
def change_password(request):
    form = PasswordChangeForm(request.user, request.POST)
    if not form.is_valid():
        return render_security(request, password_form=form)
    actions.change_password(request.user, request.user, form.cleaned_data["new_password1"])
    # Keep this session signed in; other sessions of the account end with the old hash.
    update_session_auth_hash(request, request.user)
    messages.success(request, _("密码已修改。"))
    return redirect(security_url("password"))


@login_required
@require_POST
def create_token(request):
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return render_security(request, token_form=form)
    _token, key = actions.create_api_token(request.user, request.user, name=form.cleaned_data["name"])
    # Shown in this response only: never stored, never put in a message or the session.
    return render_security(request, new_key=key)


@login_required
@require_POST
def revoke_token(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        actions.revoke_api_token(request.user, token)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("令牌 %(prefix)s… 已吊销。") % {"prefix": token.key_prefix})
    return redirect(security_url("tokens"))


@login_required
@require_POST
def totp_enroll(request):
    try:
        actions.start_totp_enrollment(request.user, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(security_url("two-factor"))


def _code_action(request, action, success_message):
    form = OtpCodeForm(request.POST)
    if not form.is_valid():
        return None, render_security(request, otp_form=form)
    try:
        device = action(request.user, request.user, form.cleaned_data["otp_token"])
    except ValidationError as error:
        for message in error.message_dict.get("otp_token", error.messages):
            form.add_error("otp_token", message)
        return None, render_security(request, otp_form=form)
    messages.success(request, success_message)
    return device, redirect(security_url("two-factor"))


@login_required
@require_POST
def totp_confirm(request):
    device, response = _code_action(request, actions.confirm_totp_device, _("已开启两步验证,今后登录须填写动态验证码。"))
    if device is not None:
        otp_login(request, device)
    return response


@login_required
@require_POST
def totp_remove(request):
    _device, response = _code_action(request, actions.remove_totp_device, _("已关闭两步验证。"))
    return response
