# The tables below keep one row per line, like the lists they model: long lines are intended.
# ruff: noqa: E501
"""The 栾川县 demo dataset: an item list, ~30,000 entities, ~300 inspectors, conflicts, accounts.

Everything is generated in memory from ``random.Random(seed)`` and written through the same
paths a user takes: the three directories as CSV files through ``importers.import_file`` (one
audited import each), conflicts through ``services.conflict_add`` and accounts through
``services.user_create``, all as the command line's SYSTEM actor. Running it again writes
nothing: rows already present are left alone and no empty import is audited.

Dates are fixed (not relative to today) so the same seed always gives the same rows.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model

from shuangsuiji.common import uscc

from . import services
from .access import SYSTEM
from .importers import (
    EntityImporter,
    ImportReport,
    InspectorImporter,
    ItemImporter,
    import_file,
)
from .models import Conflict, Department, Entity, InspectionItem, Inspector, Role, User
from .reference import AREAS, MEMBER_UNITS
from .tabular import write

DEFAULT_SEED = 410324
DEFAULT_ENTITIES = 30_000
DEFAULT_INSPECTORS = 300
DEFAULT_EXPERTS = 20
DEFAULT_CONFLICTS = 40
YEARS = (2025, 2026)
# Newest date any generated row may carry: established dates stay in the past whatever the seed.
AS_OF = dt.date(2025, 10, 31)

Say = Callable[[str], None]

# Demo data of later stages (sampling adds tasks with completed draws), registered from their
# AppConfig.ready so this module never imports them. Each step returns an object with a
# ``wrote_anything`` attribute and must write nothing when its data is already there.
DemoStep = Callable[[Say], Any]
DEMO_STEPS: dict[str, DemoStep] = {}
# Steps run by ``order``, then by registration: a step that gathers what others made (the annual
# plan holding the demo tasks) registers with a higher order.
DEMO_ORDER: dict[str, int] = {}


def register_demo_step(name: str, step: DemoStep, *, order: int = 100) -> None:
    DEMO_STEPS[name] = step
    DEMO_ORDER[name] = order


# ---------------------------------------------------------------- departments and accounts

# Login prefixes (pinyin initials) for the demo accounts of each member unit.
ACCOUNT_SLUGS: dict[str, str] = {
    "县市场监督管理局": "scjg",
    "县发改委": "fgw",
    "县教育体育局": "jtj",
    "县科技局": "kjj",
    "县工业信息化和商务局": "gxsw",
    "县民族宗教事务局": "mzzj",
    "县公安局": "gaj",
    "县司法局": "sfj",
    "县财政局": "czj",
    "县人力资源和社会保障局": "rsj",
    "县自然资源局": "zrzy",
    "市生态环境局栾川分局": "sthj",
    "县住房和城乡建设局": "zjj",
    "县交通运输局": "jtys",
    "县水利局": "slj",
    "县农业农村局": "nync",
    "县文化广电和旅游局": "wglj",
    "县卫生健康委": "wjw",
    "县应急管理局": "yjgl",
    "县统计局": "tjj",
    "县国防动员办公室": "gfdy",
    "国家税务总局栾川县税务局": "swj",
    "县民政局": "mzj",
    "县林业局": "lyj",
    "县烟草局": "ycj",
    "县消防救援大队": "xfdd",
    "县粮食和物资储备中心": "lczx",
    "县气象局": "qxj",
    "县城市管理局": "cgj",
    "县医疗保障局": "ybj",
    "县金融发展服务中心": "jrzx",
}
OFFICE_USERNAME = "lxb_admin"

MARKET = "县市场监督管理局"
ENV = "市生态环境局栾川分局"
SAFETY = "县应急管理局"
HEALTH = "县卫生健康委"
CULTURE = "县文化广电和旅游局"
COMMERCE = "县工业信息化和商务局"

# ---------------------------------------------------------------- the item list

# (检查主体, 抽查类别, 抽查事项, 检查对象, 重点?, 检查方式, 检查依据, 比例上限%, 频次, 配合部门)
# Modelled on the rows in domain.md and the Henan provincial lists; 配合部门 non-empty means
# the item is in the 触发式部门联合抽查事项清单 with its 检查主体 as 发起部门.
ItemSpec = tuple[str, str, str, str, bool, str, str, str, str, tuple[str, ...]]

# fmt: off
ITEMS: list[ItemSpec] = [
    (MARKET, "登记事项检查", "营业执照（登记证）规范使用情况的检查", "企业、个体工商户、农民专业合作社", False, "现场、网络", "《中华人民共和国市场主体登记管理条例》第三十六条、第四十八条", "5", "每年1次", ()),
    (MARKET, "企业公示信息检查", "年度报告公示信息的检查", "企业", False, "书面、网络、现场", "《企业信息公示暂行条例》第八条、第十四条", "3", "每年1次", ("县人力资源和社会保障局", COMMERCE, "国家税务总局栾川县税务局")),
    (MARKET, "企业公示信息检查", "即时公示信息的检查", "企业", False, "书面、网络", "《企业信息公示暂行条例》第十条、第十四条", "3", "每年1次", ()),
    (MARKET, "食品安全监督检查", "食品销售者的监督检查", "食品经营者", False, "现场", "《中华人民共和国食品安全法》第八十七条、第一百一十条", "10", "每年1次", ()),
    (MARKET, "食品安全监督检查", "餐饮服务提供者的监督检查", "餐饮服务提供者", False, "现场", "《中华人民共和国食品安全法》第一百一十条；《餐饮服务食品安全操作规范》", "10", "每年1次", ()),
    (MARKET, "食品安全监督检查", "食品生产者的监督检查", "食品生产者", True, "现场", "《中华人民共和国食品安全法》第一百一十条；《食品生产经营监督检查管理办法》", "", "每年1次", ()),
    (MARKET, "特种设备安全监督检查", "特种设备使用单位的监督检查", "特种设备使用单位", True, "现场", "《中华人民共和国特种设备安全法》第五十七条、第六十一条", "", "每年1次", (SAFETY,)),
    (MARKET, "药品医疗器械监督检查", "药品零售企业的监督检查", "药品零售企业", False, "现场", "《中华人民共和国药品管理法》第九十九条；《药品经营和使用质量监督管理办法》", "20", "每年1次", ("县医疗保障局",)),
    (MARKET, "计量监督检查", "加油站计量器具的监督检查", "加油站", False, "现场", "《中华人民共和国计量法》第九条；《加油站计量监督管理办法》", "30", "每年1次", ()),
    (MARKET, "产品质量监督检查", "生产领域产品质量的监督抽查", "工业产品生产企业", False, "现场、委托专业机构", "《中华人民共和国产品质量法》第十五条；《产品质量监督抽查管理暂行办法》", "5", "每年1次", ()),
    (MARKET, "广告监督检查", "广告发布行为的检查", "广告发布者、广告经营者", False, "网络、现场", "《中华人民共和国广告法》第四十九条", "3", "每年1次", ()),
    (ENV, "污染源环境监管", "污染源日常环境监管随机抽查", "排污单位", False, "现场", "《中华人民共和国环境保护法》第二十四条；《排污许可管理条例》", "10", "每季度1次", ()),
    (ENV, "固体废物环境监管", "危险废物经营单位监督检查", "危险废物经营单位", True, "现场", "《中华人民共和国固体废物污染环境防治法》；《危险废物经营许可证管理办法》", "", "每年1次", ()),
    (ENV, "建设项目环境监管", "建设项目环境保护“三同时”及竣工验收的检查", "建设单位", False, "现场、书面", "《中华人民共和国环境影响评价法》；《建设项目环境保护管理条例》", "10", "每年1次", ()),
    (SAFETY, "安全生产监督检查", "事故隐患排查治理情况检查", "生产经营单位", False, "现场、书面", "《中华人民共和国安全生产法》第四十一条、第六十五条", "10", "每年1次", ()),
    (SAFETY, "安全生产监督检查", "非煤矿山企业安全生产的监督检查", "非煤矿山企业", True, "现场", "《中华人民共和国安全生产法》；《中华人民共和国矿山安全法》；《非煤矿矿山企业安全生产许可证实施办法》", "", "每季度1次", ("县自然资源局", ENV)),
    (SAFETY, "安全生产监督检查", "危险化学品经营单位的监督检查", "危险化学品经营单位", True, "现场", "《危险化学品安全管理条例》第六条；《危险化学品经营许可证管理办法》", "", "每年2次", ("县消防救援大队",)),
    (SAFETY, "安全生产监督检查", "烟花爆竹经营单位的监督检查", "烟花爆竹经营单位", False, "现场", "《烟花爆竹安全管理条例》；《烟花爆竹经营许可实施办法》", "20", "每年1次", ()),
    (HEALTH, "公共卫生监督检查", "餐具饮具集中消毒服务单位的检查", "餐具饮具集中消毒服务单位", False, "现场", "《中华人民共和国传染病防治法》；《消毒管理办法》", "20", "每年1次", (MARKET,)),
    (HEALTH, "公共卫生监督检查", "游泳场（馆）许可及卫生管理检查", "游泳场所", False, "现场", "《公共场所卫生管理条例》；《公共场所卫生管理条例实施细则》", "30", "每年1次", (MARKET, "县教育体育局")),
    (HEALTH, "公共卫生监督检查", "住宿场所卫生的监督检查", "住宿场所", False, "现场", "《公共场所卫生管理条例》；《公共场所卫生管理条例实施细则》", "5", "每年1次", ()),
    (HEALTH, "公共卫生监督检查", "美容美发场所卫生的监督检查", "美容美发场所", False, "现场", "《公共场所卫生管理条例》；《公共场所卫生管理条例实施细则》", "5", "每年1次", ()),
    (HEALTH, "医疗卫生监督检查", "医疗机构依法执业的监督检查", "医疗机构", False, "现场、书面", "《医疗机构管理条例》；《中华人民共和国基本医疗卫生与健康促进法》", "20", "每年1次", ()),
    (HEALTH, "公共卫生监督检查", "生活饮用水供水单位的监督检查", "集中式供水单位", True, "现场", "《生活饮用水卫生监督管理办法》", "", "每年1次", ()),
    (COMMERCE, "民用爆炸物品安全监管", "民用爆炸物品销售安全监管", "民用爆炸物品销售企业", True, "现场、书面", "《民用爆炸物品安全管理条例》第六条、第十九条", "", "每月1次", ("县公安局",)),
    (COMMERCE, "商务领域监督检查", "单用途商业预付卡发卡企业的检查", "单用途预付卡发卡企业", False, "书面、现场", "《单用途商业预付卡管理办法（试行）》", "10", "每年1次", ()),
    (COMMERCE, "商务领域监督检查", "报废机动车回收拆解企业的检查", "报废机动车回收企业", False, "现场", "《报废机动车回收管理办法》", "50", "每年1次", (ENV,)),
    ("县教育体育局", "体育市场监督检查", "高危险性体育项目经营活动的检查", "高危险性体育项目经营者", False, "现场", "《全民健身条例》第三十二条；《经营高危险性体育项目许可管理办法》", "30", "每年1次", ()),
    ("县教育体育局", "教育监督检查", "校外培训机构办学行为的检查", "校外培训机构", False, "现场、书面", "《中华人民共和国民办教育促进法》；《校外培训行政处罚暂行办法》", "20", "每年1次", ()),
    (CULTURE, "旅游市场监督检查", "旅行社经营行为的检查", "旅行社", False, "现场、书面", "《旅行社条例》；《中华人民共和国旅游法》第八十三条", "20", "每年1次", ()),
    (CULTURE, "旅游市场监督检查", "A级旅游景区服务质量和安全管理的检查", "A级旅游景区", False, "现场", "《中华人民共和国旅游法》；《旅游景区质量等级管理办法》", "30", "每年1次", (MARKET, "县消防救援大队", SAFETY)),
    (CULTURE, "文化市场监督检查", "互联网上网服务营业场所的检查", "互联网上网服务营业场所", False, "现场", "《互联网上网服务营业场所管理条例》", "20", "每年1次", ()),
    (CULTURE, "文化市场监督检查", "娱乐场所经营活动的检查", "娱乐场所", False, "现场", "《娱乐场所管理条例》", "20", "每年1次", ("县公安局",)),
    (CULTURE, "旅游市场监督检查", "旅游民宿经营服务的检查", "旅游民宿", False, "现场", "《中华人民共和国旅游法》；《旅游民宿基本要求与等级划分》", "10", "每年1次", ("县公安局", "县消防救援大队")),
    ("县交通运输局", "道路运输监督检查", "道路货物运输经营者的检查", "道路货物运输经营者", False, "现场、书面", "《中华人民共和国道路运输条例》；《道路货物运输及站场管理规定》", "5", "每年1次", ()),
    ("县交通运输局", "道路运输监督检查", "道路旅客运输经营者的检查", "道路旅客运输经营者", False, "现场、书面", "《中华人民共和国道路运输条例》；《道路旅客运输及客运站管理规定》", "20", "每年1次", ()),
    ("县交通运输局", "道路运输监督检查", "机动车维修经营者的检查", "机动车维修经营者", False, "现场", "《中华人民共和国道路运输条例》；《机动车维修管理规定》", "10", "每年1次", (ENV,)),
    ("县住房和城乡建设局", "建筑市场监督检查", "建筑施工企业安全生产条件的检查", "建筑施工企业", False, "现场、书面", "《建设工程安全生产管理条例》；《建筑施工企业安全生产许可证管理规定》", "20", "每年1次", ()),
    ("县住房和城乡建设局", "房地产市场监督检查", "房地产开发企业经营行为的检查", "房地产开发企业", False, "书面、现场", "《城市房地产开发经营管理条例》", "20", "每年1次", ()),
    ("县农业农村局", "农业投入品监督检查", "农药经营者的监督检查", "农药经营者", False, "现场", "《农药管理条例》第四十一条", "10", "每年1次", ()),
    ("县农业农村局", "农产品质量安全监督检查", "农产品生产企业和农民专业合作社的检查", "农产品生产企业、农民专业合作社", False, "现场", "《中华人民共和国农产品质量安全法》；《中华人民共和国农民专业合作社法》", "5", "每年1次", ()),
    ("县农业农村局", "畜牧兽医监督检查", "畜禽养殖场防疫条件的检查", "畜禽养殖场", False, "现场", "《中华人民共和国动物防疫法》；《动物防疫条件审查办法》", "10", "每年1次", (ENV,)),
    ("县水利局", "水资源监督检查", "取水许可及计量设施的检查", "取水单位", False, "现场、书面", "《中华人民共和国水法》；《取水许可和水资源费征收管理条例》", "10", "每年1次", ()),
    ("县水利局", "河道监督检查", "河道采砂活动的检查", "河道采砂单位", False, "现场", "《中华人民共和国河道管理条例》；《河南省河道采砂管理办法》", "30", "每年1次", ("县自然资源局",)),
    ("县自然资源局", "矿产资源监督检查", "采矿权人勘查开采活动的检查", "采矿权人", False, "现场、书面", "《中华人民共和国矿产资源法》；《矿产资源开采登记管理办法》", "20", "每年1次", ()),
    ("县自然资源局", "土地监督检查", "建设用地批后使用情况的检查", "用地单位", False, "现场、网络", "《中华人民共和国土地管理法》；《闲置土地处置办法》", "5", "每年1次", ()),
    ("县消防救援大队", "消防监督检查", "消防安全重点单位的消防监督检查", "消防安全重点单位", True, "现场", "《中华人民共和国消防法》第五十三条；《消防监督检查规定》", "", "每年1次", ()),
    ("县消防救援大队", "消防监督检查", "人员密集场所的消防监督检查", "人员密集场所", False, "现场", "《中华人民共和国消防法》第五十三条；《消防监督检查规定》", "10", "每年1次", ()),
    ("县人力资源和社会保障局", "劳动保障监察", "用人单位遵守劳动保障法律法规情况的检查", "用人单位", False, "书面、现场", "《劳动保障监察条例》第十一条；《中华人民共和国劳动合同法》", "3", "每年1次", ()),
    ("县人力资源和社会保障局", "劳动保障监察", "劳务派遣单位经营行为的检查", "劳务派遣单位", False, "书面、现场", "《中华人民共和国劳动合同法》第五十七条；《劳务派遣暂行规定》", "20", "每年1次", ()),
    ("国家税务总局栾川县税务局", "税务检查", "纳税人依法纳税情况的检查", "纳税人", False, "书面、现场", "《中华人民共和国税收征收管理法》第五十四条；《税务稽查案件办理程序规定》", "3", "每年1次", ()),
    ("国家税务总局栾川县税务局", "税务检查", "发票使用和管理情况的检查", "纳税人", False, "书面、网络", "《中华人民共和国发票管理办法》第三十条", "3", "每年1次", ()),
    ("县医疗保障局", "医疗保障基金监督检查", "定点医药机构医疗保障基金使用情况的检查", "定点医疗机构、定点零售药店", False, "现场、书面、网络", "《医疗保障基金使用监督管理条例》第二十七条", "20", "每年1次", (HEALTH, MARKET)),
    ("县林业局", "林业监督检查", "林木种子生产经营者的检查", "林木种苗生产经营者", False, "现场", "《中华人民共和国种子法》；《林木种子生产经营许可证管理办法》", "20", "每年1次", ()),
    ("县林业局", "林业监督检查", "木材经营加工单位的检查", "木材经营加工单位", False, "现场", "《中华人民共和国森林法》", "20", "每年1次", ()),
    ("县烟草局", "烟草专卖监督检查", "烟草专卖零售许可证持证人经营行为的检查", "烟草制品零售户", False, "现场", "《中华人民共和国烟草专卖法》；《中华人民共和国烟草专卖法实施条例》", "5", "每年1次", ()),
    ("县城市管理局", "城市管理监督检查", "户外广告设施设置的检查", "户外广告设置单位", False, "现场", "《城市市容和环境卫生管理条例》；《河南省城市市容和环境卫生管理办法》", "10", "每年1次", ()),
    ("县城市管理局", "城市管理监督检查", "建筑垃圾运输处置的检查", "建筑垃圾运输企业", False, "现场", "《城市建筑垃圾管理规定》", "30", "每年1次", ("县交通运输局",)),
    ("县城市管理局", "城市管理监督检查", "餐饮服务单位油烟排放的检查", "餐饮服务提供者", False, "现场", "《中华人民共和国大气污染防治法》第八十一条", "3", "每年1次", (ENV,)),
    ("县公安局", "治安管理监督检查", "旅馆业治安管理情况的检查", "旅馆", False, "现场", "《旅馆业治安管理办法》", "10", "每年1次", ()),
    ("县民政局", "民政监督检查", "养老机构服务安全的检查", "养老机构", False, "现场", "《养老机构管理办法》；《中华人民共和国老年人权益保障法》", "30", "每年1次", ("县消防救援大队", HEALTH)),
    ("县统计局", "统计执法检查", "统计调查对象依法统计情况的检查", "联网直报单位", False, "书面、现场", "《中华人民共和国统计法》第三十五条；《中华人民共和国统计法实施条例》", "5", "每年1次", ()),
    ("县财政局", "会计监督检查", "代理记账机构执业情况的检查", "代理记账机构", False, "书面、现场", "《中华人民共和国会计法》；《代理记账管理办法》", "20", "每年1次", ()),
    ("县粮食和物资储备中心", "粮食流通监督检查", "粮食经营者执行粮食流通管理规定的检查", "粮食经营者", False, "现场", "《粮食流通管理条例》", "10", "每年1次", ()),
    ("县气象局", "气象监督检查", "防雷装置检测和施放气球活动的检查", "防雷重点单位、施放气球单位", False, "现场", "《气象灾害防御条例》；《防雷减灾管理办法》；《施放气球管理办法》", "20", "每年1次", ()),
    ("县国防动员办公室", "人民防空监督检查", "人民防空工程维护管理的检查", "人防工程使用单位", False, "现场", "《中华人民共和国人民防空法》", "20", "每年1次", ()),
    ("县司法局", "法律服务监督检查", "律师事务所执业活动的检查", "律师事务所", False, "书面、现场", "《中华人民共和国律师法》；《律师事务所管理办法》", "30", "每年1次", ()),
    ("县金融发展服务中心", "地方金融监督检查", "融资担保公司和典当行经营行为的检查", "融资担保公司、典当行", False, "书面、现场", "《融资担保公司监督管理条例》；《典当管理办法》", "50", "每年1次", ()),
    ("县发改委", "价格监督检查", "招标投标活动的监督检查", "招标人、招标代理机构", False, "书面", "《中华人民共和国招标投标法》；《中华人民共和国招标投标法实施条例》", "10", "每年1次", ()),
    ("县科技局", "科技监督检查", "科技计划项目承担单位的检查", "科技计划项目承担单位", False, "书面、现场", "《中华人民共和国科学技术进步法》", "20", "每年1次", ()),
]
# fmt: on

ITEM_NOTES = {
    "年度报告公示信息的检查": "抽查比例不低于0.5%；人社、商务、税务部门配合检查涉及本部门的公示信息。",
    "危险废物经营单位监督检查": "重点检查事项，全覆盖，每年至少1次。",
    "民用爆炸物品销售安全监管": "重点检查事项，全覆盖，每月1次。",
    "污染源日常环境监管随机抽查": "每季度抽查重点排污单位不少于5%。",
}


def item_rows(rng: random.Random) -> tuple[list[str], list[list[Any]]]:
    """Both years of the item list in the importer's columns; 2026 is partly still draft."""
    header = ItemImporter.header()
    rows: list[list[Any]] = []
    for year in YEARS:
        for dept, cat, name, targets, key, methods, basis, cap, freq, partners in ITEMS:
            state = "已发布" if year == 2025 else "草稿" if rng.random() < 0.3 else "已发布"
            joint = bool(partners)
            rows.append(
                [
                    cat, name, targets, "重点" if key else "一般", methods, dept, basis,
                    "" if key else cap, freq, year, "是" if joint else "否",
                    dept if joint else "", "、".join(partners), ITEM_NOTES.get(name, ""), state,
                ]
            )  # fmt: skip
    return header, rows


