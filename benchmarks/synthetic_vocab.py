"""The word lists and proportions the synthetic graphs are made of (``synthetic.py``): the
namespace prefixes, the syllables of made-up names, and the kinds, roles, units and measures
with the weights the real report has."""

from __future__ import annotations

import random

PREFIXES = {
    "csr": "https://w3id.org/csr-kg/ontology#",
    "csrs": "https://w3id.org/csr-kg/scheme/",
    "id": "https://w3id.org/csr-kg/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "program": "https://w3id.org/csr-kg/id/program/",
    "organization": "https://w3id.org/csr-kg/id/org/",
    "tencent": "https://w3id.org/csr-kg/id/tencent/",
    "person": "https://w3id.org/csr-kg/id/person/",
    "place": "https://w3id.org/csr-kg/id/place/",
    "event": "https://w3id.org/csr-kg/id/event/",
    "award": "https://w3id.org/csr-kg/id/award/",
    "stakeholder": "https://w3id.org/csr-kg/id/stakeholder/",
    "demand": "https://w3id.org/csr-kg/id/demand/",
    "unit": "https://w3id.org/csr-kg/id/unit/",
}

# (hanzi, pinyin): enough syllables that made-up names rarely collide
SYLLABLES = [tuple(s.split(":")) for s in """
腾:teng 讯:xun 公:gong 益:yi 乡:xiang 村:cun 教:jiao 育:yu 科:ke 技:ji 文:wen 化:hua 数:shu
字:zi 生:sheng 态:tai 环:huan 保:bao 健:jian 康:kang 医:yi 疗:liao 助:zhu 学:xue 基:ji 金:jin
平:ping 台:tai 行:xing 动:dong 城:cheng 智:zhi 慧:hui 云:yun 安:an 全:quan 青:qing 年:nian
老:lao 人:ren 儿:er 童:tong 水:shui 山:shan 林:lin 海:hai 河:he 湖:hu 江:jiang 新:xin 华:hua
中:zhong 民:min 社:she 共:gong 创:chuang 未:wei 来:lai 光:guang 明:ming 爱:ai 心:xin 善:shan
美:mei 好:hao 信:xin 息:xi 网:wang 络:luo 联:lian 研:yan 究:jiu 大:da 小:xiao 东:dong 西:xi
南:nan 北:bei 春:chun 秋:qiu 星:xing 火:huo 种:zhong 子:zi 书:shu 路:lu 桥:qiao 田:tian
园:yuan 家:jia 庭:ting 福:fu 寿:shou 乐:le 和:he 远:yuan 志:zhi 愿:yuan 梦:meng 想:xiang
筑:zhu 启:qi 航:hang 益:yi 微:wei 众:zhong 筹:chou 互:hu 惠:hui 润:run 泽:ze 雨:yu 露:lu
""".split()]

PROGRAM_SUFFIX = [("计划", "jihua", "Plan"), ("行动", "xingdong", "Campaign"),
                  ("项目", "xiangmu", "Project"), ("平台", "pingtai", "Platform"),
                  ("基金", "jijin", "Fund"), ("课堂", "ketang", "Classroom")]
