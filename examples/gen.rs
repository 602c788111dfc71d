//! Benchmark data generator: writes a complete, valid content folder of synthetic records.
//!
//! ```text
//! cargo run --release --example gen -- --records 10000 --out DIR [--seed 1]
//! ```
//!
//! The four list files (`site.yaml`, `counties.yaml`, `categories.yaml`, `themes.yaml`) are
//! copied from the repository's `content/` folder, so every id stays valid. Records are
//! `DIR/bases/<county>/r000123.md`: every field of the record format filled in, with a
//! Markdown body of 300–1,500 Chinese characters. The same arguments give byte-identical
//! files: every record draws from its own splitmix64 stream, seeded from `--seed` and its
//! number. The folder must not exist yet, or be empty.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

// ---------------------------------------------------------------------------------------
// Random numbers

/// splitmix64: small, fast and good enough for test data.
struct Rng(u64);

impl Rng {
    fn for_record(seed: u64, n: u64) -> Rng {
        let mut r = Rng(seed.wrapping_mul(0xD1B5_4A32_D192_ED03) ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0..n
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 11) as u128 * n as u128) >> 53) as usize
    }

    /// lo..=hi
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut x = self.below(total as usize) as u32;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// `k` distinct indices of 0..n, in increasing order.
    fn subset(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = i + self.below(n - i);
            idx.swap(i, j);
        }
        let mut out = idx[..k.min(n)].to_vec();
        out.sort_unstable();
        out
    }
}

// ---------------------------------------------------------------------------------------
// Vocabulary

/// Per category: name suffixes, short wechat words, preferred themes, program titles.
struct Kind {
    id: &'static str,
    suffixes: &'static [&'static str],
    themes: &'static [&'static str],
    programs: &'static [&'static str],
}

const KINDS: &[Kind] = &[
    Kind {
        id: "patriotic-base",
        suffixes: &["革命纪念馆", "烈士陵园", "爱国主义教育基地", "红色教育基地", "党史教育馆", "革命旧址"],
        themes: &["patriotism", "civics", "culture"],
        programs: &["红色研学课程", "重温入队誓词", "小小讲解员培训", "寻访红色足迹", "清明祭英烈", "红色故事我来讲"],
    },
    Kind {
        id: "practice-base",
        suffixes: &["研学实践教育基地", "综合实践基地", "研学营地", "社会实践基地", "青少年研学营地"],
        themes: &["civics", "labour", "science", "ecology", "culture", "sports"],
        programs: &["研学一日营", "定向越野挑战", "草原生活体验", "团队拓展训练", "家乡变化调查", "野外生存常识课"],
    },
    Kind {
        id: "labour-base",
        suffixes: &["劳动教育基地", "农耕实践园", "劳动实践基地", "现代农业示范园", "学农基地"],
        themes: &["labour", "ecology", "science"],
        programs: &["开心农场种植课", "稻田插秧体验", "面点制作", "传统农具认知", "秋收采摘节", "木工小工坊"],
    },
    Kind {
        id: "sports-venue",
        suffixes: &["体育馆", "全民健身中心", "冰雪运动场", "游泳馆", "体育公园", "体育中心"],
        themes: &["sports", "safety", "mental-health"],
        programs: &["冰雪运动体验", "游泳安全课", "阳光体育大课间", "搏克与射箭体验", "篮球基础训练", "亲子趣味运动会"],
    },
    Kind {
        id: "museum",
        suffixes: &["博物馆", "民俗博物馆", "历史博物馆", "展览馆", "文物陈列馆"],
        themes: &["culture", "patriotism", "science"],
        programs: &["博物馆里的家乡历史", "文物小侦探", "民族服饰探秘", "古城遗址研学", "拓印体验课", "文物小档案"],
    },
    Kind {
        id: "science-centre",
        suffixes: &["科技馆", "青少年科技馆", "科学技术馆"],
        themes: &["science", "safety"],
        programs: &["趣味科学实验秀", "天象厅星空课", "机器人编程体验", "小小科学家", "球幕科普电影", "航模制作"],
    },
    Kind {
        id: "science-base",
        suffixes: &["科普教育基地", "气象科普馆", "地质科普馆", "科普示范基地", "科普馆"],
        themes: &["science", "ecology", "safety"],
        programs: &["气象观测小课堂", "岩石标本观察", "火山地貌研学", "防灾减灾科普", "显微镜下的世界", "自然笔记"],
    },
    Kind {
        id: "library",
        suffixes: &["图书馆", "少儿图书馆", "图书分馆", "城市书房"],
        themes: &["culture", "family", "arts"],
        programs: &["亲子共读", "绘本故事会", "古籍修复体验", "小小图书管理员", "读书分享会", "蒙汉双语阅读课"],
    },
    Kind {
        id: "art-gallery",
        suffixes: &["美术馆", "书画院", "艺术馆"],
        themes: &["arts", "culture"],
        programs: &["草原写生课", "民族纹样设计", "儿童画创作", "书法入门", "展览导赏", "皮画体验"],
    },
    Kind {
        id: "performing-arts",
        suffixes: &["乌兰牧骑", "艺术剧院", "民族歌舞团", "文化馆"],
        themes: &["arts", "culture", "patriotism"],
        programs: &["马头琴体验", "短调民歌学唱", "蒙古族舞蹈入门", "乌兰牧骑进校园", "戏剧工作坊", "专场演出"],
    },
    Kind {
        id: "youth-centre",
        suffixes: &["青少年活动中心", "少年宫", "校外活动中心", "青少年宫"],
        themes: &["arts", "sports", "science", "mental-health"],
        programs: &["周末兴趣班", "科技创新小组", "合唱团训练", "暑期夏令营", "心理团体辅导", "非遗手工课"],
    },
    Kind {
        id: "fire-station",
        suffixes: &["消防救援站", "消防科普教育馆", "消防救援大队"],
        themes: &["safety", "civics"],
        programs: &["消防安全第一课", "烟雾逃生体验", "灭火器使用练习", "走进消防站", "森林防火课", "应急疏散演练"],
    },
    Kind {
        id: "health",
        suffixes: &["人民医院", "疾病预防控制中心", "妇幼保健院", "中蒙医院", "卫生院"],
        themes: &["safety", "mental-health", "science"],
        programs: &["急救小课堂", "心肺复苏体验", "传染病预防科普", "青春期健康讲座", "蒙医药文化体验", "护眼小知识"],
    },
    Kind {
        id: "university",
        suffixes: &["职业技术学院", "职业学校实训基地", "学院科普基地"],
        themes: &["science", "labour", "civics"],
        programs: &["职业体验日", "实训车间开放日", "智能制造体验", "大学校园参观", "烹饪技能体验", "农机维修小课堂"],
    },
    Kind {
        id: "enterprise",
        suffixes: &["食品有限公司", "牧业有限公司", "矿泉水有限公司", "农业科技有限公司", "米业有限公司"],
        themes: &["labour", "science", "ecology"],
        programs: &["走进生产线", "一粒米的旅程", "牧场参观", "质量检测小实验", "企业文化讲解", "绿色生产课"],
    },
    Kind {
        id: "community",
        suffixes: &["社区家长学校", "家庭教育服务站", "社区少儿之家", "家长学校"],
        themes: &["family", "mental-health", "safety"],
        programs: &["好家长课堂", "亲子沟通工作坊", "入学准备家长会", "四点半课堂", "家风故事会", "青春期家长课"],
    },
];