# ---------------------------------------------------------------- entities

# Township weights: 城关镇 is the county seat; 赤土店、冷水 are mining towns; 潭头 has 重渡沟.
AREA_WEIGHTS = {
    "城关镇": 34, "栾川乡": 7, "赤土店镇": 7, "庙子镇": 6, "合峪镇": 6, "潭头镇": 7,
    "狮子庙镇": 4, "白土镇": 4, "秋扒乡": 3, "三川镇": 5, "冷水镇": 5, "叫河镇": 4,
    "陶湾镇": 5, "石庙镇": 3,
}  # fmt: skip
STREETS = ["伊河路", "君山东路", "君山西路", "栾川大道", "老君山路", "滨河北路", "滨河南路",
           "画眉山路", "兴华路", "龙兴路", "旅游大道", "洛栾快速通道"]  # fmt: skip
VILLAGES = ["大坪", "石门", "新南", "庄科", "前进", "东河", "西沟", "红庄", "南沟", "寨沟",
            "北岭", "营盘", "杨树坪", "马坪", "上河", "下河", "双堂", "龙王庙"]  # fmt: skip
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁宋谢韩唐冯于董程曹袁邓许沈彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜常武乔段雷范方石姚谭邹孟"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华建国红玉兰志斌海峰晓东亮鹏飞春雪梅宏林涛瑞"
BRANDS_1 = "金银鑫恒宏昌盛泰华兴伊君鸿源通达瑞祥丰利嘉豪福顺佳德隆创新永宇龙凤"
BRANDS_2 = "鼎宇河山峰川源泰昌达盛安康和合嘉润信诚远翔耀辉锦程晟博"

