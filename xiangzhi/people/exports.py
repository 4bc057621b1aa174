"""Exporting the scoped registry to Excel, in the import template's columns, IDs and phones masked."""

import tempfile

from django.db import transaction
from openpyxl import Workbook

from xiangzhi.accounts.permissions import posts_with_capability, require_capability
from xiangzhi.core.audit import record_event

from .imports import HEADERS
from .models import FLAG_FIELDS, PovertyStatus, Relation
from .queries import residents_for

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POVERTY_LABELS = {value: str(label) for value, label in PovertyStatus.choices}
RELATION_LABELS = {value: str(label) for value, label in Relation.choices}


def registry_row(resident):
    household = resident.household
    return [
        household.number or str(household.pk),
        household.region_id,
        household.grid_id or "",
        household.address,
        POVERTY_LABELS.get(household.poverty_status, ""),
        resident.name,
        RELATION_LABELS.get(resident.relation, resident.relation),
        resident.id_number_masked,
        resident.phone_masked,
        resident.ethnicity,
        *("是" if getattr(resident, flag) else "否" for flag in FLAG_FIELDS),
    ]


def export_registry(actor, filters):
    """An open temporary .xlsx file of the residents the actor may export, and the row count.

    Built with openpyxl's write-only mode, so memory stays flat however large the scope.
    """
    require_capability(actor, "people.export")
    post = posts_with_capability(actor, "people.export")[0]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("户籍村民")
    sheet.append(HEADERS)
    count = 0
    queryset = residents_for(actor, filters, capability="people.export").select_related("household")
    for resident in queryset.iterator(chunk_size=2000):
        sheet.append(registry_row(resident))
        count += 1
    file = tempfile.TemporaryFile(suffix=".xlsx")
    workbook.save(file)
    file.seek(0)
    with transaction.atomic():
        record_event(actor, "people.export", None, region_code=post.region_id, post=post,
                     target_repr="户籍村民导出", changes={"rows": [None, count], "filters": [None, filters.as_dict()]})
    return file, count
