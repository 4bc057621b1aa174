"""Writes to the household registry. Each action checks capability and scope, runs in one
transaction, keeps VillageTally in step and writes one audit event.

Citizen IDs and phones never enter an audit event in full: only their masked forms.
Bad input raises ValidationError with a Chinese message per field; keys of a household's
members are "members.<n>.<field>" (n from 0), as the API reports schema errors.
"""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from xiangzhi.accounts.permissions import posts_with_capability, require, require_capability
from xiangzhi.core.audit import diff, record_event, snapshot
from xiangzhi.regions.models import Level, Region

from . import citizen_id, phones
from .models import FLAG_FIELDS, Household, ImportJob, PovertyStatus, Relation, Resident, ResidentStatus
from .tallies import adjust_tally

HOUSEHOLD_AUDIT_FIELDS = ("region", "grid", "number", "address", "poverty_status")
RESIDENT_AUDIT_FIELDS = (
    "household", "name", "relation", "gender", "birth_date", "ethnicity", "status", *FLAG_FIELDS
)
HOUSEHOLD_REGION_LEVELS = (Level.VILLAGE, Level.NATURAL_VILLAGE)
MEMBER_FIELDS = ("name", "relation", "id_number", "phone", "ethnicity", *FLAG_FIELDS)
RESIDENT_EDITABLE = ("name", "relation", "phone", "ethnicity", "status", *FLAG_FIELDS)
HOUSEHOLD_EDITABLE = ("number", "address", "grid", "poverty_status")


# --- Field rules shared by the forms, the API and the importer ------------------------


def choice_value(choices, raw):
    """A TextChoices value given either its value ("head") or its Chinese label ("户主")."""
    raw = (raw or "").strip()
    if raw in choices.values:
        return raw
    for value, label in choices.choices:
        if raw == str(label):
            return value
    raise KeyError(raw)


def choice_labels(choices):
    return "、".join(str(label) for _value, label in choices.choices)


def clean_text(value, label, max_length, *, required=False):
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(_("请填写%(label)s。") % {"label": label})
    if len(text) > max_length:
        raise ValidationError(_("%(label)s不能超过 %(n)d 个字。") % {"label": label, "n": max_length})
    return text


def clean_relation(raw):
    try:
        return choice_value(Relation, raw)
    except KeyError:
        raise ValidationError(
            _("与户主关系须为以下之一:%(labels)s。") % {"labels": choice_labels(Relation)}
        ) from None


def clean_poverty_status(raw):
    try:
        return choice_value(PovertyStatus, raw)
    except KeyError:
        raise ValidationError(
            _("帮扶类别须为以下之一:%(labels)s。") % {"labels": choice_labels(PovertyStatus)}
        ) from None


def clean_status(raw):
    try:
        return choice_value(ResidentStatus, raw)
    except KeyError:
        raise ValidationError(
            _("状态须为以下之一:%(labels)s。") % {"labels": choice_labels(ResidentStatus)}
        ) from None


def clean_member(data):
    """One member's values, checked. Returns (values, errors) with errors {field: message}.

    `values` holds what a Resident is built from: the parsed citizen ID (gender and birth
    date come from it) and the phone with its blind index.
    """
    values, errors = {}, {}

    def attempt(field, check):
        try:
            values[field] = check()
        except ValidationError as error:
            errors[field] = error.messages[0]

    attempt("name", lambda: clean_text(data.get("name"), _("姓名"), 50, required=True))
    attempt("relation", lambda: clean_relation(data.get("relation")))
    attempt("id_number", lambda: citizen_id.parse(data.get("id_number")))
    attempt("phone", lambda: phones.parse(data.get("phone")))
    attempt("ethnicity", lambda: clean_text(data.get("ethnicity"), _("民族"), 20) or "汉族")
    for flag in FLAG_FIELDS:
        values[flag] = bool(data.get(flag, False))
    return values, errors