# (行业代码, 权重, 主体类型 → 名称后缀, 部门标签 → 概率, 重点监管概率)
# Codes follow GB/T 4754-2017. 栾川 is a molybdenum county: 钨钼矿采选 is B0931.
IndustrySpec = tuple[str, int, dict[str, list[str]], dict[str, float], float]
FOOD_SELLER = MARKET + "/食品经营者"
KITCHEN = MARKET + "/餐饮服务提供者"
SPECIAL_EQ = MARKET + "/特种设备使用单位"
POLLUTER = ENV + "/排污单位"
EMPLOYER = "县人力资源和社会保障局/用人单位"
FIRE_KEY = "县消防救援大队/消防安全重点单位"

# fmt: off
INDUSTRIES: list[IndustrySpec] = [
    ("H6210", 140, {"企业": ["餐饮管理有限公司", "酒店管理有限公司"], "个体工商户": ["饭店", "面馆", "餐馆", "农家乐", "烩面馆", "小吃店"]}, {FOOD_SELLER: 0.2, KITCHEN: 1.0, "县城市管理局/餐饮服务提供者": 0.2}, 0.01),
    ("F5211", 90, {"企业": ["商贸有限公司", "百货有限公司"], "个体工商户": ["百货店", "日杂店", "便民店"]}, {FOOD_SELLER: 0.5, "县烟草局/烟草制品零售户": 0.4}, 0.0),
    ("F5212", 45, {"企业": ["超市有限公司", "购物广场有限公司"], "个体工商户": ["超市", "便利店"]}, {FOOD_SELLER: 1.0, "县烟草局/烟草制品零售户": 0.7, COMMERCE + "/单用途预付卡发卡企业": 0.05}, 0.0),
    ("F5227", 25, {"个体工商户": ["烟酒店", "茶叶店", "酒水店"]}, {FOOD_SELLER: 1.0, "县烟草局/烟草制品零售户": 0.6}, 0.0),
    ("F5223", 25, {"个体工商户": ["果蔬店", "蔬菜店"]}, {FOOD_SELLER: 1.0}, 0.0),
    ("F5224", 20, {"个体工商户": ["鲜肉店", "冷鲜肉店"]}, {FOOD_SELLER: 1.0}, 0.0),
    ("H6130", 55, {"企业": ["民宿有限公司"], "个体工商户": ["民宿", "山居客栈", "农家宾馆"]}, {CULTURE + "/旅游民宿": 0.9, "县公安局/旅馆": 0.8, HEALTH + "/住宿场所": 0.8, KITCHEN: 0.5}, 0.0),
    ("H6110", 12, {"企业": ["大酒店有限公司", "宾馆有限公司", "度假酒店有限公司"]}, {HEALTH + "/住宿场所": 1.0, "县公安局/旅馆": 1.0, FIRE_KEY: 0.7, SPECIAL_EQ: 0.8, KITCHEN: 0.9, "县人力资源和社会保障局/用人单位": 0.8}, 0.1),
    ("H6129", 20, {"企业": ["宾馆有限公司"], "个体工商户": ["宾馆", "旅社", "快捷酒店"]}, {HEALTH + "/住宿场所": 1.0, "县公安局/旅馆": 1.0}, 0.0),
    ("O8040", 45, {"个体工商户": ["理发店", "美发店", "美容店", "美甲店"]}, {HEALTH + "/美容美发场所": 0.9, COMMERCE + "/单用途预付卡发卡企业": 0.1}, 0.0),
    ("O8051", 6, {"个体工商户": ["洗浴中心", "浴池"]}, {HEALTH + "/公共场所": 1.0}, 0.0),
    ("O8111", 30, {"企业": ["汽车服务有限公司"], "个体工商户": ["汽修店", "汽车修理部", "轮胎店"]}, {"县交通运输局/机动车维修经营者": 0.9, POLLUTER: 0.2}, 0.0),
    ("O8090", 3, {"企业": ["餐具消毒有限公司", "洗消服务有限公司"]}, {HEALTH + "/餐具饮具集中消毒服务单位": 1.0, POLLUTER: 0.5}, 0.2),
    ("F5251", 18, {"企业": ["大药房有限公司", "医药连锁有限公司"], "个体工商户": ["药店", "大药房"]}, {MARKET + "/药品零售企业": 1.0, "县医疗保障局/定点零售药店": 0.6}, 0.05),
    ("Q8425", 12, {"企业": ["门诊部有限公司"], "个体工商户": ["诊所", "中医诊所", "口腔诊所"]}, {HEALTH + "/医疗机构": 1.0, "县医疗保障局/定点医疗机构": 0.5}, 0.05),
    ("F5265", 6, {"企业": ["石化加油站有限公司", "能源有限公司"]}, {SAFETY + "/危险化学品经营单位": 1.0, MARKET + "/加油站": 1.0, FIRE_KEY: 0.8, SPECIAL_EQ: 0.5, "县气象局/防雷重点单位": 0.6}, 0.5),
    ("F5169", 3, {"企业": ["化工贸易有限公司", "民爆器材有限公司"]}, {COMMERCE + "/民用爆炸物品销售企业": 0.4, SAFETY + "/危险化学品经营单位": 0.8, "县气象局/防雷重点单位": 0.5}, 0.8),
    ("F5219", 8, {"个体工商户": ["烟花爆竹店", "鞭炮门市"]}, {SAFETY + "/烟花爆竹经营单位": 1.0}, 0.1),
    ("B0931", 8, {"企业": ["矿业有限公司", "钼业有限公司", "选矿有限公司"]}, {"县自然资源局/采矿权人": 0.9, SAFETY + "/非煤矿山企业": 1.0, POLLUTER: 1.0, SPECIAL_EQ: 0.8, EMPLOYER: 0.9, "县统计局/联网直报单位": 0.6}, 0.8),
    ("B0912", 5, {"企业": ["铅锌矿业有限公司", "矿业有限公司"]}, {"县自然资源局/采矿权人": 0.9, SAFETY + "/非煤矿山企业": 1.0, POLLUTER: 1.0, EMPLOYER: 0.9}, 0.7),
    ("B0921", 3, {"企业": ["金矿有限公司", "黄金矿业有限公司"]}, {"县自然资源局/采矿权人": 0.9, SAFETY + "/非煤矿山企业": 1.0, POLLUTER: 1.0}, 0.7),
    ("B1019", 6, {"企业": ["砂石有限公司", "建材有限公司"]}, {"县自然资源局/采矿权人": 0.5, "县水利局/河道采砂单位": 0.4, SAFETY + "/非煤矿山企业": 0.7, POLLUTER: 0.8}, 0.3),
    ("C3231", 4, {"企业": ["钼业有限公司", "冶炼有限公司"]}, {POLLUTER: 1.0, SPECIAL_EQ: 1.0, SAFETY + "/生产经营单位": 1.0, EMPLOYER: 1.0, "县统计局/联网直报单位": 0.9}, 0.8),
    ("C1391", 12, {"企业": ["食品有限公司", "粉业有限公司"], "个体工商户": ["粉条加工坊", "红薯粉条厂"]}, {MARKET + "/食品生产者": 1.0, POLLUTER: 0.2}, 0.1),
    ("C1512", 4, {"企业": ["酒业有限公司"], "个体工商户": ["酒坊"]}, {MARKET + "/食品生产者": 1.0}, 0.2),
    ("C1411", 8, {"个体工商户": ["糕点坊", "面包房"]}, {MARKET + "/食品生产者": 0.6, FOOD_SELLER: 0.5}, 0.0),
    ("C2011", 6, {"企业": ["木业有限公司"], "个体工商户": ["木材加工厂"]}, {"县林业局/木材经营加工单位": 1.0, POLLUTER: 0.3}, 0.0),
    ("N7861", 6, {"企业": ["旅游开发有限公司", "景区管理有限公司", "文化旅游有限公司"]}, {CULTURE + "/A级旅游景区": 0.9, SPECIAL_EQ: 0.7, FIRE_KEY: 0.6, EMPLOYER: 0.8}, 0.5),
    ("L7291", 8, {"企业": ["国际旅行社有限公司", "旅行社有限公司"]}, {CULTURE + "/旅行社": 1.0}, 0.0),
    ("R9013", 6, {"企业": ["网络会所有限公司"], "个体工商户": ["网吧", "网咖"]}, {CULTURE + "/互联网上网服务营业场所": 1.0, FIRE_KEY: 0.3}, 0.0),
    ("R9011", 5, {"企业": ["娱乐有限公司"], "个体工商户": ["KTV", "歌厅"]}, {CULTURE + "/娱乐场所": 1.0, "县消防救援大队/人员密集场所": 1.0}, 0.0),
    ("R8930", 4, {"企业": ["体育文化有限公司", "游泳健身有限公司"], "个体工商户": ["健身馆", "游泳馆"]}, {HEALTH + "/游泳场所": 0.5, "县教育体育局/高危险性体育项目经营者": 0.5}, 0.0),
    ("P8399", 8, {"企业": ["教育咨询有限公司", "文化培训有限公司"], "个体工商户": ["培训中心", "书法培训部"]}, {"县教育体育局/校外培训机构": 1.0}, 0.0),
    ("G5431", 30, {"企业": ["物流有限公司", "运输有限公司"], "个体工商户": ["货运部", "运输队"]}, {"县交通运输局/道路货物运输经营者": 0.9, "县城市管理局/建筑垃圾运输企业": 0.1}, 0.0),
    ("G5422", 4, {"企业": ["旅游客运有限公司", "汽车运输有限公司"]}, {"县交通运输局/道路旅客运输经营者": 1.0, FIRE_KEY: 0.2}, 0.3),
    ("E4710", 10, {"企业": ["建筑工程有限公司", "建设有限公司"]}, {"县住房和城乡建设局/建筑施工企业": 1.0, EMPLOYER: 0.8}, 0.1),
    ("K7010", 4, {"企业": ["置业有限公司", "房地产开发有限公司"]}, {"县住房和城乡建设局/房地产开发企业": 1.0, "县国防动员办公室/人防工程使用单位": 0.5}, 0.0),
    ("F5167", 8, {"企业": ["农资有限公司"], "个体工商户": ["农资店", "种子农药门市"]}, {"县农业农村局/农药经营者": 1.0}, 0.0),
    ("A0142", 20, {"农民专业合作社": ["食用菌专业合作社", "香菇种植专业合作社"], "企业": ["生态农业有限公司"]}, {"县农业农村局/农产品生产主体": 0.8}, 0.0),
    ("A0171", 14, {"农民专业合作社": ["中药材种植专业合作社"], "企业": ["中药材开发有限公司"]}, {"县农业农村局/农产品生产主体": 0.8}, 0.0),
    ("A0313", 12, {"农民专业合作社": ["养殖专业合作社", "生猪养殖专业合作社"], "个体工商户": ["养殖场"]}, {"县农业农村局/畜禽养殖场": 1.0, POLLUTER: 0.3}, 0.0),
    ("A0212", 5, {"农民专业合作社": ["苗木专业合作社"], "企业": ["林业发展有限公司"]}, {"县林业局/林木种苗生产经营者": 1.0}, 0.0),
    ("F5111", 5, {"企业": ["粮油有限公司"], "个体工商户": ["粮油店"]}, {"县粮食和物资储备中心/粮食经营者": 1.0, FOOD_SELLER: 0.6}, 0.0),
    ("D4413", 3, {"企业": ["水电开发有限公司", "水力发电有限公司"]}, {"县水利局/取水单位": 1.0, SAFETY + "/生产经营单位": 1.0}, 0.3),
    ("D4610", 2, {"企业": ["供水有限公司", "自来水有限公司"]}, {HEALTH + "/集中式供水单位": 1.0, "县水利局/取水单位": 1.0}, 0.6),
    ("N7724", 2, {"企业": ["环保科技有限公司", "危废处置有限公司"]}, {ENV + "/危险废物经营单位": 1.0, POLLUTER: 1.0}, 0.9),
    ("F5191", 3, {"企业": ["再生资源回收有限公司"], "个体工商户": ["废品收购站"]}, {COMMERCE + "/报废机动车回收企业": 0.3, POLLUTER: 0.2}, 0.0),
    ("L7263", 3, {"企业": ["人力资源服务有限公司", "劳务派遣有限公司"]}, {"县人力资源和社会保障局/劳务派遣单位": 1.0}, 0.0),
    ("L7259", 6, {"企业": ["广告传媒有限公司"], "个体工商户": ["广告部", "图文广告店"]}, {"县城市管理局/户外广告设置单位": 0.7, MARKET + "/广告经营者": 0.8}, 0.0),
    ("L7241", 4, {"企业": ["财务咨询有限公司", "代理记账有限公司"]}, {"县财政局/代理记账机构": 1.0}, 0.0),
    ("J6633", 1, {"企业": ["典当有限公司", "融资担保有限公司"]}, {"县金融发展服务中心/地方金融组织": 1.0}, 0.5),
    ("Q8514", 3, {"社会组织": ["养老院", "颐养中心"]}, {"县民政局/养老机构": 1.0, "县消防救援大队/人员密集场所": 1.0}, 0.5),
    ("L7231", 1, {"其他": ["律师事务所"]}, {"县司法局/律师事务所": 1.0}, 0.0),
    ("C3021", 5, {"企业": ["建材有限公司", "水泥制品有限公司"]}, {POLLUTER: 0.9, MARKET + "/工业产品生产企业": 0.8, EMPLOYER: 0.5}, 0.1),
    ("I6510", 4, {"企业": ["信息技术有限公司", "网络科技有限公司"]}, {"县科技局/科技型企业": 0.3}, 0.0),
    ("F5123", 12, {"个体工商户": ["水果批发部", "干果店", "土特产店"]}, {FOOD_SELLER: 1.0}, 0.0),
    ("F5132", 20, {"企业": ["服饰有限公司"], "个体工商户": ["服装店", "鞋店", "童装店"]}, {}, 0.0),
    ("F5174", 10, {"个体工商户": ["五金店", "建材门市", "水暖店"]}, {}, 0.0),
    ("F5273", 10, {"个体工商户": ["手机店", "通讯器材店", "家电门市"]}, {}, 0.0),
]
# fmt: on

