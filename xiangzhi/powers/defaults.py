"""The default 小微权力清单 a township or a village adopts as its first version.

Modelled on the lists Guangxi counties publish (村级小微权力清单 of 36–40 items, trimmed to
the eight the plan names). `levels` says which lists an item belongs in: every item is a
village power; the township list carries the items a township office exercises itself.
A step: (name, responsible, role, time limit in days (0: none), evidence required, evidence).
"""

SECRETARY = "village_secretary"
DIRECTOR = "village_director"
CADRE = "village_cadre"
SUPERVISOR = "village_supervisor"
TOWNSHIP = "township_official"

DEFAULT_ITEMS = [
    {
        "code": "01",
        "name": "低保、特困供养申请初审",
        "category": "livelihood",
        "levels": ("village",),
        "legal_basis": "《社会救助暂行办法》第十一条、第十九条;《广西壮族自治区最低生活保障审核审批办法》",
        "responsible": "村民委员会",
        "responsible_role": DIRECTOR,
        "time_limit": 15,
        "time_limit_unit": "working",
        "required_evidence": "申请书;户口簿、身份证复印件;家庭收入、财产状况说明;授权核对家庭经济状况的承诺书",
        "negative_list": (
            "不得优亲厚友、为不符合条件的人员申报\n"
            "不得收受申请人财物或索要好处\n"
            "不得未经民主评议直接上报\n"
            "不得以拆户、分户等方式违规申报"
        ),
        "steps": [
            ("受理申请", "村委会经办人", CADRE, 2, True, "申请书及家庭经济状况材料"),
            ("入户调查", "村委会经办人(两人以上)", CADRE, 5, True, "入户调查表"),
            ("民主评议", "村民小组、村民代表", DIRECTOR, 5, True, "民主评议会议记录"),
            ("村两委审核", "村党组织书记、村委会主任", SECRETARY, 2, True, "村两委会议记录"),
            ("公示", "村委会", DIRECTOR, 7, True, "公示照片"),
            ("上报乡镇", "村委会主任", DIRECTOR, 2, False, "上报材料清单"),
        ],
    },
    {
        "code": "02",
        "name": "宅基地申请初审",
        "category": "land",
        "levels": ("village",),
        "legal_basis": "《中华人民共和国土地管理法》第六十二条;《农村宅基地管理办法》;《广西壮族自治区农村宅基地审批管理办法》",
        "responsible": "村民委员会",
        "responsible_role": DIRECTOR,
        "time_limit": 20,
        "time_limit_unit": "working",
        "required_evidence": "农村宅基地和建房(规划许可)申请表;户口簿;承诺书;村民小组意见",
        "negative_list": (
            "不得为一户多宅、面积超标的申请出具同意意见\n"
            "不得为占用永久基本农田的申请出具同意意见\n"
            "不得未经村民小组讨论直接审核\n"
            "不得收取任何费用"
        ),
        "steps": [
            ("受理申请", "村委会经办人", CADRE, 2, True, "申请表、户口簿复印件"),
            ("村民小组评议", "村民小组长", CADRE, 5, True, "村民小组会议记录"),
            ("村两委审核", "村党组织书记、村委会主任", SECRETARY, 3, True, "村两委会议记录及现场查看记录"),
            ("公示", "村委会", DIRECTOR, 5, True, "公示照片"),
            ("上报乡镇", "村委会主任", DIRECTOR, 2, False, ""),
        ],
    },
    {
        "code": "03",
        "name": "集体资产资源处置",
        "category": "assets",
        "levels": ("village",),
        "legal_basis": "《中华人民共和国村民委员会组织法》第二十四条;《农村集体经济组织财务制度》;四议两公开工作法",
        "responsible": "村党组织、村民委员会",
        "responsible_role": SECRETARY,
        "time_limit": 60,
        "time_limit_unit": "calendar",
        "required_evidence": "处置方案;资产评估报告;村民(代表)会议决议;乡镇备案意见",
        "negative_list": (
            "不得未经村民(代表)会议表决处置集体资产资源\n"
            "不得低价发包、出租、出售集体资产资源\n"
            "不得违规将集体资产资源用于抵押、担保\n"
            "不得暗箱操作、指定承包人"
        ),
        "steps": [
            ("村党组织提议", "村党组织书记", SECRETARY, 5, True, "提议材料"),
            ("村两委商议", "村两委成员", SECRETARY, 5, True, "商议会议记录"),
            ("党员大会审议", "村党组织", SECRETARY, 10, True, "党员大会记录"),
            ("村民代表会议决议", "村民委员会", DIRECTOR, 10, True, "决议及表决记录"),
            ("决议公开", "村委会", DIRECTOR, 5, True, "公开照片"),
            ("组织实施", "村委会主任", DIRECTOR, 20, True, "合同或交易凭证"),
            ("结果公开", "村委会", DIRECTOR, 5, True, "公开照片"),
        ],
    },
    {
        "code": "04",
        "name": "村级工程项目招投标",
        "category": "projects",
        "levels": ("village",),
        "legal_basis": "《中华人民共和国招标投标法》;《广西壮族自治区村级小型工程项目建设管理办法》;四议两公开工作法",
        "responsible": "村民委员会",
        "responsible_role": DIRECTOR,
        "time_limit": 45,
        "time_limit_unit": "calendar",
        "required_evidence": "项目立项决议;招标(比选)公告;评标记录;中标公示;施工合同",
        "negative_list": (
            "不得将应当招标的项目化整为零规避招标\n"
            "不得指定施工单位或泄露标底\n"
            "不得由村干部及其近亲属承揽本村工程\n"
            "不得未经验收支付工程款"
        ),
        "steps": [
            ("项目立项决议", "村民代表会议", DIRECTOR, 10, True, "立项决议"),
            ("发布招标公告", "村委会", DIRECTOR, 7, True, "招标公告"),
            ("开标评标", "评标小组、村务监督委员会", SUPERVISOR, 5, True, "评标记录"),
            ("中标公示", "村委会", DIRECTOR, 3, True, "公示照片"),
            ("签订合同", "村委会主任", DIRECTOR, 5, True, "施工合同"),
        ],
    },
    {
        "code": "05",
        "name": "印章使用管理",
        "category": "affairs",
        "levels": ("village", "township"),
        "legal_basis": "《中国共产党农村基层组织工作条例》;《村级组织印章管理办法》",
        "responsible": "印章管理人",
        "responsible_role": SECRETARY,
        "time_limit": 1,
        "time_limit_unit": "working",
        "required_evidence": "用印申请;用印文件",
        "negative_list": (
            "不得在空白纸张、空白介绍信上加盖印章\n"
            "不得为内容不实的材料用印\n"
            "不得将印章带离办公场所私自使用\n"
            "不得未经审批登记用印"
        ),
        "steps": [
            ("用印申请", "经办人", CADRE, 0, True, "用印申请单"),
            ("审核批准", "村党组织书记或村委会主任", SECRETARY, 1, False, ""),
            ("登记用印", "印章管理人", CADRE, 1, True, "用印登记簿照片"),
        ],
    },
    {
        "code": "06",
        "name": "出具证明",
        "category": "affairs",
        "levels": ("village", "township"),
        "legal_basis": "《中华人民共和国村民委员会组织法》第二条;公安部等《关于改进和规范公安派出所出具证明工作的意见》",
        "responsible": "村民委员会",
        "responsible_role": DIRECTOR,
        "time_limit": 3,
        "time_limit_unit": "working",
        "required_evidence": "申请人身份证明;证明事项的相关材料",
        "negative_list": (
            "不得出具法律法规未要求由村出具的证明\n"
            "不得出具内容不实的证明\n"
            "不得收取任何费用\n"
            "不得刁难、推诿群众"
        ),
        "steps": [
            ("受理申请", "村委会经办人", CADRE, 1, True, "申请人身份证明及相关材料"),
            ("核实情况", "村委会经办人", CADRE, 1, False, ""),
            ("审核签批", "村委会主任", DIRECTOR, 1, False, ""),
            ("盖章出具", "印章管理人", CADRE, 1, True, "证明存根"),
        ],
    },
    {
        "code": "07",
        "name": "村级财务报销",
        "category": "finance",
        "levels": ("village",),
        "legal_basis": "《村集体经济组织会计制度》;《广西壮族自治区村级财务管理规定》",
        "responsible": "村民委员会、村务监督委员会",
        "responsible_role": DIRECTOR,
        "time_limit": 10,
        "time_limit_unit": "working",
        "required_evidence": "合法有效票据;经办人、证明人签字;大额支出的决议",
        "negative_list": (
            "不得白条入账\n"
            "不得超标准、超范围报销\n"
            "不得未经村务监督委员会审核报销\n"
            "不得坐收坐支、公款私存"
        ),
        "steps": [
            ("经办人填单", "经办人", CADRE, 2, True, "原始票据"),
            ("村务监督委员会审核", "村务监督委员会主任", SUPERVISOR, 3, False, ""),
            ("村主要负责人审批", "村党组织书记", SECRETARY, 2, False, ""),
            ("报乡镇三资代理中心记账", "报账员", CADRE, 3, True, "记账凭证"),
        ],
    },
    {
        "code": "08",
        "name": "村级用工",
        "category": "affairs",
        "levels": ("village",),
        "legal_basis": "《中华人民共和国劳动合同法》;《中华人民共和国村民委员会组织法》第二十四条",
        "responsible": "村民委员会",
        "responsible_role": DIRECTOR,
        "time_limit": 15,
        "time_limit_unit": "working",
        "required_evidence": "用工计划及决议;报名及选用记录;用工协议",
        "negative_list": (
            "不得优先安排村干部亲属\n"
            "不得未经公示确定用工人员\n"
            "不得克扣、拖欠务工报酬"
        ),
        "steps": [
            ("村两委研究用工计划", "村两委", SECRETARY, 3, True, "会议记录"),
            ("公开招聘", "村委会", DIRECTOR, 5, True, "招聘公告"),
            ("确定人选并公示", "村委会", DIRECTOR, 5, True, "公示照片"),
            ("签订用工协议", "村委会主任", DIRECTOR, 2, True, "用工协议"),
        ],
    },
]


def default_items(level):
    """The default items for a list of this level ("village" or "township")."""
    return [item for item in DEFAULT_ITEMS if level in item["levels"]]
