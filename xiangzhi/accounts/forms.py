from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django_otp import match_token, user_has_device


class LoginForm(AuthenticationForm):
    """Username and password; officials who enrolled an authenticator also give its code."""

    otp_token = forms.CharField(
        label=_("动态验证码"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
        help_text=_("已绑定身份验证器的账号须填写。"),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码不正确。"),
        "otp_required": _("请填写身份验证器上的 6 位动态验证码。"),
        "otp_invalid": _("动态验证码不正确或已过期。"),
    }

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user, confirmed=True):
            token = (cleaned.get("otp_token") or "").strip()
            if not token:
                raise forms.ValidationError(self.error_messages["otp_required"], code="otp_required")
            device = match_token(user, token)
            if device is None:
                raise forms.ValidationError(self.error_messages["otp_invalid"], code="otp_invalid")
            self.otp_device = device
        return cleaned


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("用途"), max_length=100, required=False,
        help_text=_("例如:“台账同步脚本”。令牌只显示一次,请立即保存。"),
    )


class OtpCodeForm(forms.Form):
    """The 6-digit code the authenticator app shows now."""

    otp_token = forms.CharField(
        label=_("动态验证码"),
        min_length=6,
        max_length=6,
        validators=[RegexValidator(r"^\d{6}$", _("请填写 6 位数字验证码。"))],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": r"\d{6}"}),
        error_messages={
            "required": _("请填写 6 位数字验证码。"),
            "min_length": _("请填写 6 位数字验证码。"),
            "max_length": _("请填写 6 位数字验证码。"),
        },
    )