ENTITY_TYPE_PREFIX = {
    "企业": "91",
    "个体工商户": "92",
    "农民专业合作社": "93",
    "社会组织": "52",
    "其他": "31",
}
# Where an industry allows several kinds, 个体工商户 outnumber firms as in the county register.
KIND_WEIGHTS = {"个体工商户": 3.0, "企业": 1.4, "农民专业合作社": 2.0, "社会组织": 1.0, "其他": 1.0}
CREDIT_WEIGHTS = (("A", 60), ("B", 30), ("C", 8), ("D", 2))
ABNORMAL_BY_CLASS = {"A": 0.005, "B": 0.04, "C": 0.25, "D": 0.45}
STATUS_WEIGHTS = (("存续", 90), ("注销", 6), ("吊销", 2.5), ("迁出", 1.5))


def _pick(rng: random.Random, weighted: Sequence[tuple[Any, float]]) -> Any:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def make_uscc(rng: random.Random, prefix2: str, modern: bool) -> str:
    """A valid code registered in 栾川县: 9th-17th characters are a GB 11714 org code."""
    if modern:
        # New-style org codes: MA… for firms, MA4… for 个体/合作社, MJ… 民政, MD… 司法.
        lead = {"91": "MA", "52": "MJ", "31": "MD"}.get(prefix2, "MA4")
        org8 = lead + "".join(rng.choice(uscc.ALPHABET) for _ in range(8 - len(lead)))
    else:
        org8 = "".join(rng.choice("0123456789") for _ in range(8))
    first17 = prefix2 + "410324" + org8 + uscc.check_char_17(org8)
    return uscc.complete(first17)


