"""Word pools for the sample company: every text that differs by language, as (en, zh) pairs.

Person names are pinyin (surname first) in English and characters in Chinese, so the two
workbooks name the same person. Customer names are built from a city, a brand and an
industry, the way Chinese company names are.
"""

from __future__ import annotations

Pair = tuple[str, str]

SURNAMES: tuple[Pair, ...] = (
    ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"),
    ("Yang", "杨"), ("Huang", "黄"), ("Zhao", "赵"), ("Wu", "吴"), ("Zhou", "周"),
    ("Xu", "徐"), ("Sun", "孙"), ("Ma", "马"), ("Zhu", "朱"), ("Hu", "胡"), ("Guo", "郭"),
    ("He", "何"), ("Gao", "高"), ("Lin", "林"), ("Luo", "罗"), ("Zheng", "郑"),
    ("Liang", "梁"), ("Xie", "谢"), ("Song", "宋"), ("Tang", "唐"), ("Han", "韩"),
    ("Feng", "冯"), ("Deng", "邓"), ("Cao", "曹"), ("Peng", "彭"), ("Zeng", "曾"),
    ("Xiao", "肖"), ("Tian", "田"), ("Dong", "董"), ("Yuan", "袁"), ("Pan", "潘"),
    ("Yu", "于"), ("Jiang", "蒋"), ("Cai", "蔡"), ("Du", "杜"), ("Ye", "叶"),
    ("Cheng", "程"), ("Wei", "魏"), ("Su", "苏"), ("Lyu", "吕"), ("Ding", "丁"),
    ("Ren", "任"), ("Shen", "沈"), ("Yao", "姚"), ("Lu", "卢"),
)

GIVEN_NAMES: tuple[Pair, ...] = (
    ("Wei", "伟"), ("Fang", "芳"), ("Na", "娜"), ("Min", "敏"), ("Jing", "静"), ("Li", "丽"),
    ("Qiang", "强"), ("Lei", "磊"), ("Jun", "军"), ("Yang", "洋"), ("Yong", "勇"),
    ("Yan", "艳"), ("Jie", "杰"), ("Juan", "娟"), ("Tao", "涛"), ("Ming", "明"),
    ("Chao", "超"), ("Xiuying", "秀英"), ("Xia", "霞"), ("Ping", "平"), ("Gang", "刚"),
    ("Guiying", "桂英"), ("Hua", "华"), ("Hui", "慧"), ("Xin", "鑫"), ("Bin", "斌"),
    ("Yu", "宇"), ("Hao", "浩"), ("Kai", "凯"), ("Xiaoming", "晓明"), ("Jianguo", "建国"),
    ("Zhiqiang", "志强"), ("Haiyan", "海燕"), ("Lina", "丽娜"), ("Wenjing", "文静"),
    ("Yifan", "一帆"), ("Zihan", "子涵"), ("Yuxuan", "宇轩"), ("Siyu", "思雨"),
    ("Jiahui", "佳慧"), ("Mengyao", "梦瑶"), ("Haoran", "浩然"), ("Zhiwei", "志伟"),
    ("Junjie", "俊杰"), ("Xiaoyu", "晓雨"), ("Tingting", "婷婷"), ("Lili", "莉莉"),
    ("Dan", "丹"), ("Ning", "宁"), ("Bo", "博"), ("Peng", "鹏"), ("Rui", "睿"),
    ("Xuan", "萱"), ("Chen", "晨"), ("Long", "龙"), ("Fei", "飞"), ("Kun", "坤"),
    ("Shan", "珊"), ("Qian", "倩"), ("Yue", "悦"), ("Lan", "兰"), ("Hong", "红"),
    ("Jian", "健"), ("Liang", "亮"), ("Feng", "峰"), ("Xue", "雪"), ("Yun", "云"),
    ("Zhen", "震"), ("Wenbo", "文博"), ("Shuang", "爽"), ("Ying", "颖"), ("Jiayi", "佳怡"),
    ("Zixuan", "子轩"), ("Ruoxi", "若曦"), ("Mingyu", "明宇"), ("Xinyi", "欣怡"),
    ("Tianyu", "天宇"), ("Yichen", "一辰"), ("Shiyu", "诗雨"), ("Kaiwen", "凯文"),
)