/// Towns (街道, 镇, 乡, 苏木) by county id.
const TOWNS: &[(&str, &[&str])] = &[
    (
        "ulanhot",
        &[
            "和平街道",
            "都林街道",
            "爱国街道",
            "兴安街道",
            "胜利街道",
            "五一街道",
            "城郊街道",
            "乌兰哈达镇",
            "葛根庙镇",
            "义勒力特镇",
        ],
    ),
    ("arxan", &["温泉街道", "新城街道", "林海街道", "白狼镇", "五岔沟镇", "天池镇", "伊尔施镇", "明水河镇"]),
    (
        "horqin-right-front",
        &[
            "科尔沁镇",
            "索伦镇",
            "大石寨镇",
            "归流河镇",
            "居力很镇",
            "察尔森镇",
            "德伯斯镇",
            "俄体镇",
            "额尔格图镇",
            "满族屯满族乡",
        ],
    ),
    (
        "horqin-right-middle",
        &[
            "巴彦呼舒镇",
            "高力板镇",
            "好腰苏木镇",
            "吐列毛杜镇",
            "杜尔基镇",
            "代钦塔拉苏木",
            "巴仁哲里木镇",
            "新佳木苏木",
        ],
    ),
    (
        "jalaid",
        &[
            "音德尔镇",
            "新林镇",
            "好力保镇",
            "胡尔勒镇",
            "巴彦高勒镇",
            "图牧吉镇",
            "宝力根花苏木",
            "努文木仁乡",
            "阿尔本格勒镇",
        ],
    ),
    ("tuquan", &["突泉镇", "六户镇", "东杜尔基镇", "永安镇", "水泉镇", "宝石镇", "太平乡", "学田乡", "九龙乡"]),
];

const ABBREV: &[(&str, &str)] = &[
    ("ulanhot", "乌市"),
    ("arxan", "阿市"),
    ("horqin-right-front", "科右前旗"),
    ("horqin-right-middle", "科右中旗"),
    ("jalaid", "扎旗"),
    ("tuquan", "突泉"),
];

const PLACE_WORDS: &[&str] = &[
    "和平",
    "兴安",
    "红旗",
    "向阳",
    "新华",
    "光明",
    "团结",
    "幸福",
    "民族",
    "五一",
    "胜利",
    "东风",
    "前进",
    "建设",
    "文化",
    "北山",
    "南山",
    "洮儿河",
    "归流河",
    "绰尔河",
    "罕山",
    "白狼",
    "哈拉哈",
    "科尔沁",
    "草原",
    "林海",
    "金秋",
    "春晖",
    "育才",
    "启明",
    "星光",
    "阳光",
    "乌兰",
    "希望",
    "青松",
    "白桦",
    "天骄",
    "长青",
];

const ROADS: &[&str] = &[
    "兴安南大街",
    "兴安北大街",
    "五一北路",
    "五一南路",
    "罕山街",
    "和平路",
    "新桥东街",
    "洮儿河路",
    "民族街",
    "建设路",
    "人民路",
    "团结路",
    "光明街",
    "青年路",
    "胜利路",
    "文化路",
    "振兴街",
    "迎宾大道",
    "站前街",
    "育才路",
    "北环路",
    "滨河大街",
    "林海路",
    "白桦街",
];

const LANDSCAPES: &[&str] = &[
    "洮儿河",
    "归流河",
    "绰尔河",
    "霍林河",
    "哈拉哈河",
    "罕山",
    "阿尔山天池",
    "科尔沁草原",
    "大兴安岭",
    "图牧吉湿地",
    "好森沟",
    "察尔森水库",
];

const SEASONS: &[&str] =
    &["春季", "夏季", "秋季", "冬季", "暑假", "寒假", "五一假期", "国庆假期", "每年五月", "金秋九月"];

const HOURS: &[&str] = &[
    "Tu-Su 09:00-16:30; Mo off",
    "Mo-Su 09:00-17:00",
    "Mo-Fr 08:30-11:30,14:30-17:30",
    "We-Su 09:00-17:00; Mo,Tu off",
    "May-Oct 08:00-17:00",
    "May-Oct Mo-Su 08:00-17:30; Nov-Apr Tu-Su 09:00-16:00",
    "Sa 09:00-11:00",
    "Mo-Fr 08:00-17:00; PH off",
];

const HOURS_NOTES: &[&str] = &[
    "16:00停止入场",
    "节假日开放时间以公告为准",
    "寒暑假开放时间另行安排",
    "团体参观请避开中午时段",
    "冬季闭馆时间提前至16:00",
    "周一闭馆（法定节假日除外）",
    "恶劣天气临时闭馆，请电话确认",
    "每周六上午授课，寒暑假另行安排",
    "春节期间闭馆，具体以公众号通知为准",
    "学校团体可预约闭馆日专场",
];

const CONTACTS: &[&str] = &[
    "社会教育部",
    "宣传教育科",
    "办公室",
    "研学部",
    "接待中心",
    "社区居委会",
    "团委",
    "科普部",
    "公共服务部",
    "群众工作部",
    "防火宣传科",
    "健康教育科",
    "招生就业处",
    "综合办公室",
    "青少年工作部",
    "开放服务中心",
];

const FEE_FREE: &[&str] = &[
    "学生凭学生证免费",
    "学校团体免费，需提前预约",
    "免费开放，部分体验项目另收材料费",
    "免费，讲解服务需预约",
    "公益课程，不收取任何费用",
];

const FEE_PAID: &[&str] = &[
    "学生票10元，学校团体八折",
    "研学课程每人30元（含材料费）",
    "门票成人40元，中小学生半价",
    "体验项目按次收费，每人15元",
    "劳动课程每人20元，含午餐另加15元",
];

const GREEN: &[&str] = &[
    "学校团体预约优先安排讲解",
    "农村牧区学校优先安排",
    "县内学校团体可预约闭馆日专场",
    "困境儿童家庭优先安排",
    "学校团体工作日优先安排",
    "残疾学生及陪同人员免预约入场",
    "可预约工作人员送课到校",
    "民族学校可安排蒙古语讲解",
];

const PRIVATE_NOTES: &[&str] = &[
    "负责人手机待确认",
    "电话已于上次核实时接通",
    "开放时间以场馆口头答复为准，待书面确认",
    "地址门牌号待街道核实",
    "收费标准可能调整，明年复核",
    "预约网址待场馆提供正式链接",
    "示例占位，待旗县教育局报送",
];

const PROGRAM_NOTES: &[&str] = &[
    "讲解参观与分组体验相结合",
    "含学习单和总结分享环节",
    "由专职辅导员带领，材料由场馆提供",
    "室内外结合，雨天改为室内活动",
    "需提前一周预约，每次限一个班级",
    "可送课到校",
    "适合作为研学线路中的一站",
];

