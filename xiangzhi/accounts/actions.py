"""Writes about accounts: users, posts, API tokens, passwords and two-factor devices.

Each action takes the acting user first (None when run by a management command from the
server's shell), checks permission, runs in one transaction and writes an audit event.
"""

import base64
import secrets
import string

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from xiangzhi.core.audit import record_event, snapshot

from . import post_checks
from .models import ApiToken, Department, Post, Role, User
from .permissions import active_posts, require, require_capability

POST_FIELDS = ("user", "role", "region", "department", "starts_on", "ends_on")
TWO_FACTOR_CAPABILITY = "account.two_factor"
TOTP_DEVICE_NAME = "身份验证器"
WRONG_CODE = _lazy("动态验证码不正确或已过期,请核对手机上的 6 位数字后重试。")


def home_region_code(user):
    """Where an event about the user's own account is filed: their current (or first) post."""
    post = getattr(user, "current_post", None)
    if post is None:
        posts = active_posts(user)
        post = posts[0] if posts else None
    return post.region_id if post is not None else ""


def generate_password(length=16):
    """A strong password with every character class, for accounts made from the shell."""
    alphabet = string.ascii_letters + string.digits + "@#%+=-_"
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c.islower() for c in password)
            and any(c.isupper() for c in password)
            and any(c.isdigit() for c in password)
            and any(not c.isalnum() for c in password)
        ):
            return password


# --- Users and posts -------------------------------------------------------------------


def create_user(actor, username, *, password, region_code, full_name=""):
    """A new account; `region_code` is the region of the post it is made for (for the audit)."""
    if actor is not None:
        require(actor, "post.manage", region_code)
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": [_("请填写用户名。")]})
    user = User(username=username, full_name=full_name)
    try:
        user.full_clean(exclude=["password"], validate_unique=False)
    except ValidationError as error:
        raise ValidationError({"username": error.message_dict.get("username", error.messages)}) from None
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": [_("用户名“%(name)s”已被使用。") % {"name": username}]})
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    with transaction.atomic():
        user.set_password(password)
        user.save()
        record_event(
            actor, "user.create", user, region_code=region_code,
            changes={"username": [None, username], "full_name": [None, full_name]},
        )
    return user


def add_post(actor, user, role, region, *, department="", starts_on=None, ends_on=None, acting_post=None):
    """Give `user` the post `role` in `region` (for a department post, of `department`).
    `acting_post`: the post that authorised it when the caller checked another capability (a
    township appointing a 儿童主任); otherwise the actor needs post.manage."""
    if acting_post is None and actor is not None:
        acting_post = require(actor, "post.manage", region.code)
    errors = {}
    if role not in Role.values:
        errors["role"] = [_("角色“%(role)s”不存在,可选:%(choices)s。") % {
            "role": role, "choices": "、".join(Role.values)}]
    department = department or ""
    if department and department not in Department.values:
        errors["department"] = [_("部门“%(department)s”不存在,可选:%(choices)s。") % {
            "department": department, "choices": "、".join(Department.values)}]
    starts_on = starts_on or timezone.localdate()
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("终止日期不能早于起始日期。")]
    if not errors:
        refused = post_checks.refusal(user, role, region, starts_on)
        if refused:
            errors["role"] = [refused]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        duplicate = Post.objects.active(starts_on).filter(
            user=user, role=role, region=region, department=department
        )
        if duplicate.exists():
            raise ValidationError({"role": [_("该用户已在此区划担任此职务。")]})
        post = Post.objects.create(
            user=user, role=role, region=region, department=department,
            starts_on=starts_on, ends_on=ends_on,
        )
        values = snapshot(post, POST_FIELDS)
        record_event(
            actor, "post.create", post, region_code=region.code, post=acting_post,
            changes={field: [None, value] for field, value in values.items()},
        )
    user.__dict__.pop("_active_posts", None)
    return post


# --- API tokens ------------------------------------------------------------------------


