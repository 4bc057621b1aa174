"""The 一票否决 allowlist (vetoes.yaml): the only vetoes a scheme may carry, each with its basis."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import gettext_lazy as _

ALLOWLIST = Path(__file__).with_name("vetoes.yaml")
BASIS_LEVELS = {"central": _("中央"), "regional": _("自治区")}


@dataclass(frozen=True)
class Veto:
    key: str
    title: str
    basis: str  # the central or regional document that requires it
    level: str  # "central" or "regional"

    @property
    def level_label(self):
        return BASIS_LEVELS[self.level]


@cache
def allowed_vetoes():
    """{key: Veto}, in file order. An entry without a central or regional basis is a broken file."""
    entries = yaml.safe_load(ALLOWLIST.read_text(encoding="utf-8")) or []
    vetoes = {}
    for entry in entries:
        veto = Veto(key=str(entry["key"]), title=str(entry["title"]), basis=str(entry["basis"]),
                    level=str(entry["level"]))
        if veto.level not in BASIS_LEVELS or not veto.basis.strip():
            raise ValueError(f"vetoes.yaml: {veto.key} needs a central or regional basis")
        vetoes[veto.key] = veto
    return vetoes