/// Designation titles by level; `{C}` is the county name.
const DESIGNATIONS: &[(&str, &[&str])] = &[
    (
        "national",
        &[
            "全国爱国主义教育示范基地",
            "全国中小学生研学实践教育基地",
            "全国科普教育基地",
            "全国青少年校外活动场所示范单位",
            "全国中小学生劳动教育实践基地",
        ],
    ),
    (
        "region",
        &[
            "内蒙古自治区爱国主义教育基地",
            "内蒙古自治区科普教育基地",
            "内蒙古自治区中小学劳动教育实践基地",
            "内蒙古自治区研学旅行示范基地",
        ],
    ),
    (
        "league",
        &["兴安盟爱国主义教育基地", "兴安盟中小学生研学实践教育基地", "兴安盟科普教育基地", "兴安盟家庭教育示范站点"],
    ),
    ("county", &["{C}中小学生社会实践基地", "{C}科普教育基地", "{C}劳动教育实践基地", "{C}青少年校外教育基地"]),
];

const AUDIENCES: &[(&str, &str)] = &[
    ("kindergarten", "幼儿园小朋友"),
    ("primary", "小学生"),
    ("junior", "初中生"),
    ("senior", "高中生"),
    ("parents", "家长"),
];

// Body sentences. Slots: {N} full name, {P} short name, {C} county, {T} town, {A} audience,
// {R} landscape, {S} season, {K} 2–6, {M} minutes, {G} group size, {D} advance days, {Y} year.

const INTRO: &[&str] = &[
    "{N}位于{C}{T}，是面向{A}开放的校外教育场所。",
    "{N}地处{C}{T}，交通便利，周边有多所中小学校。",
    "作为{C}重要的社会实践资源，{N}常年接待学校团体和家庭参观。",
    "{N}建成于{Y}年，经过多次改造提升，如今已成为{C}中小学生开展校外活动的重要场所。",
    "{N}是{C}“一旗县一清单”中的校外教育资源之一，主要面向{A}。",
    "走进{N}，{A}可以在看、听、做中学习课本以外的知识。",
    "{N}坐落在{T}，距{C}城区不远，是当地学校开展实践活动的常去之处。",
    "{Y}年以来，{N}累计接待了{C}及周边旗县的大批学生团体。",
];

const STUDY: &[&str] = &[
    "研学活动一般安排半天，上午参观讲解，下午开展分组实践和总结分享。",
    "学校可以把这里作为研学旅行线路中的一站，与{C}其他基地串联安排。",
    "研学手册由基地与学校老师共同编写，包含参观任务、观察记录和反思问题。",
    "学生按五六人一组分成小组，每组推选一名组长负责记录和汇报。",
    "研学结束时，各小组用海报或短视频展示学习成果，老师现场点评。",
    "基地为研学团体提供讲解、场地和部分器材，餐饮可提前联系安排。",
    "研学课程注重学科融合，把语文、科学、历史和美术知识结合在一起。",
    "对于路程较远的学校，基地可以协助规划乘车路线和时间安排。",
    "每批研学团体建议不超过{G}人，以保证讲解和活动效果。",
    "学生在研学过程中要遵守纪律，听从带队老师和工作人员的安排。",
    "研学前，老师可以先在课堂上介绍{P}的基本情况，让学生带着问题出发。",
    "不少学校把{P}的研学活动写进了综合实践活动课程计划，每学年安排一次。",
];

const VISIT: &[&str] = &[
    "团体参观请至少提前{D}天电话预约，说明学校名称、人数和年级。",
    "带队老师需随团全程管理学生，建议每{K}名学生配备一名教师。",
    "参观时间约{M}分钟，馆内设有饮水点和休息区。",
    "馆内禁止奔跑打闹，请勿携带易燃易爆物品和宠物入内。",
    "雨雪天气或特殊情况下，开放安排可能调整，请以电话确认为准。",
    "停车场可停放大型客车，学校包车前来较为方便。",
    "个人参观无需预约，凭有效证件即可入内。",
    "寒暑假期间开放时间会有调整，建议出发前通过公众号查询。",
    "场馆配有无障碍通道和轮椅，行动不便的学生可以提前告知工作人员。",
    "参观结束后，学校可以在留言簿上写下意见和建议，帮助场馆改进服务。",
    "{S}来访的团体较多，建议尽量避开周末和节假日。",
    "{C}{T}的学校可以预约工作人员上门开展送课活动。",
];

const CLOSING: &[&str] = &[
    "欢迎{C}各中小学校组织学生前来参观学习。",
    "期待更多{A}走进{P}，在实践中认识家乡、增长见识。",
    "{P}将继续丰富课程内容，为{C}青少年提供更好的校外教育服务。",
    "如需了解最新活动安排，请关注{P}的官方公众号。",
];