def build_resident(household, values):
    parsed = values["id_number"]
    return Resident(
        household=household,
        region_id=household.region_id,
        name=values["name"],
        relation=values["relation"],
        gender=parsed.gender,
        birth_date=parsed.birth_date,
        ethnicity=values["ethnicity"],
        id_number=parsed.number,
        id_number_index=citizen_id.index(parsed.number),
        phone=values["phone"] or None,
        phone_index=phones.index(values["phone"]),
        **{flag: values[flag] for flag in FLAG_FIELDS},
    )


def registered_indexes(indexes):
    """Which of these citizen-ID blind indexes are already in the registry."""
    found = set()
    indexes = list(indexes)
    for start in range(0, len(indexes), 500):
        chunk = indexes[start : start + 500]
        found.update(Resident.objects.filter(id_number_index__in=chunk).values_list("id_number_index", flat=True))
    return found


def resolve_region(value, field, label):
    if isinstance(value, Region):
        return value
    code = (value or "").strip()
    if not code:
        raise ValidationError({field: _("请选择%(label)s。") % {"label": label}})
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError({field: _("%(label)s代码 %(code)s 不存在。") % {"label": label, "code": code}})
    return region


def check_household_region(region):
    if region.level not in HOUSEHOLD_REGION_LEVELS:
        raise ValidationError({"region": _("所在屯/村须为村或自然村(屯),不能是%(level)s。") % {
            "level": region.get_level_display()}})


def check_grid(grid, village_code):
    if grid is None:
        return
    if grid.level != Level.GRID or grid.parent_id != village_code:
        raise ValidationError({"grid": _("所属网格须为本村的网格。")})


def resident_audit_values(resident):
    values = snapshot(resident, RESIDENT_AUDIT_FIELDS)
    values["id_number"] = resident.id_number_masked
    values["phone"] = resident.phone_masked
    return values


def save_residents(residents, field_for_duplicate):
    """Insert residents; a citizen ID registered meanwhile by someone else is a field error."""
    try:
        with transaction.atomic():
            if len(residents) == 1:
                residents[0].save()
            else:
                Resident.objects.bulk_create(residents)
    except IntegrityError:
        raise ValidationError({field_for_duplicate: _("公民身份号码已登记,不能重复登记。")}) from None


# --- Households -----------------------------------------------------------------------


def register_household(actor, *, region, grid=None, number="", address="", poverty_status="", members=()):
    """Register a household in a village or 屯 with its members (exactly one 户主)."""
    require_capability(actor, "people.edit")
    region = resolve_region(region, "region", _("所在屯/村"))
    check_household_region(region)
    grid = resolve_region(grid, "grid", _("所属网格")) if grid else None
    village_code = region.village_code()
    check_grid(grid, village_code)
    post = require(actor, "people.edit", region.code, grid.code if grid else None)

    errors = {}
    fields = {}
    for field, check in (
        ("number", lambda: clean_text(number, _("户编号"), 40)),
        ("address", lambda: clean_text(address, _("住址"), 200)),
        ("poverty_status", lambda: clean_poverty_status(poverty_status)),
    ):
        try:
            fields[field] = check()
        except ValidationError as error:
            errors[field] = error.messages

    members = list(members or [])
    cleaned = []
    if not members:
        errors["members"] = [_("请至少登记一名家庭成员(户主)。")]
    for n, member in enumerate(members):
        values, member_errors = clean_member(member)
        for field, message in member_errors.items():
            errors[f"members.{n}.{field}"] = [message]
        cleaned.append(values)

    heads = [n for n, values in enumerate(cleaned) if values.get("relation") == Relation.HEAD]
    if members and not heads and not any(f"members.{n}.relation" in errors for n in range(len(members))):
        errors["members"] = [_("每户须有且只有一名户主:请把一名成员的与户主关系设为“户主”。")]
    for n in heads[1:]:
        errors[f"members.{n}.relation"] = [_("每户只能有一名户主。")]

    seen = {}
    for n, values in enumerate(cleaned):
        parsed = values.get("id_number")
        if parsed is None:
            continue
        if parsed.number in seen:
            errors[f"members.{n}.id_number"] = [
                _("公民身份号码与第 %(n)d 名成员重复。") % {"n": seen[parsed.number] + 1}
            ]
        else:
            seen[parsed.number] = n
    taken = registered_indexes(citizen_id.index(number_) for number_ in seen)
    for number_, n in seen.items():
        if citizen_id.index(number_) in taken:
            errors[f"members.{n}.id_number"] = [_("公民身份号码已登记,不能重复登记。")]
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        household = Household.objects.create(region=region, grid=grid, **fields)
        residents = [build_resident(household, values) for values in cleaned]
        save_residents(residents, "members")
        adjust_tally(village_code, households=1, residents=len(residents))
        after = snapshot(household, HOUSEHOLD_AUDIT_FIELDS)
        changes = {key: [None, value] for key, value in after.items() if value not in (None, "")}
        changes["members"] = [None, [
            {"name": r.name, "relation": r.relation, "id_number": r.id_number_masked, "phone": r.phone_masked}
            for r in residents
        ]]
        record_event(actor, "household.register", household, region_code=region.code, changes=changes, post=post)
    return household