def _entity_name(rng: random.Random, kind: str, area: str, suffix: str) -> str:
    brand = rng.choice(BRANDS_1) + rng.choice(BRANDS_2)
    if kind == "企业":
        place = "洛阳" if rng.random() < 0.08 else "栾川县"
        return f"{place}{brand}{suffix}"
    if kind == "个体工商户":
        owner = rng.choice(SURNAMES) + rng.choice(["记", "氏", "家", "姐", "哥", "师傅"])
        middle = owner if rng.random() < 0.5 else brand
        return f"栾川县{area}{middle}{suffix}"
    if kind == "农民专业合作社":
        return f"栾川县{area}{brand}{suffix}"
    return f"栾川县{brand}{suffix}"


def _address(rng: random.Random, area: str) -> str:
    if area == "城关镇" or rng.random() < 0.25:
        return f"河南省洛阳市栾川县{area}{rng.choice(STREETS)}{rng.randint(1, 399)}号"
    return f"河南省洛阳市栾川县{area}{rng.choice(VILLAGES)}村{rng.randint(1, 12)}组"


def entity_rows(rng: random.Random, count: int) -> tuple[list[str], list[list[Any]]]:
    """``count`` entities in the importer's columns, every credit class present."""
    header = EntityImporter.header()
    industry_weights = [(spec, spec[1]) for spec in INDUSTRIES]
    areas = [(a, AREA_WEIGHTS.get(a, 3)) for a in AREAS]
    seen_codes: set[str] = set()
    seen_names: set[str] = set()
    rows: list[list[Any]] = []
    forced = ["A", "B", "C", "D"]
    for i in range(count):
        code, _weight, kinds, tags, key_p = _pick(rng, industry_weights)
        kind = _pick(rng, [(k, KIND_WEIGHTS[k]) for k in kinds])
        area = _pick(rng, areas)
        suffix = rng.choice(kinds[kind])
        name = _entity_name(rng, kind, area, suffix)
        while name in seen_names:
            name = _entity_name(rng, kind, area, suffix)
        seen_names.add(name)
        established = _date_between(rng, dt.date(1996, 1, 1), AS_OF)
        if rng.random() < 0.6:  # registrations grew fast after the 2014 reform
            established = _date_between(rng, dt.date(2015, 1, 1), AS_OF)
        modern = established.year >= 2016 or kind != "企业" or rng.random() < 0.6
        prefix = ENTITY_TYPE_PREFIX[kind]
        new_code = make_uscc(rng, prefix, modern)
        while new_code in seen_codes:
            new_code = make_uscc(rng, prefix, modern)
        seen_codes.add(new_code)
        credit = forced[i] if i < len(forced) else _pick(rng, CREDIT_WEIGHTS)
        dishonest = credit == "D" and (i == 3 or rng.random() < 0.3)
        abnormal = rng.random() < ABNORMAL_BY_CLASS[credit] or (i == 2)
        abnormal_on = _date_between(rng, max(established, dt.date(2018, 1, 1)), AS_OF)
        dishonest_on = _date_between(rng, max(established, dt.date(2020, 1, 1)), AS_OF)
        complaints = 0
        if rng.random() < {"A": 0.03, "B": 0.08, "C": 0.25, "D": 0.5}[credit]:
            complaints = min(1 + int(rng.expovariate(0.6)), 30)
        key = rng.random() < key_p or dishonest or (credit == "D" and rng.random() < 0.5)
        status = _pick(rng, STATUS_WEIGHTS)
        chosen = sorted(t for t, p in tags.items() if rng.random() < p)
        if kind == "企业" and rng.random() < 0.05 and EMPLOYER not in chosen:
            chosen.append(EMPLOYER)
        rows.append(
            [
                new_code, name, kind, code, area, _address(rng, area), person_name(rng),
                established.isoformat(), status, credit, "是" if abnormal else "否",
                abnormal_on.isoformat() if abnormal else "", "是" if dishonest else "否",
                dishonest_on.isoformat() if dishonest else "", complaints,
                "是" if key else "否", "；".join(chosen),
            ]
        )  # fmt: skip
    return header, rows