def end_post(actor, post, *, ends_on=None, acting_post=None):
    """End `post` on `ends_on` (default today; never before it started). `acting_post`: the post that
    authorised it when the caller checked another capability (the joint vetting's 清理 decision);
    otherwise the actor needs post.manage. A post already ended by then is left as it is."""
    if acting_post is None and actor is not None:
        acting_post = require(actor, "post.manage", post.region_id)
    ends_on = ends_on or timezone.localdate()
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        if post.ends_on is not None and post.ends_on <= ends_on:
            return post
        old, post.ends_on = post.ends_on, max(ends_on, post.starts_on)
        post.save(update_fields=["ends_on"])
        record_event(actor, "post.end", post, region_code=post.region_id, post=acting_post,
                     changes={"ends_on": [old.isoformat() if old else None, post.ends_on.isoformat()]})
    post.user.__dict__.pop("_active_posts", None)
    return post


def _require_self(actor, user):
    """Account settings are one's own: only the user (or the server's shell) changes them."""
    if actor is not None and actor.pk != user.pk:
        raise PermissionDenied(_("只能管理自己的账号。"))


def create_api_token(actor, user, *, name=""):
    """Return (token record, key). The key is shown once; only its SHA-256 is kept."""
    _require_self(actor, user)
    name = (name or "").strip()
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": [_("用途最多 100 个字。")]})
    key = ApiToken.generate_key()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, key_prefix=key[:8], key_hash=ApiToken.hash_key(key)
        )
        record_event(
            actor, "api_token.create", token, region_code=home_region_code(user),
            target_repr=f"{user.username} {token.key_prefix}… {name}",
            changes={"user": [None, user.username], "name": [None, name], "key_prefix": [None, token.key_prefix]},
        )
    return token, key


def revoke_api_token(actor, token):
    _require_self(actor, token.user)
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            raise ValidationError({"token": [_("该令牌已吊销。")]})
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(
            actor, "api_token.revoke", token, region_code=home_region_code(token.user),
            target_repr=f"{token.user.username} {token.key_prefix}… {token.name}",
            changes={"revoked_at": [None, token.revoked_at.isoformat()]},
        )
    return token


# --- Password --------------------------------------------------------------------------


def change_password(actor, user, new_password):
    """The form has checked the old password and the rules; this stores the new one."""
    _require_self(actor, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        # Never the password itself, not even hashed.
        record_event(actor, "password.change", user, region_code=home_region_code(user))
    return user


# --- TOTP two-factor -------------------------------------------------------------------


def confirmed_totp_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_totp_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).first()


def totp_secret(device):
    """The key in base32, as authenticator apps take it for manual entry."""
    return base64.b32encode(device.bin_key).decode()


def start_totp_enrollment(actor, user):
    """A fresh, unconfirmed authenticator; any earlier unconfirmed one is replaced."""
    _require_self(actor, user)
    require_capability(user, TWO_FACTOR_CAPABILITY)
    if confirmed_totp_device(user) is not None:
        raise ValidationError({"otp": [_("已绑定身份验证器;如需更换,请先解除绑定。")]})
    with transaction.atomic():
        TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
        record_event(actor, "totp.enroll", device, region_code=home_region_code(user),
                     target_repr=f"{user.username} {TOTP_DEVICE_NAME}")
    return device


def confirm_totp_device(actor, user, code):
    """The first code from the app proves the secret was copied; two-factor is then on."""
    _require_self(actor, user)
    require_capability(user, TWO_FACTOR_CAPABILITY)
    device = pending_totp_device(user)
    if device is None:
        raise ValidationError({"otp_token": [_("请先开始绑定身份验证器。")]})
    if not device.verify_token(code):
        raise ValidationError({"otp_token": [WRONG_CODE]})
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record_event(actor, "totp.confirm", device, region_code=home_region_code(user),
                     target_repr=f"{user.username} {TOTP_DEVICE_NAME}",
                     changes={"confirmed": [False, True]})
    return device


def remove_totp_device(actor, user, code):
    """Turning two-factor off needs a current code, so a borrowed session cannot do it."""
    _require_self(actor, user)
    device = confirmed_totp_device(user)
    if device is None:
        raise ValidationError({"otp_token": [_("尚未绑定身份验证器。")]})
    # verify_token saves its throttling counters itself: a wrong code must count even
    # though nothing else changes.
    if not device.verify_token(code):
        raise ValidationError({"otp_token": [WRONG_CODE]})
    with transaction.atomic():
        device_pk = device.pk
        TOTPDevice.objects.devices_for_user(user, confirmed=None).delete()
        record_event(actor, "totp.remove", None, region_code=home_region_code(user),
                     target_repr=f"{user.username} {TOTP_DEVICE_NAME} #{device_pk}",
                     changes={"confirmed": [True, None]})