def update_household(actor, household, **changes):
    """Change a household's number, address, grid or poverty status (its 屯 changes by transfer)."""
    unknown = set(changes) - set(HOUSEHOLD_EDITABLE)
    if unknown:
        raise ValidationError({field: _("此字段不能在此修改。") for field in unknown})
    require(actor, "people.edit", household.region_id, household.grid_id)
    errors = {}
    values = {}
    for field, check in (
        ("number", lambda v: clean_text(v, _("户编号"), 40)),
        ("address", lambda v: clean_text(v, _("住址"), 200)),
        ("poverty_status", clean_poverty_status),
    ):
        if field in changes:
            try:
                values[field] = check(changes[field])
            except ValidationError as error:
                errors[field] = error.messages
    if "grid" in changes:
        try:
            grid = resolve_region(changes["grid"], "grid", _("所属网格")) if changes["grid"] else None
            check_grid(grid, household.region.village_code())
            values["grid"] = grid
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        household = Household.objects.select_for_update().select_related("region").get(pk=household.pk)
        post = require(actor, "people.edit", household.region_id, household.grid_id)
        if "grid" in values:
            # The new grid must be in the actor's reach too: a grid worker cannot hand a household away.
            new_grid = values["grid"]
            post = require(actor, "people.edit", household.region_id, new_grid.code if new_grid else None)
        before = snapshot(household, HOUSEHOLD_AUDIT_FIELDS)
        for field, value in values.items():
            setattr(household, field, value)
        after = snapshot(household, HOUSEHOLD_AUDIT_FIELDS)
        changed = diff(before, after)
        if changed:
            household.save(update_fields=[*changed, "updated_at"])
            record_event(actor, "household.update", household, region_code=household.region_id,
                         changes=changed, post=post)
    return household


# --- Residents ------------------------------------------------------------------------


def add_resident(actor, household, **member):
    """Add a member to a household; a second 户主 is refused."""
    require(actor, "people.edit", household.region_id, household.grid_id)
    values, errors = clean_member(member)
    parsed = values.get("id_number")
    if parsed is not None and registered_indexes([citizen_id.index(parsed.number)]):
        errors["id_number"] = _("公民身份号码已登记,不能重复登记。")
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})

    with transaction.atomic():
        household = Household.objects.select_for_update().get(pk=household.pk)
        post = require(actor, "people.edit", household.region_id, household.grid_id)
        if values["relation"] == Relation.HEAD and household.residents.filter(relation=Relation.HEAD).exists():
            raise ValidationError({"relation": _("该户已有户主,每户只能有一名户主。")})
        resident = build_resident(household, values)
        save_residents([resident], "id_number")
        adjust_tally(household.region.village_code(), residents=1)
        record_event(
            actor, "resident.add", resident, region_code=household.region_id, post=post,
            changes={key: [None, value] for key, value in resident_audit_values(resident).items()
                     if value not in (None, "", False)},
        )
    return resident


