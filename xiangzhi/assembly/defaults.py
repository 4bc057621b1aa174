"""The platform's default quorum and outcome rules, one per body, with their legal basis.

Each rule: body → (quorum (numerator, denominator, comparison, base), optional second quorum
route, pass (numerator, denominator, comparison, base), legal basis). "gt" is 超过/过半数 (strictly
more than), "gte" is 以上 (the number itself included, as Chinese statutes count it).
A quorum of (0, 1, …) means the body's rule sets no attendance requirement of its own.
Counties override a body's rule with their own row (county_department, assembly.rules).
"""

MEMBERS = "members"
VOTERS = "voters"
HOUSEHOLDS = "households"
PRESENT = "present"
ELIGIBLE = "eligible"

ORGANIC_LAW = "《中华人民共和国村民委员会组织法》"

DEFAULT_RULES = {
    "villagers_assembly": {
        "quorum": (1, 2, "gt", VOTERS),
        "alt_quorum": (2, 3, "gte", HOUSEHOLDS),
        "passing": (1, 2, "gt", PRESENT),
        "legal_basis": ORGANIC_LAW + "第二十二条:召开村民会议,应当有本村十八周岁以上村民的过半数,"
        "或者本村三分之二以上的户的代表参加,村民会议所作决定应当经到会人员的过半数通过。",
    },
    "representatives": {
        "quorum": (2, 3, "gte", MEMBERS),
        "alt_quorum": None,
        "passing": (1, 2, "gt", PRESENT),
        "legal_basis": ORGANIC_LAW + "第二十六条:村民代表会议有三分之二以上的组成人员参加方可召开,"
        "所作决定应当经到会人员的过半数同意。",
    },
    "villager_group": {
        "quorum": (2, 3, "gte", MEMBERS),
        "alt_quorum": None,
        "passing": (1, 2, "gt", PRESENT),
        "legal_basis": ORGANIC_LAW + "第二十八条:召开村民小组会议,应当有本村民小组十八周岁以上的村民三分之二以上,"
        "或者本村民小组三分之二以上的户的代表参加,所作决定应当经到会人员的过半数同意。",
    },
    "household_heads": {
        "quorum": (2, 3, "gte", MEMBERS),
        "alt_quorum": None,
        "passing": (1, 2, "gt", PRESENT),
        "legal_basis": "参照" + ORGANIC_LAW + "第二十八条(村民小组会议):屯户主会应当有本屯三分之二以上的户的代表参加,"
        "所作决定应当经到会人员的过半数同意。",
    },
    "party_members": {
        "quorum": (2, 3, "gte", MEMBERS),
        "alt_quorum": None,
        "passing": (1, 2, "gt", ELIGIBLE),
        "legal_basis": "《中国共产党农村基层组织工作条例》《中国共产党支部工作条例(试行)》:"
        "党员大会须有三分之二以上有表决权的党员到会方可召开;作出决定须经应到会有表决权的党员半数以上同意。",
    },
    "two_committees": {
        "quorum": (0, 1, "gte", MEMBERS),
        "alt_quorum": None,
        "passing": (1, 2, "gt", ELIGIBLE),
        "legal_basis": "“四议两公开”工作法:村“两委”联席会议商议事项,须经“两委”成员过半数同意。",
    },
    "party_organisation": {
        "quorum": (1, 2, "gt", MEMBERS),
        "alt_quorum": None,
        "passing": (1, 2, "gt", ELIGIBLE),
        "legal_basis": "《中国共产党支部工作条例(试行)》:支部委员会会议须有半数以上委员到会方可召开,"
        "讨论决定问题实行少数服从多数(平台默认:过半数委员出席、过半数委员同意)。",
    },
    "village_committee": {
        "quorum": (1, 2, "gt", MEMBERS),
        "alt_quorum": None,
        "passing": (1, 2, "gt", ELIGIBLE),
        "legal_basis": ORGANIC_LAW + "第二十一条及村民自治章程:村民委员会实行民主决策(平台默认:过半数成员出席、过半数成员同意)。",
    },
    "supervision": {
        "quorum": (1, 2, "gt", MEMBERS),
        "alt_quorum": None,
        "passing": (1, 2, "gt", ELIGIBLE),
        "legal_basis": ORGANIC_LAW + "第三十二条及村务监督委员会工作规则(平台默认:过半数成员出席、过半数成员同意)。",
    },
    "tun_council": {
        "quorum": (1, 2, "gt", MEMBERS),
        "alt_quorum": None,
        "passing": (1, 2, "gt", ELIGIBLE),
        "legal_basis": "屯务理事会章程(平台默认:过半数理事出席、过半数理事同意)。",
    },
}


def rule_fields(body):
    """The QuorumRule field values of a body's default rule."""
    spec = DEFAULT_RULES[body]
    fields = {"body": body, "legal_basis": spec["legal_basis"]}
    numerator, denominator, comparison, base = spec["quorum"]
    fields.update(quorum_numerator=numerator, quorum_denominator=denominator,
                  quorum_comparison=comparison, quorum_base=base)
    if spec["alt_quorum"]:
        numerator, denominator, comparison, base = spec["alt_quorum"]
        fields.update(alt_quorum_numerator=numerator, alt_quorum_denominator=denominator,
                      alt_quorum_comparison=comparison, alt_quorum_base=base)
    numerator, denominator, comparison, base = spec["passing"]
    fields.update(pass_numerator=numerator, pass_denominator=denominator,
                  pass_comparison=comparison, pass_base=base)
    return fields