const THEME_SENTENCES: &[(&str, &[&str])] = &[
    (
        "patriotism",
        &[
            "{P}陈列着大量珍贵的历史照片和实物，真实再现了{C}各族人民在革命年代的奋斗历程。",
            "讲解员会结合“五一大会”等重要历史事件，带领{A}回顾内蒙古自治区成立的光辉历程。",
            "每年清明节前后，{C}许多学校都会组织学生来到这里开展缅怀革命先烈活动。",
            "学生可以在讲解员的带领下重温入队誓词或入团誓词，感受红色精神的力量。",
            "展厅按时间顺序分为{K}个单元，每个单元都配有适合{A}阅读的图文说明。",
            "老师可以提前领取红色研学学习单，让学生带着问题参观，回校后完成小论文。",
            "基地还邀请老党员、老战士的后代走进课堂，讲述发生在{T}一带的真实故事。",
            "“红色故事我来讲”活动鼓励学生选取一件展品，用两三分钟讲清它背后的历史。",
            "参观结束后，许多班级会在广场上举行简短的升旗仪式，并集体合唱国歌。",
            "展馆中的多媒体沙盘生动还原了当年的战斗场景，孩子们看得格外专注。",
            "通过实地参观，学生对民族团结有了更直观、更深刻的理解。",
            "{C}关工委定期在这里举办青少年红色教育报告会，每次约{M}分钟。",
            "少先队员可以在这里开展“寻访红色足迹”主题队日活动，由辅导员统一组织。",
            "纪念碑前设有献花区，学生可以自制小白花，在讲解员引导下有序敬献。",
            "为方便低年级学生理解，基地专门编写了绘本版讲解词，语言浅显、故事性强。",
            "高年级学生可以参加“小小讲解员”培训，经过{K}次练习后为同学们讲解。",
            "红色教育与语文、历史、道德与法治课程紧密结合，可作为学校思政课的延伸课堂。",
            "这里记录了{C}在抗日战争和解放战争时期的许多重要史实。",
            "每逢“七一”“八一”和国庆节，{P}都会推出主题展览，欢迎学校组织学生参观。",
            "参观中请保持安静、文明观展，不要触摸展柜玻璃和文物复制品。",
        ],
    ),
    (
        "civics",
        &[
            "思政课老师可以把课堂搬到{P}，围绕家乡发展变化组织学生开展现场教学。",
            "学生分组走访{T}的街道和村屯，记录家乡近几十年来的变化，并制作成手抄报。",
            "{P}设有模拟法庭、模拟议事厅等体验区，帮助{A}了解基层治理的基本方式。",
            "“我为家乡代言”活动让学生用一段话介绍{C}的特色，锻炼表达能力。",
            "活动中，学生将学习垃圾分类、文明出行等公共规则，并在社区开展志愿服务。",
            "志愿服务结束后，每名学生可以获得一份由{P}出具的社会实践证明。",
            "通过对比老照片和今天的街景，学生直观感受到{C}城乡面貌的巨大变化。",
            "讲解员会介绍近年来{T}发生的变化，让学生了解乡村振兴的意义。",
            "思政实践课程一般为{M}分钟，包括参观、讨论和分享三个环节。",
            "学生可以在“心愿墙”上写下对家乡的祝福，活动结束后统一保存展示。",
            "这里也是{C}中小学开展“开学第一课”和“国家安全教育日”活动的固定场所。",
            "带队老师可以结合道德与法治教材中的单元主题，提前与工作人员沟通讲解重点。",
            "高中学生可以围绕基层治理、民族团结等题目开展小课题研究，基地提供资料支持。",
            "民族团结进步教育展区用生动的故事讲述了各族群众守望相助的事迹。",
            "社会实践活动结束后，学校可以组织学生撰写实践报告，优秀作品将在展厅展示。",
        ],
    ),
    (
        "science",
        &[
            "{P}的展品涵盖力学、光学、电磁学和生命科学等领域，大多数可以动手操作。",
            "孩子们最喜欢的是会“说话”的机器人和能让头发竖起来的静电球。",
            "科普辅导员会现场演示液氮实验、空气炮等趣味科学实验，每场约{M}分钟。",
            "天文科普区配有天象投影设备，学生可以了解北半球四季星空的变化。",
            "学校可以预约“科学小实验”课程，学生在辅导员指导下亲手完成{K}个小实验。",
            "{P}结合{C}的气候特点，介绍了风能、太阳能等新能源在当地的应用。",
            "地质展区陈列着火山岩、玄武岩和各类矿物标本，讲述大兴安岭的形成过程。",
            "这里每年举办科技周和科普日活动，邀请科技工作者与{A}面对面交流。",
            "学生可以利用简单材料制作小风车、小电机，体会科学原理就在身边。",
            "气象观测场向学生开放，大家可以学习读取温度计、雨量筒和风向标。",
            "为配合学校科学课，{P}整理了与教材单元对应的参观路线。",
            "人工智能体验区让学生了解语音识别、图像识别等技术的基本原理。",
            "高年级学生可以参加航模、车模和无人机兴趣小组，在专业老师指导下完成作品。",
            "科普讲座内容涵盖防灾减灾、健康生活、现代农业等主题，适合不同学段。",
            "参观中鼓励学生多提问、多动手，把观察到的现象记在科学笔记本上。",
            "“小小科学家”活动让学生围绕一个问题设计实验、记录数据并得出结论。",
            "科普展厅的部分展项配有蒙汉双语说明，方便民族学校学生参观。",
            "{C}科协每学期会在这里组织一次青少年科技创新作品展示活动。",
            "学生通过显微镜观察植物细胞和微生物，感受微观世界的奇妙。",
            "球幕影院定期放映科普影片，每场约{M}分钟，需要随团体一并预约。",
        ],
    ),
    (
        "labour",
        &[
            "基地划分了蔬菜种植区、果树区和农具展示区，学生可以体验翻地、播种、浇水等农活。",
            "每到{S}，学生会在老师带领下走进田间，亲手采摘自己种下的蔬菜。",
            "劳动课程按照学段设计，小学生以认识农作物为主，中学生可以参与完整的种植过程。",
            "{T}一带是{C}重要的粮食产区，学生可以在这里了解水稻、玉米和大豆的生长周期。",
            "学生分组认领一小块菜地，定期来照料并记录作物的生长情况。",
            "传统农具展室展示了犁、耙、石磨等老物件，讲解员会介绍它们的用法。",
            "在面点制作课上，学生学习和面、擀皮、包饺子，体验劳动的快乐。",
            "牧区劳动体验课程带领学生认识牛羊的饲养方式，了解草原畜牧业的发展。",
            "所有劳动工具均按学生身高和力气配备，每组都有工作人员负责安全指导。",
            "劳动结束后，每位学生都要整理好工具、清扫场地，养成良好的劳动习惯。",
            "{P}还开设了木工、编织、手工香皂等手工劳动课程，每节课约{M}分钟。",
            "学生可以把收获的蔬菜带回学校食堂，或送给社区里的老人。",
            "劳动教育与科学课相结合，学生会测量土壤温度和湿度，分析对作物生长的影响。",
            "温室大棚一年四季都可以开展活动，冬季也能看到绿油油的蔬菜。",
            "“劳动最光荣”主题活动中，学生采访农民和工人，记录他们一天的工作。",
            "基地提供午餐，学生可以在食堂吃到用自家种植的蔬菜做成的饭菜。",
            "兴安盟大米闻名区内外，学生在这里可以了解从育苗、插秧到收割的全过程。",
            "劳动成果展示会上，各小组展示自己的作物和劳动日记，由老师评出优秀小组。",
        ],
    ),
    (
        "sports",
        &[
            "{P}可以承接学校运动会、篮球赛和足球联赛等各类体育活动。",
            "冬季，学生可以在冰场上体验滑冰、冰壶等冰雪运动，装备由场馆统一提供。",
            "专业教练会根据学生年龄安排热身、技术练习和分组比赛，每次课约{M}分钟。",
            "场馆设有攀岩墙、轮滑场和室内跑道，满足不同学生的运动兴趣。",
            "学校可以预约游泳安全课，由持证救生员讲解防溺水知识并进行水中练习。",
            "“阳光体育”活动中，各班级开展跳绳、拔河、接力跑等集体项目，气氛热烈。",
            "体育场馆在寒暑假面向学生开放，并提供免费或低收费的训练时段。",
            "学生可以体验蒙古族传统体育项目，如搏克、射箭和蒙古象棋。",
            "场馆配备医务室和急救设备，大型活动时有医护人员在场值守。",
            "运动前请学生穿好运动鞋和运动服，不佩戴项链、手表等硬质饰品。",
            "{C}青少年业余体校在这里开展日常训练，有兴趣的学生可以报名参加选拔。",
            "体质健康测试区可以测量身高、体重、肺活量等指标，帮助学生了解自己的身体状况。",
            "周末上午场馆开设亲子运动课，家长和孩子一起参加趣味运动游戏。",
            "足球场采用人造草坪，可同时容纳{K}个班级分组活动。",
            "冰雪运动进校园活动期间，教练会走进{T}的学校开展滑雪和冰上项目教学。",
        ],
    ),
    (
        "arts",
        &[
            "{P}定期举办书法、绘画和摄影展览，学生可以在讲解员带领下欣赏作品。",
            "在美育课上，学生学习用蒙古族传统纹样设计书签、贴纸和小挂件。",
            "艺术老师会带领学生临摹展品中的草原风景，感受色彩与线条之美。",
            "乌兰牧骑演员会为学生表演马头琴、呼麦和蒙古族舞蹈，并教大家学唱短调民歌。",
            "学生可以报名参加合唱、舞蹈、器乐等兴趣班，每周活动{K}次。",
            "儿童画展每年举办一次，优秀作品将在{P}展出一个月。",
            "剪纸、刺绣、皮雕等传统手工艺课程由非遗传承人亲自授课。",
            "在“我画家乡”活动中，学生走出教室，写生{R}和{T}的街景。",
            "剧场每学期为中小学生安排{K}场专场演出，演出后演员与学生互动交流。",
            "学生在体验马头琴演奏时，会了解到这件乐器背后的传说故事。",
            "美术馆的公共教育区提供画笔、颜料和画纸，孩子们可以当场创作。",
            "戏剧工作坊通过角色扮演帮助学生提升表达能力和团队合作意识。",
            "艺术活动结束后，学生的作品可以带回学校，在教室或走廊里展示。",
            "“送文艺进校园”活动中，演出团队会走进{C}偏远牧区的学校为学生演出。",
            "摄影兴趣小组带领学生用镜头记录{S}的{R}，作品将参加全盟青少年摄影比赛。",
        ],
    ),
    (
        "culture",
        &[
            "这里集中展示了{C}蒙古族的传统服饰、生活用具和游牧文化。",
            "学生可以走进蒙古包，了解它的搭建方式以及草原牧民的生活习俗。",
            "讲解员会讲述嘎达梅林等历史人物的故事，帮助学生了解本地历史。",
            "在民俗体验区，学生可以学习献哈达、敬奶茶等蒙古族传统礼仪。",
            "{P}收藏了不少辽金时期的文物，其中一些出土于{T}附近的古城遗址。",
            "传统节日期间，这里会举办那达慕等民俗活动，学生可以观摩体验。",
            "“家乡的非遗”课程介绍了蒙古族刺绣、皮画、勒勒车制作等非物质文化遗产。",
            "学生可以尝试用蒙古文书写自己的名字，感受不同文字的独特魅力。",
            "春节前夕，学生在这里学习写春联、剪窗花，体验中华传统年俗。",
            "中秋节和端午节期间，{P}会组织做月饼、包粽子等亲子活动。",
            "古籍修复展示区让学生了解纸张、装订和修复的基本知识。",
            "展厅中的复原场景再现了百年前{C}的街市风貌，学生可以对照今天的城市进行比较。",
            "通过民族乐器、民族服饰和饮食文化的展示，学生更加了解多民族共同生活的历史。",
            "讲解词分为小学版和中学版，内容深浅不同，老师可以根据班级情况选择。",
            "学生在参观后完成“文物小档案”任务单，介绍一件自己最感兴趣的文物。",
        ],
    ),
    (
        "mental-health",
        &[
            "{P}设有心理辅导室和沙盘游戏室，由专职心理老师接待学生和家长。",
            "心理健康讲座围绕情绪管理、人际交往和考试焦虑等话题展开，每次约{M}分钟。",
            "团体辅导活动通过游戏和分享，帮助学生认识自己、学会与同伴相处。",
            "“阳光心灵”课程面向{A}，引导学生用积极的方式面对学习和生活中的困难。",
            "心理老师会教给学生几种简单的放松方法，如腹式呼吸、肌肉放松练习等。",
            "对于有需要的学生，可以预约一对一咨询，咨询内容严格保密。",
            "毕业年级学生可以参加考前减压团体活动，在轻松的氛围中调整状态。",
            "心理健康月期间，{P}会联合{C}各学校举办心理情景剧展演。",
            "家长课堂会讲解青春期孩子的心理特点，帮助家长改进沟通方式。",
            "心理测评仅作为了解自己的参考，工作人员会对结果进行耐心解释。",
            "宣泄室、音乐放松室等功能室让学生在安全的环境中释放压力。",
            "学校可以预约心理老师进校讲座，覆盖{T}及周边的中小学校。",
        ],
    ),
    (
        "safety",
        &[
            "消防员会为学生讲解火灾的危害和家庭防火常识，并演示灭火器的正确使用方法。",
            "在烟雾逃生体验室里，学生弯腰低姿、用湿毛巾捂住口鼻，学习有序撤离。",
            "学生可以近距离参观消防车和各类救援装备，了解消防员的日常训练。",
            "交通安全体验区模拟了十字路口，学生学习识别信号灯、走人行横道。",
            "防溺水教育是每年{S}的重点内容，讲解员会用真实案例提醒学生远离危险水域。",
            "地震模拟平台可以让学生体验不同震级的晃动，学习“伏地、遮挡、手抓牢”的避险方法。",
            "急救课程教学生拨打120、判断意识和呼吸，中学生还可以学习心肺复苏。",
            "防诈骗、防欺凌、网络安全等内容以情景剧的形式呈现，学生更容易记住。",
            "冬季冰雪天气较多，工作人员会特别讲解冰面安全和防冻伤知识。",
            "每年“119”消防宣传月，{C}许多学校都会组织学生来这里参观学习。",
            "安全教育课结束后，学生要完成一张安全知识小测验，巩固所学内容。",
            "学生可以体验穿戴消防战斗服，感受消防员出警前的紧张准备。",
            "森林防火是{C}安全教育的重要内容，讲解员会介绍野外用火的规定。",
            "课程中会提醒学生记住家庭住址和父母电话，遇到危险时及时求助。",
            "{P}还会把安全课程送进{T}的学校和幼儿园，开展应急疏散演练。",
        ],
    ),
    (
        "ecology",
        &[
            "{P}地处{R}附近，湿地、草原和森林相互交错，是开展生态教育的理想场所。",
            "学生可以在观鸟台上用望远镜观察丹顶鹤、白鹭等候鸟，并学习填写观鸟记录。",
            "讲解员会介绍大兴安岭南麓的植被分布，带领学生认识白桦、樟子松等树种。",
            "{S}是观察植物的好时节，学生可以采集落叶制作植物标本。",
            "“小小护林员”活动让学生了解森林防火和野生动物保护的重要性。",
            "学生沿着生态步道徒步约{M}分钟，沿途有{K}处自然解说牌。",
            "水质监测小实验让学生测试{R}的水样，了解水体污染的原因。",
            "基地开展垃圾分类和资源回收主题活动，学生动手制作环保手工作品。",
            "草原生态课程讲述了退牧还草、禁牧休牧等措施给{C}带来的变化。",
            "每年植树节前后，学校可以组织学生在这里参加义务植树活动。",
            "火山地貌展示区介绍了阿尔山火山群的形成，学生可以观察火山石的孔隙结构。",
            "生态摄影和自然笔记活动鼓励学生用画笔和相机记录身边的自然之美。",
            "讲解员会提醒学生在野外不采摘、不投喂、不留垃圾，做文明的自然观察者。",
            "昆虫旅馆和鸟巢制作活动让学生在动手中理解生物多样性。",
            "学生通过对比卫星图片，了解近年来{C}森林覆盖率和草原植被的变化。",
        ],
    ),
    (
        "family",
        &[
            "家长学校每月开设{K}次公益讲座，由学校教师和家庭教育指导师授课。",
            "讲座内容包括亲子沟通、习惯养成、入学适应和青春期教育等。",
            "周末亲子活动让家长和孩子一起读绘本、做手工，增进亲子感情。",
            "家庭教育指导站提供一对一咨询，家长可以电话预约时间。",
            "“好家风”故事会邀请{T}的家庭分享家训家规，营造良好社区氛围。",
            "新生家长可以参加入学准备课程，了解如何帮助孩子适应小学生活。",
            "社区志愿者在寒暑假组织“四点半课堂”，为双职工家庭的孩子提供看护和辅导。",
            "家长课堂结束后，工作人员会发放家庭教育读本和亲子共读书单。",
            "留守儿童和困境儿童家庭可以优先参加各类关爱活动。",
            "家长们在这里交流育儿经验，遇到的问题可以在互助小组中得到建议。",
            "亲子阅读角配有适合不同年龄段的图书，周末开放给附近居民。",
            "{P}还与{C}妇联合作，定期开展“家庭教育宣传周”活动。",
        ],
    ),
];

