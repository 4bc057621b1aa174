"""The plan as data: one YAML file per plan in the plans folder (settings.XIANGZHI_PLAN_DIR).

A file names the plan's actions and, under each, its targets: the indicator that measures it
(registered by the module that owns the data, see registry.py), the comparator and value, the
deadline year and the plan's section. A target whose module is not installed yet is kept and
shown as 待接入 (pending); a target naming an indicator that an installed module does not
register, or a malformed target, makes the whole file refused with its line number.

A new plan is a new file; the current one is settings.XIANGZHI_PLAN.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings

from . import registry

DEFAULT_PLAN = "guangxi-2021-2025"
COMPARATORS = (">=", "<=")
SHARE_KINDS = (registry.RATIO, registry.UNITS)


class PlanError(ValueError):
    """A plan file that cannot be used; the message names the file and the line."""


def module_installed(label):
    """Whether the app of this label is installed (a dict lookup: a dashboard asks it for every
    target of every child unit it lists)."""
    try:
        apps.get_app_config(label)
    except LookupError:
        return False
    return True


@dataclass(frozen=True)
class Target:
    key: str
    indicator: str  # the indicator's key in the registry
    title: str
    action: str
    module: str
    comparator: str
    value: float
    deadline: int
    section: str
    quantified: bool
    green: float = 1.0
    amber: float = 0.9
    unit: str = "%"
    line: int = 0

    @property
    def pending(self):
        """待接入: the module that would measure it is not part of this installation."""
        return not module_installed(self.module)

    @property
    def definition(self):
        """The registered Indicator, or None while pending."""
        return None if self.pending else registry.get(self.indicator)

    @property
    def is_share(self):
        definition = self.definition
        if definition is not None:
            return definition.kind in SHARE_KINDS
        return self.unit == "%"

    def reached(self, value):
        """How much of the target a value reaches (1.0 = met); None when there is no value."""
        if value is None:
            return None
        if self.comparator == ">=":
            return value / self.value if self.value else 1.0
        if not value:
            return 1.0
        return self.value / value

    def meets(self, value):
        if value is None:
            return False
        return value >= self.value if self.comparator == ">=" else value <= self.value

    def rag(self, value):
        """"green", "amber" or "red" by the target's thresholds; None without a value or while pending."""
        reached = self.reached(value)
        if reached is None or self.pending:
            return None
        if reached >= self.green:
            return "green"
        if reached >= self.amber:
            return "amber"
        return "red"


@dataclass(frozen=True)
class Action:
    key: str
    title: str
    section: str
    targets: tuple


@dataclass(frozen=True)
class Plan:
    key: str
    title: str
    start_year: int
    end_year: int
    actions: tuple

    def targets(self):
        return [target for action in self.actions for target in action.targets]

    def target(self, key):
        for target in self.targets():
            if target.key == key:
                return target
        raise KeyError(key)

    def indicators(self):
        """The registered indicators the plan measures (pending ones left out), each once, in plan order."""
        found = {}
        for target in self.targets():
            definition = target.definition
            if definition is not None:
                found.setdefault(definition.key, definition)
        return list(found.values())

    def period_kinds(self):
        """The period kinds of the plan's measured indicators (year, quarter, month)."""
        return sorted({indicator.period_kind for indicator in self.indicators()})


# --- loading ---------------------------------------------------------------------------

def plan_dir():
    configured = getattr(settings, "XIANGZHI_PLAN_DIR", None)
    return Path(configured) if configured else Path(__file__).resolve().parent / "plans"


def available_plans():
    return sorted(path.stem for path in plan_dir().glob("*.yaml"))


_cache = {}


def clear_cache():
    _cache.clear()


def load_plan(key=None):
    """The plan named `key` (default settings.XIANGZHI_PLAN), parsed and checked once per process."""
    key = key or getattr(settings, "XIANGZHI_PLAN", DEFAULT_PLAN)
    path = plan_dir() / f"{key}.yaml"
    cache_key = str(path)
    if cache_key not in _cache:
        if key not in available_plans():
            raise PlanError(f"没有名为 {key} 的规划文件")
        _cache[cache_key] = parse_plan(path.read_text(encoding="utf-8"), key)
    return _cache[cache_key]


def parse_plan(text, key, *, filename=None):
    """Parse and check a plan file's text; PlanError naming the file and line on any fault."""
    return _Parser(filename or f"{key}.yaml").plan(text, key)