# ---------------------------------------------------------------- inspectors and experts

# Relative size of each department's law-enforcement staff (others get 2).
STAFF_WEIGHTS = {
    MARKET: 60, ENV: 24, SAFETY: 24, HEALTH: 14, "县交通运输局": 12, CULTURE: 10,
    "县住房和城乡建设局": 10, "县农业农村局": 12, "县自然资源局": 10, "县消防救援大队": 12,
    "县人力资源和社会保障局": 8, "国家税务总局栾川县税务局": 14, "县医疗保障局": 6,
    "县林业局": 8, "县烟草局": 8, "县城市管理局": 12, "县公安局": 10, "县水利局": 6,
    "县教育体育局": 6, COMMERCE: 6, "县民政局": 4, "县发改委": 3, "县司法局": 3, "县财政局": 3,
    "县统计局": 3,
}  # fmt: skip
# fmt: off
SPECIALTIES = {
    MARKET: ["食品安全", "特种设备", "药品医疗器械", "计量", "产品质量", "广告监管", "登记注册", "价格监督", "知识产权"],
    ENV: ["大气污染防治", "水污染防治", "固体废物", "危险废物", "辐射安全", "环境影响评价"],
    SAFETY: ["非煤矿山", "危险化学品", "烟花爆竹", "冶金有色", "工贸安全", "应急救援"],
    HEALTH: ["公共场所卫生", "医疗卫生", "生活饮用水", "消毒产品", "职业卫生", "传染病防治"],
    CULTURE: ["旅游市场", "文化市场", "出版物市场", "广播电视"],
    "县交通运输局": ["道路运输", "机动车维修", "工程质量", "路政"],
    "县消防救援大队": ["消防监督", "火灾调查", "建筑防火"],
    "国家税务总局栾川县税务局": ["税务稽查", "发票管理", "社保费征收"],
    "县自然资源局": ["矿产资源", "土地执法", "测绘地理信息"],
    "县农业农村局": ["农药兽药", "农产品质量安全", "动物防疫", "种子管理"],
}
# fmt: on
TITLES = ["一级科员", "四级主任科员", "三级主任科员", "执法大队队员", "中队长", "副科长", "科长"]
# fmt: off
EXPERTS = [
    ("河南省特种设备安全检测研究院洛阳分院", "testing_body", MARKET, "特种设备检验"),
    ("洛阳市食品药品检验所", "testing_body", MARKET, "食品检验"),
    ("洛阳市综合检验检测中心", "testing_body", MARKET, "产品质量检验"),
    ("洛阳市栾川生态环境监测站", "testing_body", ENV, "环境监测"),
    ("河南省有色金属地质矿产局第一地质大队", "research", "县自然资源局", "矿产地质"),
    ("河南科技大学", "research", ENV, "环境工程"),
    ("洛阳理工学院", "research", SAFETY, "安全工程"),
    ("中国科学院地理科学与资源研究所栾川工作站", "research", "县林业局", "森林生态"),
    ("栾川县疾病预防控制中心", "testing_body", HEALTH, "卫生检测"),
    ("洛阳钼业集团安全环保部", "industry", SAFETY, "非煤矿山安全"),
    ("河南省旅游协会", "industry", CULTURE, "景区管理"),
    ("洛阳市建筑业协会", "industry", "县住房和城乡建设局", "建筑施工安全"),
    ("洛阳市消防协会", "industry", "县消防救援大队", "消防设施检测"),
    ("河南农业大学", "research", "县农业农村局", "农产品质量安全"),
    ("洛阳市计量测试所", "testing_body", MARKET, "计量检定"),
    ("河南省化工研究所有限责任公司", "research", SAFETY, "危险化学品"),
    ("洛阳市注册会计师协会", "industry", "县财政局", "会计审计"),
    ("河南科技大学第一附属医院", "industry", "县医疗保障局", "医保审核"),
    ("洛阳市道路运输协会", "industry", "县交通运输局", "道路运输安全"),
    ("河南省水利勘测设计研究有限公司", "research", "县水利局", "水资源论证"),
]
# fmt: on
EXPERT_SOURCE_LABEL = {"testing_body": "检测机构", "research": "科研院所", "industry": "行业专家"}
STATUS_LABELS = (("在岗", 93), ("调出", 3), ("退休", 3), ("停用", 1))