/// Lead-ins of the occasional bullet list, each with its items (kept in order); an empty list
/// means the record's programs.
const LISTS: &[(&str, &[&str])] = &[
    (
        "活动流程：",
        &[
            "入场集合与安全须知（约10分钟）",
            "讲解员带领参观（约{M}分钟）",
            "分组实践与动手体验",
            "填写学习单，小组交流",
            "总结分享与集体合影",
        ],
    ),
    (
        "参观须知：",
        &[
            "请穿运动鞋、带水杯",
            "贵重物品请勿带入活动区",
            "听从工作人员指挥，不擅自离队",
            "馆内请勿饮食和大声喧哗",
            "爱护展品和设施，损坏照价赔偿",
        ],
    ),
    ("推荐课程：", &[]),
    (
        "适合班级开展的活动：",
        &["围绕{R}开展的自然观察", "{C}家乡变化小调查", "小小讲解员展示", "主题手抄报制作", "{S}主题实践活动"],
    ),
    (
        "预约时请说明：",
        &["学校名称、年级和人数", "带队教师姓名及联系电话", "是否需要讲解和午餐", "到达方式和预计到达时间"],
    ),
];

// ---------------------------------------------------------------------------------------
// Config read from the repository's content folder

struct County {
    id: String,
    name: String,
    lat: f64,
    lng: f64,
}