class _Parser:
    def __init__(self, filename):
        self.filename = filename

    def fail(self, node, message):
        line = node.start_mark.line + 1 if node is not None else 1
        raise PlanError(f"{self.filename} 第 {line} 行：{message}")

    # YAML nodes → Python values, keeping each node's line for messages.
    def compose(self, text):
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 1
            problem = getattr(error, "problem", None) or error
            raise PlanError(f"{self.filename} 第 {line} 行：YAML 格式错误（{problem}）") from None
        if root is None:
            raise PlanError(f"{self.filename} 第 1 行：文件是空的")
        return root

    def mapping(self, node, what):
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what}应为键值映射")
        fields = {}
        for key_node, value_node in node.value:
            fields[str(key_node.value)] = value_node
        return fields

    def sequence(self, node, what):
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what}应为列表")
        return node.value

    def value(self, node):
        return yaml.SafeLoader("").construct_object(node, deep=True)

    def text(self, fields, name, owner, label, *, required=True, default=""):
        node = fields.get(name)
        if node is None:
            if required:
                self.fail(owner, f"缺少{label}（{name}）")
            return default
        value = self.value(node)
        if not isinstance(value, (str, int)) or isinstance(value, bool) or str(value).strip() == "":
            self.fail(node, f"{label}（{name}）应为非空文字")
        return str(value).strip()

    def number(self, fields, name, owner, label, *, required=True, default=None):
        node = fields.get(name)
        if node is None:
            if required:
                self.fail(owner, f"缺少{label}（{name}）")
            return default, owner
        value = self.value(node)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(node, f"{label}（{name}）应为数字，而不是「{value}」")
        return value, node

    # The file.
    def plan(self, text, key):
        root = self.compose(text)
        fields = self.mapping(root, "规划文件")
        title = self.text(fields, "title", root, "规划名称")
        start, start_node = self.number(fields, "start_year", root, "起始年份")
        end, end_node = self.number(fields, "end_year", root, "截止年份")
        if int(start) != start or int(end) != end or start > end:
            self.fail(end_node, "起止年份应为整数年份，且起始不晚于截止")
        self.years = (int(start), int(end))
        if "actions" not in fields:
            self.fail(root, "缺少行动列表（actions）")
        self.target_keys = {}
        actions = []
        action_keys = set()
        for action_node in self.sequence(fields["actions"], "行动列表（actions）"):
            action = self.action(action_node)
            if action.key in action_keys:
                self.fail(action_node, f"行动 {action.key} 重复")
            action_keys.add(action.key)
            actions.append(action)
        return Plan(key=key, title=title, start_year=self.years[0], end_year=self.years[1], actions=tuple(actions))

    def action(self, node):
        fields = self.mapping(node, "行动")
        key = self.text(fields, "key", node, "行动代码")
        title = self.text(fields, "title", node, "行动名称")
        section = self.text(fields, "section", node, "条款", required=False)
        targets = []
        if "targets" in fields:
            for target_node in self.sequence(fields["targets"], "目标列表（targets）"):
                targets.append(self.target(target_node, key))
        return Action(key=key, title=title, section=section, targets=tuple(targets))

    def target(self, node, action):
        fields = self.mapping(node, "目标")
        indicator = self.text(fields, "indicator", node, "指标")
        key = self.text(fields, "key", node, "目标代码", required=False, default=indicator)
        line = node.start_mark.line + 1
        if key in self.target_keys:
            self.fail(fields.get("key", node), f"目标 {key} 重复（第 {self.target_keys[key]} 行已有）")
        self.target_keys[key] = line
        module = self.text(fields, "module", node, "所属模块")
        title = self.text(fields, "title", node, "目标名称")
        comparator_node = fields.get("comparator")
        comparator = self.text(fields, "comparator", node, "比较方式")
        if comparator not in COMPARATORS:
            self.fail(comparator_node, f"比较方式只能是 >= 或 <=，而不是「{comparator}」")
        value, value_node = self.number(fields, "value", node, "目标值")
        if value < 0:
            self.fail(value_node, "目标值不能为负数")
        deadline, deadline_node = self.number(fields, "deadline", node, "完成年份")
        start, end = self.years
        if int(deadline) != deadline or not start <= deadline <= end:
            self.fail(deadline_node, f"完成年份 {deadline} 不在规划期 {start}—{end} 年内")
        green, _ = self.number(fields, "green", node, "绿灯阈值", required=False, default=1.0)
        amber, amber_node = self.number(fields, "amber", node, "黄灯阈值", required=False, default=0.9)
        if not 0 < amber <= green:
            self.fail(amber_node, "黄灯阈值应大于 0 且不高于绿灯阈值")
        quantified_node = fields.get("quantified")
        quantified = True
        if quantified_node is not None:
            quantified = self.value(quantified_node)
            if not isinstance(quantified, bool):
                self.fail(quantified_node, "quantified 应为 true 或 false")
        target = Target(
            key=key, indicator=indicator, title=title, action=action, module=module, comparator=comparator,
            value=float(value), deadline=int(deadline),
            section=self.text(fields, "section", node, "条款", required=False),
            quantified=quantified, green=float(green), amber=float(amber),
            unit=self.text(fields, "unit", node, "单位", required=False, default="%"), line=line,
        )
        if not target.pending and registry.get(indicator) is None:
            self.fail(fields["indicator"], f"未知指标 {indicator}")
        if target.is_share and value > 1:
            self.fail(value_node, f"占比目标应写成小数（0.8 即 80%），{value} 大于 1")
        return target
