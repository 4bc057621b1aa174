"""Shared test data: the default lists adopted for township A and villages A1, A2, B1."""

from django.core.files.uploadedfile import SimpleUploadedFile

from xiangzhi.powers import cases, lists
from xiangzhi.powers.models import PowerItem
from xiangzhi.regions.models import Region

TOWNSHIP_A, TOWNSHIP_B = "450321100", "450321101"
A1, A2, B1 = "450321100200", "450321100202", "450321101200"
CERTIFICATE = "06"  # 出具证明: 受理申请 (evidence) → 核实情况 → 审核签批 → 盖章出具 (evidence)


def adopt_all(personas):
    """Version 1 in force for township A and the three villages, adopted by their own heads."""
    return {
        TOWNSHIP_A: lists.adopt_default_list(personas.township_a, Region.objects.get(code=TOWNSHIP_A)),
        A1: lists.adopt_default_list(personas.secretary_a1, Region.objects.get(code=A1)),
        A2: lists.adopt_default_list(personas.township_a, Region.objects.get(code=A2)),
        B1: lists.adopt_default_list(personas.township_b, Region.objects.get(code=B1)),
    }


def item_of(region_code, code=CERTIFICATE, state="active"):
    return PowerItem.objects.select_related("power_list__region").get(
        power_list__region_id=region_code, power_list__state=state, code=code
    )


def evidence(name="证明存根.jpg", content=b"\xff\xd8\xff evidence"):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def start(personas, region_code=A1, code=CERTIFICATE, cadre=None):
    cadre = cadre or personas.cadre_a1
    return cases.start_case(cadre, item_of(region_code, code), applicant_name="张三丰", subject="申请出具居住证明")


def run_to_end(cadre, case, *, result="done", result_text="已出具居住证明。"):
    """Complete every step, uploading evidence where it is required, and conclude."""
    while case.state == "in_progress":
        files = [evidence()] if case.current_step.evidence_required else []
        cases.complete_step(cadre, case, attachments=files, result=result, result_text=result_text)
    return case