/// The value of `key:` in a one-line flow mapping such as `- { id: x, name: y }`.
fn field<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let pat = format!("{key}:");
    let mut from = 0;
    while let Some(i) = line[from..].find(&pat) {
        let at = from + i;
        let before = line[..at].chars().last();
        if matches!(before, Some(' ' | '{' | ',')) {
            let rest = &line[at + pat.len()..];
            let end = rest.find([',', '}']).unwrap_or(rest.len());
            return Some(rest[..end].trim().trim_matches('"'));
        }
        from = at + pat.len();
    }
    None
}

fn list_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| l.starts_with("- "))
}

fn counties(text: &str) -> Vec<County> {
    list_lines(text)
        .filter_map(|l| {
            Some(County {
                id: field(l, "id")?.to_string(),
                name: field(l, "name")?.to_string(),
                lat: field(l, "lat")?.parse().ok()?,
                lng: field(l, "lng")?.parse().ok()?,
            })
        })
        .collect()
}

fn ids(text: &str) -> Vec<(String, String)> {
    list_lines(text).filter_map(|l| Some((field(l, "id")?.to_string(), field(l, "name")?.to_string()))).collect()
}

// ---------------------------------------------------------------------------------------
// Helpers

/// A YAML double-quoted string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn random_date(rng: &mut Rng) -> String {
    let lo = days_from_civil(2025, 1, 1);
    let hi = days_from_civil(2026, 11, 28);
    let (y, m, d) = civil_from_days(lo + rng.below((hi - lo + 1) as usize) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

fn phone(rng: &mut Rng) -> String {
    format!("0482-5{:02} {:04}", rng.below(100), rng.below(10_000))
}

fn cjk_len(s: &str) -> usize {
    s.chars().filter(|c| !c.is_ascii()).count()
}

/// Everything a record's text is built from.
struct Slots<'a> {
    full: &'a str,
    short: &'a str,
    county: &'a str,
    town: &'a str,
    audiences: Vec<&'static str>,
    advance_days: u32,
    group_max: u32,
}

fn fill(template: &str, s: &Slots, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let key = &rest[i + 1..i + 2];
        rest = &rest[i + 3..];
        match key {
            "N" => out.push_str(s.full),
            "P" => out.push_str(s.short),
            "C" => out.push_str(s.county),
            "T" => out.push_str(s.town),
            "A" => {
                let extra = ["中小学生", "青少年", "孩子们"];
                if rng.chance(0.3) {
                    out.push_str(rng.pick(&extra));
                } else {
                    out.push_str(rng.pick(&s.audiences));
                }
            }
            "R" => out.push_str(rng.pick(LANDSCAPES)),
            "S" => out.push_str(rng.pick(SEASONS)),
            "K" => write!(out, "{}", rng.range(2, 6)).unwrap(),
            "M" => write!(out, "{}", rng.range(3, 12) * 10).unwrap(),
            "G" => write!(out, "{}", s.group_max).unwrap(),
            "D" => write!(out, "{}", s.advance_days).unwrap(),
            "Y" => write!(out, "{}", rng.range(1985, 2020)).unwrap(),
            other => panic!("unknown slot {other} in {template}"),
        }
    }
    out.push_str(rest);
    out
}

/// Sometimes bolds the first clause of a sentence (it always starts after `。` or a line start).
fn maybe_bold(sentence: String, rng: &mut Rng) -> String {
    if !rng.chance(0.05) {
        return sentence;
    }
    match sentence.find('，') {
        Some(i) if i > 0 => format!("**{}**{}", &sentence[..i], &sentence[i..]),
        _ => sentence,
    }
}