DIRECTOR_DEPARTMENT: Pair = ("Sales Management", "销售管理部")
REGIONS: tuple[Pair, ...] = (
    ("East", "华东大区"), ("North", "华北大区"), ("South", "华南大区"), ("West", "华西大区"),
    ("Central", "华中大区"), ("Northeast", "东北大区"), ("Southwest", "西南大区"),
    ("Northwest", "西北大区"),
)

# Customer cities per region, in the order of REGIONS.
CITIES: tuple[tuple[Pair, ...], ...] = (
    (("Shanghai", "上海"), ("Hangzhou", "杭州"), ("Suzhou", "苏州"), ("Nanjing", "南京"),
     ("Ningbo", "宁波"), ("Hefei", "合肥")),
    (("Beijing", "北京"), ("Tianjin", "天津"), ("Jinan", "济南"), ("Qingdao", "青岛"),
     ("Shijiazhuang", "石家庄"), ("Taiyuan", "太原")),
    (("Guangzhou", "广州"), ("Shenzhen", "深圳"), ("Dongguan", "东莞"), ("Foshan", "佛山"),
     ("Xiamen", "厦门"), ("Fuzhou", "福州")),
    (("Chongqing", "重庆"), ("Guiyang", "贵阳"), ("Lhasa", "拉萨"), ("Nanning", "南宁")),
    (("Wuhan", "武汉"), ("Changsha", "长沙"), ("Zhengzhou", "郑州"), ("Nanchang", "南昌")),
    (("Shenyang", "沈阳"), ("Dalian", "大连"), ("Changchun", "长春"), ("Harbin", "哈尔滨")),
    (("Chengdu", "成都"), ("Kunming", "昆明"), ("Mianyang", "绵阳"), ("Yibin", "宜宾")),
    (("Xi'an", "西安"), ("Lanzhou", "兰州"), ("Yinchuan", "银川"), ("Xining", "西宁")),
)

BRANDS: tuple[Pair, ...] = (
    ("Huaxin", "华信"), ("Dingsheng", "鼎盛"), ("Hengtong", "恒通"), ("Jinrui", "金瑞"),
    ("Tianhe", "天和"), ("Haoyun", "浩运"), ("Zhongke", "中科"), ("Xinda", "信达"),
    ("Ruifeng", "瑞丰"), ("Longteng", "龙腾"), ("Hongda", "宏达"), ("Jiahe", "嘉禾"),
    ("Mingyang", "明阳"), ("Yongxin", "永信"), ("Kaiyuan", "开元"), ("Boya", "博雅"),
    ("Huamei", "华美"), ("Lianchuang", "联创"), ("Shengshi", "盛世"), ("Fuda", "富达"),
    ("Tongda", "通达"), ("Anke", "安科"), ("Qiming", "启明"), ("Chuangxin", "创新"),
    ("Huitong", "汇通"), ("Xinghe", "星河"), ("Baoli", "宝利"), ("Jiuzhou", "九州"),
    ("Yida", "亿达"), ("Hengyuan", "恒远"), ("Zhongtai", "中泰"), ("Dongfang", "东方"),
    ("Jinhui", "金辉"), ("Haitian", "海天"), ("Weiye", "伟业"), ("Shunfa", "顺发"),
    ("Guangming", "光明"), ("Changjiang", "长江"), ("Taihe", "泰和"), ("Ruida", "瑞达"),
)

INDUSTRIES: tuple[Pair, ...] = (
    ("Technology", "科技"), ("Trading", "贸易"), ("Logistics", "物流"),
    ("Electronics", "电子"), ("Machinery", "机械"), ("Pharmaceutical", "医药"),
    ("New Materials", "新材料"), ("Food", "食品"), ("Construction", "建设"),
    ("Software", "软件"), ("Energy", "能源"), ("Textile", "纺织"),
    ("Auto Parts", "汽车零部件"), ("Packaging", "包装"),
    ("Environmental Technology", "环保科技"), ("Medical Devices", "医疗器械"),
)