def update_resident(actor, resident, **changes):
    """Change a resident's name, relation, phone, ethnicity, flags or status (在册/已迁出/已故)."""
    unknown = set(changes) - set(RESIDENT_EDITABLE)
    if unknown:
        raise ValidationError({field: _("此字段不能在此修改。") for field in unknown})
    require(actor, "people.edit", resident.region_id, resident.household.grid_id)
    errors, values = {}, {}
    checks = {
        "name": lambda v: clean_text(v, _("姓名"), 50, required=True),
        "relation": clean_relation,
        "phone": phones.parse,
        "ethnicity": lambda v: clean_text(v, _("民族"), 20) or "汉族",
        "status": clean_status,
    }
    for field, value in changes.items():
        if field in FLAG_FIELDS:
            values[field] = bool(value)
            continue
        try:
            values[field] = checks[field](value)
        except ValidationError as error:
            errors[field] = error.messages
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        resident = Resident.objects.select_for_update().select_related("household", "household__region").get(
            pk=resident.pk
        )
        post = require(actor, "people.edit", resident.region_id, resident.household.grid_id)
        if "relation" in values and values["relation"] != resident.relation:
            if values["relation"] == Relation.HEAD and resident.household.residents.filter(
                relation=Relation.HEAD
            ).exclude(pk=resident.pk).exists():
                raise ValidationError({"relation": _("该户已有户主,每户只能有一名户主。")})
            if resident.relation == Relation.HEAD:
                raise ValidationError({"relation": _("户主的关系不能直接修改:每户须有一名户主。")})
        before = resident_audit_values(resident)
        was_present = resident.is_present
        phone_changed = "phone" in values and values["phone"] != (resident.phone or "")
        for field, value in values.items():
            if field == "phone":
                resident.phone = value or None
                resident.phone_index = phones.index(value)
            else:
                setattr(resident, field, value)
        after = resident_audit_values(resident)
        changed = diff(before, after)
        if phone_changed and "phone" not in changed:
            # Same last four digits: still record that the phone changed, masked.
            changed["phone"] = [before["phone"], after["phone"]]
        if changed:
            update_fields = [field for field in values if field != "phone"]
            if "phone" in values:
                update_fields += ["phone", "phone_index"]
            resident.save(update_fields=[*update_fields, "updated_at"])
            if was_present != resident.is_present:
                adjust_tally(resident.household.region.village_code(), residents=1 if resident.is_present else -1)
            record_event(actor, "resident.update", resident, region_code=resident.region_id,
                         changes=changed, post=post)
    return resident


def reveal_id_number(actor, resident):
    """The full citizen ID, for roles that need it; every view is audited."""
    post = require(actor, "people.view_full_id", resident.region_id, resident.household.grid_id)
    with transaction.atomic():
        record_event(
            actor, "resident.reveal_id_number", resident, region_code=resident.region_id, post=post,
            changes={"id_number_viewed": [None, resident.id_number_masked]},
        )
    return resident.id_number


# --- Import -----------------------------------------------------------------------------


def start_import(actor, upload):
    """Queue an uploaded registry file; the task (tasks.import_registry_file) checks and writes it.

    The job's region is the post's: every row must lie under it.
    """
    from .tasks import import_registry_file

    require_capability(actor, "people.import")
    post = posts_with_capability(actor, "people.import")[0]
    with transaction.atomic():
        job = ImportJob.objects.create(
            region=post.region, file=upload, original_name=upload.name[:200], created_by=actor,
        )
        record_event(actor, "people.import_upload", job, region_code=post.region_id, post=post,
                     changes={"original_name": [None, job.original_name]})
        transaction.on_commit(partial(import_registry_file.enqueue, job.pk))
    return job