/// Markdown body of 300–1,500 Chinese characters.
fn body(rng: &mut Rng, s: &Slots, themes: &[&str], programs: &[String]) -> String {
    let target = rng.range(300, 1460) as usize;
    let mut pools: Vec<(&[&str], Vec<bool>)> = Vec::new();
    for t in themes {
        if let Some((_, list)) = THEME_SENTENCES.iter().find(|(id, _)| id == t) {
            pools.push((list, vec![false; list.len()]));
        }
    }
    pools.push((STUDY, vec![false; STUDY.len()]));
    pools.push((VISIT, vec![false; VISIT.len()]));
    let study = pools.len() - 2;
    let mut next = |rng: &mut Rng| -> String {
        let roll = rng.below(100);
        let p = if roll < 70 && study > 0 {
            rng.below(study)
        } else if roll < 85 {
            study
        } else {
            study + 1
        };
        let (list, used) = &mut pools[p];
        let fresh: Vec<usize> = (0..list.len()).filter(|i| !used[*i]).collect();
        let i = if fresh.is_empty() { rng.below(list.len()) } else { rng.pick(&fresh) };
        used[i] = true;
        fill(list[i], s, rng)
    };

    let mut out = String::new();
    let mut count = 0;
    let mut paragraph = fill(rng.pick(INTRO), s, rng);
    count += cjk_len(&paragraph);
    let mut in_paragraph = 1;
    let mut paragraph_len = rng.range(2, 4);
    let list_after = if rng.chance(0.3) { Some(rng.range(1, 3)) } else { None };
    let mut paragraphs = 0;
    let closing = if rng.chance(0.5) { Some(fill(rng.pick(CLOSING), s, rng)) } else { None };
    let reserve = closing.as_deref().map_or(0, cjk_len);
    loop {
        if in_paragraph >= paragraph_len {
            out.push_str(&paragraph);
            out.push_str("\n\n");
            paragraph.clear();
            paragraphs += 1;
            in_paragraph = 0;
            paragraph_len = rng.range(2, 5);
            if list_after == Some(paragraphs) {
                let (lead, pool) = rng.pick(LISTS);
                let items: Vec<String> = if pool.is_empty() {
                    programs.to_vec()
                } else {
                    let n = rng.range(3, pool.len() as u32) as usize;
                    rng.subset(pool.len(), n).into_iter().map(|i| fill(pool[i], s, rng)).collect()
                };
                let mut list = format!("**{lead}**\n\n");
                for item in items {
                    writeln!(list, "- {item}").unwrap();
                }
                list.push('\n');
                count += cjk_len(&list);
                out.push_str(&list);
            }
        }
        if count + reserve >= target {
            break;
        }
        let sentence = maybe_bold(next(rng), rng);
        let n = cjk_len(&sentence);
        if count + n + reserve > 1500 {
            break;
        }
        count += n;
        paragraph.push_str(&sentence);
        in_paragraph += 1;
    }
    if let Some(c) = closing {
        paragraph.push_str(&c);
    }
    if !paragraph.is_empty() {
        out.push_str(&paragraph);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

// ---------------------------------------------------------------------------------------
// One record

struct Ctx {
    seed: u64,
    counties: Vec<County>,
    county_weights: Vec<u32>,
    categories: Vec<(String, String)>,
    themes: Vec<String>,
    width: usize,
}

fn record(cx: &Ctx, n: usize) -> (String, String, String) {
    let mut rng = Rng::for_record(cx.seed, n as u64);
    let id = format!("r{:0w$}", n, w = cx.width);
    let ci = if n <= cx.counties.len() { n - 1 } else { rng.weighted(&cx.county_weights) };
    let county = &cx.counties[ci];
    let ki = if n <= cx.categories.len() { n - 1 } else { rng.below(cx.categories.len()) };
    let (cat_id, cat_name) = &cx.categories[ki];
    let kind = KINDS.iter().find(|k| k.id == cat_id);
    let suffix: String = match kind {
        Some(k) => rng.pick(k.suffixes).to_string(),
        None => cat_name.clone(),
    };
    let towns: &[&str] = TOWNS.iter().find(|(c, _)| *c == county.id).map_or(&["城关镇", "新城街道"], |(_, t)| t);
    let town = rng.pick(towns);
    let word = rng.pick(PLACE_WORDS);
    let cname = county.name.as_str();
    let (name, short) = match rng.weighted(&[30, 25, 15, 15, 10, 5]) {
        0 => (format!("{cname}{town}{suffix}"), format!("{town}{suffix}")),
        1 => (format!("{cname}{word}{suffix}"), format!("{word}{suffix}")),
        2 => (format!("{town}{word}{suffix}"), format!("{word}{suffix}")),
        3 => (format!("{cname}{town}{word}{suffix}"), format!("{word}{suffix}")),
        4 => (format!("兴安盟{word}{suffix}"), format!("{word}{suffix}")),
        _ => (format!("{word}{suffix}"), suffix.clone()),
    };
    let abbrev = ABBREV.iter().find(|(c, _)| *c == county.id).map_or(cname, |(_, a)| a);
    let mut aliases: Vec<String> = Vec::new();
    for _ in 0..rng.below(3) {
        let a = match rng.below(3) {
            0 => short.clone(),
            1 => format!("{abbrev}{suffix}"),
            _ => format!(
                "{word}{}",
                suffix.chars().rev().take(2).collect::<Vec<_>>().into_iter().rev().collect::<String>()
            ),
        };
        if a != name && !aliases.contains(&a) {
            aliases.push(a);
        }
    }

    // Themes: mostly from the category's own, always ids of themes.yaml.
    let preferred: Vec<&str> =
        kind.map_or(&[][..], |k| k.themes).iter().copied().filter(|t| cx.themes.iter().any(|x| x == t)).collect();
    let mut themes: Vec<&str> = Vec::new();
    let want = rng.range(1, 3) as usize;
    while themes.len() < want {
        let t = if !preferred.is_empty() && rng.chance(0.8) {
            rng.pick(&preferred)
        } else {
            cx.themes[rng.below(cx.themes.len())].as_str()
        };
        if !themes.contains(&t) {
            themes.push(t);
        }
    }

    // Audiences: 1–4, in the canonical order; community places are mostly for parents.
    let na = rng.range(1, 4) as usize;
    let mut aud = rng.subset(AUDIENCES.len(), na);
    if cat_id == "community" && !aud.contains(&4) {
        aud.pop();
        aud.push(4);
    }
    let audiences: Vec<&str> = aud.iter().map(|i| AUDIENCES[*i].0).collect();
    let audience_words: Vec<&'static str> = aud.iter().map(|i| AUDIENCES[*i].1).collect();

    let advance_days = rng.range(1, 14);
    let group_max = rng.range(4, 40) * 5;
    let slots =
        Slots { full: &name, short: &short, county: cname, town, audiences: audience_words, advance_days, group_max };

    let mut y = String::with_capacity(2048);
    y.push_str("---\n");
    writeln!(y, "name: {}", q(&name)).unwrap();
    let aliases: Vec<String> = aliases.iter().map(|a| q(a)).collect();
    writeln!(y, "aliases: [{}]", aliases.join(", ")).unwrap();
    writeln!(y, "category: {cat_id}").unwrap();
    writeln!(y, "county: {}", county.id).unwrap();
    writeln!(y, "themes: [{}]", themes.join(", ")).unwrap();
    writeln!(y, "audiences: [{}]", audiences.join(", ")).unwrap();
    let nd = rng.weighted(&[50, 35, 15]);
    if nd == 0 {
        y.push_str("designations: []\n");
    } else {
        y.push_str("designations:\n");
        for li in rng.subset(DESIGNATIONS.len(), nd) {
            let (level, titles) = DESIGNATIONS[li];
            let title = rng.pick(titles).replace("{C}", cname);
            writeln!(y, "  - {{ title: {}, level: {level}, year: {} }}", q(&title), rng.range(1995, 2025)).unwrap();
        }
    }
    let road = rng.pick(ROADS);
    writeln!(y, "address: {}", q(&format!("内蒙古自治区兴安盟{cname}{town}{road}{}号", rng.range(1, 399)))).unwrap();
    let lat = county.lat + (rng.unit() - 0.5) * 0.6;
    let lng = county.lng + (rng.unit() - 0.5) * 0.6;
    let crs = if rng.chance(0.1) { ", crs: wgs84" } else { "" };
    writeln!(y, "location: {{ lat: {lat:.5}, lng: {lng:.5}{crs} }}").unwrap();
    let transport = match rng.below(4) {
        0 => format!("乘坐{}路公交车至{}站下车，步行约{}分钟", rng.range(1, 30), road, rng.range(2, 15)),
        1 => format!("距{cname}城区约{}公里，学校团体建议包车前往", rng.range(3, 60)),
        2 => format!("自{cname}客运站打车约{}分钟", rng.range(5, 40)),
        _ => format!(
            "乘坐{}路、{}路公交车到{town}站，步行约{}米",
            rng.range(1, 15),
            rng.range(16, 40),
            rng.range(1, 9) * 100
        ),
    };
    writeln!(y, "transport: {}", q(&transport)).unwrap();
    writeln!(y, "hours: {}", q(rng.pick(HOURS))).unwrap();
    writeln!(y, "hours_note: {}", q(rng.pick(HOURS_NOTES))).unwrap();

    y.push_str("booking:\n");
    writeln!(y, "  required: {}", rng.chance(0.8)).unwrap();
    let phones: Vec<String> = (0..rng.range(1, 2)).map(|_| q(&phone(&mut rng))).collect();
    writeln!(y, "  phones: [{}]", phones.join(", ")).unwrap();
    writeln!(y, "  contact: {}", q(rng.pick(CONTACTS))).unwrap();
    let wechat = if rng.chance(0.6) { name.clone() } else { format!("{abbrev}{suffix}") };
    writeln!(y, "  wechat: {}", q(&wechat)).unwrap();
    writeln!(y, "  url: {}", q(&format!("https://example.org/booking/{id}"))).unwrap();
    writeln!(y, "  advance_days: {advance_days}").unwrap();
    writeln!(y, "  group_max: {group_max}").unwrap();
    let free = rng.chance(0.8);
    writeln!(y, "  fee: {}", if free { "free" } else { "paid" }).unwrap();
    writeln!(y, "  fee_note: {}", q(rng.pick(if free { FEE_FREE } else { FEE_PAID }))).unwrap();
    writeln!(y, "  green_channel: {}", q(rng.pick(GREEN))).unwrap();

    y.push_str("programs:\n");
    let program_titles: &[&str] = kind.map_or(&["主题参观", "实践体验课"][..], |k| k.programs);
    let np = rng.range(1, 3) as usize;
    let mut titles = Vec::new();
    for pi in rng.subset(program_titles.len(), np) {
        let title = program_titles[pi];
        let k = rng.range(1, audiences.len() as u32) as usize;
        let pa: Vec<&str> = rng.subset(audiences.len(), k).into_iter().map(|i| audiences[i]).collect();
        let minutes = rng.range(2, 16) * 15;
        writeln!(y, "  - title: {}", q(title)).unwrap();
        writeln!(y, "    audiences: [{}]", pa.join(", ")).unwrap();
        writeln!(y, "    duration_minutes: {minutes}").unwrap();
        writeln!(y, "    description: {}", q(rng.pick(PROGRAM_NOTES))).unwrap();
        titles.push(format!("{title}（约{minutes}分钟）"));
    }
    writeln!(y, "website: {}", q(&format!("https://example.org/places/{}/{id}/", county.id))).unwrap();
    let roll = rng.below(100);
    let status = if roll < 96 {
        "open"
    } else if roll < 99 {
        "temporarily_closed"
    } else {
        "closed"
    };
    writeln!(y, "status: {status}").unwrap();
    writeln!(y, "updated: {}", random_date(&mut rng)).unwrap();
    writeln!(y, "verified: {}", random_date(&mut rng)).unwrap();
    writeln!(
        y,
        "sources: [{}]",
        q(&format!("https://example.org/sources/{}/{}.html", county.id, rng.range(1000, 99_999)))
    )
    .unwrap();
    if rng.chance(1.0 / 3.0) {
        writeln!(y, "private:\n  note: {}", q(rng.pick(PRIVATE_NOTES))).unwrap();
    }
    y.push_str("---\n");
    y.push_str(&body(&mut rng, &slots, &themes, &titles));
    (county.id.clone(), id, y)
}

// ---------------------------------------------------------------------------------------
// Command line

fn usage(msg: &str) -> ! {
    eprintln!("error: {msg}");
    eprintln!("usage: cargo run --release --example gen -- --records N --out DIR [--seed S]");
    std::process::exit(2);
}

fn main() {
    let mut records: Option<usize> = None;
    let mut out: Option<PathBuf> = None;
    let mut seed: u64 = 1;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value =
            || inline.clone().or_else(|| args.next()).unwrap_or_else(|| usage(&format!("{flag} needs a value")));
        match flag.as_str() {
            "--records" => records = Some(value().parse().unwrap_or_else(|_| usage("--records takes a number"))),
            "--out" => out = Some(PathBuf::from(value())),
            "--seed" => seed = value().parse().unwrap_or_else(|_| usage("--seed takes a number")),
            "-h" | "--help" => usage("help requested"),
            other => usage(&format!("unknown argument `{other}`")),
        }
    }
    let records = records.unwrap_or_else(|| usage("--records is required"));
    let out = out.unwrap_or_else(|| usage("--out is required"));
    if let Err(e) = run(records, &out, seed) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn run(records: usize, out: &Path, seed: u64) -> std::io::Result<()> {
    let start = Instant::now();
    if out.exists() && std::fs::read_dir(out)?.next().is_some() {
        return Err(std::io::Error::other(format!("{} exists and is not empty; give a new folder", out.display())));
    }
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut bytes = 0u64;
    let mut files = 0usize;
    std::fs::create_dir_all(out)?;
    let mut texts = Vec::new();
    for name in ["site.yaml", "counties.yaml", "categories.yaml", "themes.yaml"] {
        let text = std::fs::read_to_string(source.join(name))?;
        std::fs::write(out.join(name), &text)?;
        bytes += text.len() as u64;
        files += 1;
        texts.push(text);
    }
    let counties = counties(&texts[1]);
    let categories = ids(&texts[2]);
    let themes: Vec<String> = ids(&texts[3]).into_iter().map(|(id, _)| id).collect();
    if counties.is_empty() || categories.is_empty() || themes.is_empty() {
        return Err(std::io::Error::other("could not read counties, categories or themes from content/"));
    }
    let county_weights = (0..counties.len()).map(|i| [30, 10].get(i).copied().unwrap_or(15)).collect();
    for c in &counties {
        std::fs::create_dir_all(out.join("bases").join(&c.id))?;
    }
    let cx = Ctx { seed, counties, county_weights, categories, themes, width: records.to_string().len().max(6) };
    for n in 1..=records {
        let (county, id, text) = record(&cx, n);
        std::fs::write(out.join("bases").join(county).join(format!("{id}.md")), &text)?;
        bytes += text.len() as u64;
        files += 1;
    }
    println!(
        "wrote {records} records ({files} files, {bytes} bytes) to {} in {:.2} s (seed {seed})",
        out.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