def _staff_counts(total: int) -> list[tuple[str, int]]:
    weights = [(unit, STAFF_WEIGHTS.get(unit, 2)) for unit, _ in MEMBER_UNITS]
    scale = total / sum(w for _, w in weights)
    counts = [(unit, max(1, round(w * scale))) for unit, w in weights]
    drift = total - sum(c for _, c in counts)
    unit, n = counts[0]  # the market regulator absorbs rounding
    counts[0] = (unit, max(1, n + drift))
    return counts


def inspector_rows(
    rng: random.Random, officers: int, experts: int
) -> tuple[list[str], list[list[Any]]]:
    """Law-enforcement officers of every member unit plus experts, in the importer's columns."""
    header = InspectorImporter.header()
    rows: list[list[Any]] = []
    areas = [(a, AREA_WEIGHTS.get(a, 3)) for a in AREAS]
    for number, (unit, count) in enumerate(_staff_counts(officers), start=1):
        skills = SPECIALTIES.get(unit, ["综合执法"])
        for seq in range(1, count + 1):
            status = "在岗" if seq == 1 else _pick(rng, STATUS_LABELS)
            if seq > 1 and rng.random() < 0.06:
                valid_until = _date_between(rng, dt.date(2024, 1, 1), dt.date(2025, 9, 30))
            else:
                valid_until = _date_between(rng, dt.date(2027, 1, 1), dt.date(2031, 12, 31))
            own = rng.sample(skills, k=min(len(skills), rng.randint(1, 3)))
            quals = ["河南省行政执法证"]
            if "特种设备" in own:
                quals.append("特种设备安全监察员证")
            if "税务稽查" in own:
                quals.append("税务稽查资格")
            area = _pick(rng, areas) if unit == MARKET else "城关镇"
            phone = f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
            rows.append(
                [
                    person_name(rng), unit, unit, rng.choice(TITLES), "、".join(own),
                    f"41032420{number:02d}{seq:04d}", valid_until.isoformat(), "、".join(quals),
                    area, status, "执法人员", "", phone,
                ]
            )  # fmt: skip
    for seq in range(1, experts + 1):
        org, source, dept, skill = EXPERTS[(seq - 1) % len(EXPERTS)]
        rows.append(
            [
                person_name(rng), org, dept, rng.choice(["高级工程师", "研究员", "副教授", "工程师"]),
                skill, f"ZJ2025{seq:03d}", "", "", "", "在岗", "专家",
                EXPERT_SOURCE_LABEL[source], f"0379-66{rng.randint(100_000, 999_999)}",
            ]
        )  # fmt: skip
    return header, rows


CONFLICT_REASONS = [
    "系该企业法定代表人的近亲属",
    "配偶在该企业任职",
    "曾在该企业任职，离职未满三年",
    "与该企业存在经济往来",
    "本人申请回避，经部门负责人批准",
    "该企业申请回避，经部门负责人批准",
    "曾参与该企业的行政处罚案件办理",
]

# ---------------------------------------------------------------- loading