LEAD_SOURCES: tuple[Pair, ...] = (
    ("exhibition", "展会"), ("referral", "转介绍"), ("website", "官网"),
    ("cold call", "电话拜访"),
)
LEAD_SOURCE_WEIGHTS: tuple[int, ...] = (2, 3, 3, 2)

# Review texts per tier: high (stars), mid (solid) and low (weak, a collapsing quarter).
COMMENTS: dict[str, tuple[Pair, ...]] = {
    "high": (
        ("Outstanding quarter; consistently exceeded targets.",
         "本季度表现突出，持续超额完成目标。"),
        ("Excellent results and a role model for the team.", "业绩优秀，是团队的榜样。"),
        ("Strong pipeline and very satisfied customers.", "商机储备充足，客户满意度很高。"),
    ),
    "mid": (
        ("Solid quarter; targets broadly met.", "本季度表现稳定，基本完成目标。"),
        ("Reliable performance with room to grow.", "业绩稳定，仍有提升空间。"),
        ("Good effort; keep building new accounts.", "工作努力，需继续开拓新客户。"),
    ),
    "low": (
        ("Results well below target this quarter.", "本季度业绩明显低于目标。"),
        ("Needs closer follow-up of leads and receivables.", "需加强线索跟进和回款管理。"),
        ("Performance must improve next quarter.", "下季度业绩必须改善。"),
    ),
}
STRENGTHS: dict[str, tuple[Pair, ...]] = {
    "high": (
        ("Closes large deals", "善于签下大单"),
        ("Builds lasting customer relationships", "客户关系维护出色"),
        ("Mentors colleagues", "乐于带教同事"),
    ),
    "mid": (
        ("Dependable follow-up", "跟进及时可靠"),
        ("Good product knowledge", "产品知识扎实"),
        ("Works well with the team", "团队协作良好"),
    ),
    "low": (
        ("Friendly with customers", "待客友善"),
        ("Willing to learn", "学习意愿强"),
        ("Punctual reporting", "按时汇报工作"),
    ),
}
IMPROVEMENTS: dict[str, tuple[Pair, ...]] = {
    "high": (
        ("Share best practice with the team", "向团队分享最佳实践"),
        ("Delegate routine tasks", "适当授权日常事务"),
    ),
    "mid": (
        ("Convert more leads", "提高线索转化率"),
        ("Collect receivables on time", "按时回款"),
        ("Win more new customers", "开发更多新客户"),
    ),
    "low": (
        ("Plan weekly customer visits", "制定每周客户拜访计划"),
        ("Chase overdue receivables", "催收逾期应收款"),
        ("Improve customer satisfaction", "提升客户满意度"),
    ),
}

APPEAL_REASONS: tuple[Pair, ...] = (
    ("Two large contracts were delayed by the customer, not by me.",
     "两笔大合同因客户原因延迟签约，并非本人原因。"),
    ("The satisfaction survey covered only two customers.", "满意度调查只覆盖了两家客户。"),
    ("My new-customer count misses a customer signed on the last day.",
     "新客户数漏计了最后一天签约的客户。"),
)
APPEAL_DECISIONS: dict[str, str] = {"upheld": "维持", "rejected": "驳回", "pending": "待定"}

SEPARATION_REASONS: tuple[Pair, ...] = (
    ("Personal career development", "个人职业发展"),
    ("Relocating to another city", "迁居外地"),
    ("Pursuing further studies", "继续深造"),
)

ASSET_ITEMS: dict[str, Pair] = {
    "LT": ("Laptop", "笔记本电脑"),
    "PH": ("Mobile phone", "手机"),
    "BD": ("Access badge", "门禁卡"),
    "FC": ("Fuel card", "加油卡"),
    "SK": ("Sample kit", "样品箱"),
}