ORG_KINDS = [  # organization-kind, class, zh suffix, pinyin, en suffix, weight
    ("company", "Company", "公司", "gongsi", "Co., Ltd.", 26),
    ("government", "GovernmentBody", "局", "ju", "Bureau", 17),
    ("academic", "AcademicInstitution", "大学", "daxue", "University", 15),
    ("association", "Association", "协会", "xiehui", "Association", 12),
    ("foundation", "Foundation", "基金会", "jijinhui", "Foundation", 9),
    ("media", "MediaOrganization", "报社", "baoshe", "Daily", 9),
    ("international", "InternationalOrganization", "国际组织", "guojizuzhi",
     "International", 8),
    ("hospital", "Hospital", "医院", "yiyuan", "Hospital", 5),
    ("ngo", "NGO", "公益中心", "gongyizhongxin", "Centre", 4),
    ("other", None, "中心", "zhongxin", "Center", 5),
]
PLACE_LEVELS = [  # place-kind, zh suffix, pinyin, en suffix, share of the places
    ("province", "省", "sheng", "Province", 0.10),
    ("city", "市", "shi", "City", 0.25),
    ("county", "县", "xian", "County", 0.30),
    ("village", "村", "cun", "Village", 0.35),
]
PARTNER_ROLES = (["partner"] * 8 + ["organizer"] * 5 + ["funder"] * 4 + ["co-builder"] * 4
                 + ["technology-provider"] * 3 + ["donor"] * 3 + ["supporter"] * 3
                 + ["implementer", "co-organizer", "guidance", "participant", "initiator",
                    "operator", "research-partner", "media-partner", "signatory", "member",
                    "beneficiary", "recipient", "customer", "investor", "co-founder"])
PROGRAM_KINDS = ["project", "program", "platform", "initiative", "campaign", "fund", "plan",
                 "course", "competition", "alliance", "exhibition", "publication", "award",
                 "standard"]
TENCENT_KINDS = ["unit", "department", "lab", "platform", "brand", "company"]
EVENT_KINDS = ["conference", "campaign-day", "competition", "exhibition", "ceremony", "other",
               "meeting", "forum", "launch", "disaster"]
DIMENSIONS = ["economy", "culture", "politics-livelihood", "ecology", "society"]
ROLES = ["ecosystem-builder", "toolbox", "connector"]
DRIVERS = ["culture", "technology"]
OBJECTS = ["government", "industry", "employees", "users"]
QUALIFIERS = ["more-than", "at-least", "up-to", "approx", "less-than", "nearly"]
TIERS = ["must", "should", "may"]
CRITERIA = ["process", "materiality", "completeness", "balance", "comparability",
            "readability", "innovation"]
GROUPS = [("government", "政府", "zhengfu", "Government"),
          ("users", "用户", "yonghu", "Users"),
          ("employees", "员工", "yuangong", "Employees"),
          ("partners", "合作伙伴", "hezuohuoban", "Partners"),
          ("communities", "社区", "shequ", "Communities"),
          ("shareholders", "股东", "gudong", "Shareholders"),
          ("environment", "环境", "huanjing", "Environment")]
UNITS = [  # notation, zh, en, money?
    ("CNY", "元", "yuan", True), ("USD", "美元", "US dollars", True),
    ("HKD", "港元", "Hong Kong dollars", True), ("EUR", "欧元", "euros", True),
    ("person", "人", "people", False), ("person-time", "人次", "person-times", False),
    ("school", "所学校", "schools", False), ("village", "个村", "villages", False),
    ("item", "项", "items", False), ("hour", "小时", "hours", False),
    ("ton", "吨", "tonnes", False), ("account", "个账户", "accounts", False),
    ("donation", "笔", "donations", False), ("percent", "%", "per cent", False),
]
MEASURES = [("受益人数", "people reached"), ("捐款总额", "money raised"),
            ("参与人次", "participations"), ("覆盖学校", "schools covered"),
            ("培训时长", "training hours"), ("减排量", "emissions avoided"),
            ("投入资金", "funds committed"), ("志愿者人数", "volunteers"),
            ("月活跃账户数", "monthly active accounts"), ("捐赠笔数", "donations")]



class _Names:
    """Made-up Chinese names with their pinyin and an English rendering."""

    def __init__(self, rnd: random.Random):
        self.rnd = rnd

    def stem(self, lo: int = 2, hi: int = 3) -> tuple[str, str, str]:
        picks = [self.rnd.choice(SYLLABLES) for _ in range(self.rnd.randint(lo, hi))]
        zh = "".join(h for h, _ in picks)
        py = "".join(p for _, p in picks)
        en = " ".join(p.capitalize() for _, p in picks[:1]) + "".join(p for _, p in picks[1:])
        return zh, py, en