@dataclass
class DemoResult:
    """What a run wrote; ``accounts`` holds the passwords, shown once."""

    reports: dict[str, ImportReport | None] = field(default_factory=dict)
    conflicts_added: int = 0
    accounts: list[tuple[str, str, str, str]] = field(default_factory=list)
    accounts_existing: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    steps: dict[str, Any] = field(default_factory=dict)

    @property
    def wrote_anything(self) -> bool:
        imported = any(r is not None and (r.created or r.updated) for r in self.reports.values())
        later = any(getattr(r, "wrote_anything", False) for r in self.steps.values())
        return imported or bool(self.conflicts_added or self.accounts) or later


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    return write("csv", header, rows)


def _key_count(model: type[Model], field_name: str, keys: list[str]) -> int:
    found = 0
    for start in range(0, len(keys), 900):  # SQLite's host-parameter limit
        chunk = keys[start : start + 900]
        found += model._default_manager.filter(**{f"{field_name}__in": chunk}).count()
    return found


def _import(kind: str, filename: str, data: bytes, *, fresh: bool) -> ImportReport | None:
    """Import through the audited path; skip (no audit entry) when nothing would change.

    On a re-run, entities that only differ from the demo file are left alone: later stages
    change the register through their services (市场监管 lists a firm in 经营异常名录), and
    loading the demo again must not undo that.
    """
    if not fresh:
        preview = import_file(kind=kind, filename=filename, data=data, actor=SYSTEM, dry_run=True)
        updates = preview.updated if kind != "entities" else 0
        if not (preview.created or updates):
            return None
    return import_file(kind=kind, filename=filename, data=data, actor=SYSTEM)


def _load_conflicts(
    rng: random.Random, wanted: int, inspector_data: list[list[Any]], entity_codes: list[str]
) -> int:
    officers = [row[5] for row in inspector_data if row[10] == "执法人员" and row[9] == "在岗"]
    if not officers or not entity_codes:
        return 0
    by_cert = {i.certificate_no: i for i in Inspector.objects.filter(certificate_no__in=officers)}
    pairs: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    while len(pairs) < min(wanted, len(officers) * len(entity_codes)):
        pair = (rng.choice(officers), rng.choice(entity_codes))
        if pair not in seen:
            seen.add(pair)
            pairs.append((*pair, rng.choice(CONFLICT_REASONS)))
    entities = {e.uscc: e for e in Entity.objects.filter(uscc__in=[p[1] for p in pairs])}
    existing = set(
        Conflict.objects.filter(entity__uscc__in=[p[1] for p in pairs]).values_list(
            "inspector__certificate_no", "entity__uscc"
        )
    )
    added = 0
    for cert, code, reason in pairs:
        if (cert, code) in existing or cert not in by_cert or code not in entities:
            continue
        services.conflict_add(
            actor=SYSTEM, inspector=by_cert[cert], entity=entities[code], reason=reason
        )
        added += 1
    return added


def _password() -> str:
    return secrets.token_urlsafe(9)


def _load_accounts(result: DemoResult) -> None:
    office = Department.objects.get(is_office=True)
    wanted: list[tuple[str, Department, str, str, Inspector | None]] = [
        (OFFICE_USERNAME, office, Role.OFFICE_ADMIN, "联席办管理员", None)
    ]
    taken = set(User.objects.exclude(inspector=None).values_list("inspector_id", flat=True))
    for dept in Department.objects.filter(is_office=False).order_by("sort_order"):
        slug = ACCOUNT_SLUGS.get(dept.name, dept.code.lower())
        officer = (
            Inspector.objects.filter(department=dept, kind="law_enforcement", status="on_duty")
            .exclude(pk__in=taken)
            .order_by("certificate_no")
            .first()
        )
        short = dept.short_name or dept.name
        wanted.append((f"{slug}_admin", dept, Role.DEPT_ADMIN, f"{short}管理员", None))
        full_name = officer.name if officer else f"{short}执法人员"
        wanted.append((f"{slug}_zf", dept, Role.INSPECTOR, full_name, officer))
    existing = set(User.objects.values_list("username", flat=True))
    for username, dept, role, full_name, officer in wanted:
        if username in existing:
            result.accounts_existing += 1
            continue
        password = _password()
        services.user_create(
            actor=SYSTEM,
            username=username,
            password=password,
            department=dept,
            role=role,
            full_name=full_name,
            inspector=officer,
        )
        result.accounts.append((username, dept.name, Role(role).label, password))


def load_demo(
    *,
    seed: int = DEFAULT_SEED,
    entities: int = DEFAULT_ENTITIES,
    inspectors: int = DEFAULT_INSPECTORS,
    experts: int = DEFAULT_EXPERTS,
    conflicts: int = DEFAULT_CONFLICTS,
    say: Say | None = None,
) -> DemoResult:
    """Load the demo dataset through the audited import and service paths; idempotent."""
    say = say or (lambda _message: None)
    result = DemoResult()
    rng = random.Random(seed)
    # Each part draws from its own stream, so --entities does not change the other parts.
    item_rng, entity_rng, people_rng, conflict_rng = (
        random.Random(rng.getrandbits(64)) for _ in range(4)
    )

    started = time.perf_counter()
    header, rows = item_rows(item_rng)
    fresh = not InspectionItem.objects.exists()
    result.reports["items"] = _import(
        "items", "演示-抽查事项清单.csv", _csv(header, rows), fresh=fresh
    )
    result.timings["items"] = time.perf_counter() - started
    say(_report_line("抽查事项清单", result.reports["items"], len(rows), result.timings["items"]))

    started = time.perf_counter()
    header, entity_data = entity_rows(entity_rng, entities)
    codes = [row[0] for row in entity_data]
    fresh = _key_count(Entity, "uscc", codes) == 0
    data = _csv(header, entity_data)
    result.reports["entities"] = _import("entities", "演示-检查对象名录库.csv", data, fresh=fresh)
    result.timings["entities"] = time.perf_counter() - started
    line = _report_line(
        "检查对象名录库", result.reports["entities"], len(codes), result.timings["entities"]
    )
    say(line)

    started = time.perf_counter()
    header, people = inspector_rows(people_rng, inspectors, experts)
    fresh = _key_count(Inspector, "certificate_no", [row[5] for row in people]) == 0
    data = _csv(header, people)
    result.reports["inspectors"] = _import(
        "inspectors", "演示-执法检查人员名录库.csv", data, fresh=fresh
    )
    result.timings["inspectors"] = time.perf_counter() - started
    line = _report_line(
        "执法检查人员名录库",
        result.reports["inspectors"],
        len(people),
        result.timings["inspectors"],
    )
    say(line)

    started = time.perf_counter()
    result.conflicts_added = _load_conflicts(conflict_rng, conflicts, people, codes)
    _load_accounts(result)
    result.timings["conflicts_accounts"] = time.perf_counter() - started
    say(f"回避登记：新增 {result.conflicts_added} 条")

    names = list(DEMO_STEPS)
    for name in sorted(names, key=lambda n: (DEMO_ORDER.get(n, 100), names.index(n))):
        step = DEMO_STEPS[name]
        started = time.perf_counter()
        result.steps[name] = step(say)
        result.timings[name] = time.perf_counter() - started
    return result


def _report_line(title: str, report: ImportReport | None, rows: int, seconds: float) -> str:
    if report is None:
        return f"{title}：{rows} 行均已存在，未导入（{seconds:.1f} 秒）"
    return f"{report.summary()}（{seconds:.1f} 秒）"
