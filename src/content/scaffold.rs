//! Content for people to start from: a new content folder with one county, one category, one
//! theme, one record and one page (`qingdan init`), small, valid and showing every file a
//! directory needs; and a new record with every field filled in and explained (`qingdan new`).

use super::config::Config;
use std::fs;
use std::io;
use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        "site.yaml",
        "title: 校外学习场所目录\ndescription: 中小学生社会实践、研学与文体场馆目录及预约方式\nbase_url: https://example.org/\nlanguage: zh-CN\npublisher: 教育局\nsample: true    # 显示“示例数据”提示；发布真实数据时改为 false\n",
    ),
    (
        "counties.yaml",
        "# id 只用小写英文字母、数字和连字符；记录放在 bases/<id>/ 下\n- { id: ulanhot, name: 乌兰浩特市, code: \"152201\", centre: { lat: 46.078, lng: 122.069 } }\n",
    ),
    ("categories.yaml", "- { id: museum, name: 博物馆, group: 文化场馆与校外活动场所 }\n"),
    ("themes.yaml", "- { id: patriotism, name: 爱国主义教育 }\n"),
    (
        "bases/ulanhot/example-museum.md",
        "---\nname: 示例博物馆\ncategory: museum\ncounty: ulanhot\nthemes: [patriotism]\naudiences: [primary, junior]\naddress: 某市某路1号\nhours: \"Tu-Su 09:00-16:30; Mo off\"\nbooking:\n  required: true\n  phones: [\"0482-555 0101\"]\n  contact: 社会教育部\n  advance_days: 3\n  group_max: 50\n  fee: free\nstatus: open\nupdated: \"2026-01-01\"\nverified: \"2026-01-01\"\nprivate:\n  note: 仅维护者可见，不会出现在网站上\n---\n在这里用 Markdown 写场所简介：班级可以在这里做什么。\n",
    ),
    ("pages/about.md", "---\ntitle: 关于\norder: 1\n---\n本目录收录适合中小学生校外学习的场所及其预约方式。\n"),
];

/// Writes the starter folder; refuses to write into a folder that has files.
pub fn init(dir: &Path) -> io::Result<()> {
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::other(format!("{} 已存在且不是空的", dir.display())));
    }
    for (path, text) in FILES {
        let file = dir.join(path);
        fs::create_dir_all(file.parent().expect("files are inside dir"))?;
        fs::write(file, text)?;
    }
    Ok(())
}

/// The record template; `{{name}}` placeholders are filled by [`record`].
const TEMPLATE: &str = r#"---
# 新记录：把每个示例值改成真实信息；不需要的可选字段整行删除。
name: 示例场所名称（请修改）      # 必填：场所正式名称
aliases: [示例简称]              # 可选：别名、简称，搜索时也能找到
category: {{category}}          # 必填：类别 id，取自 categories.yaml：{{categories}}
county: {{county}}              # 必填：旗县 id（{{county_name}}），必须与所在文件夹 bases/{{county}}/ 相同
themes: [{{theme}}]             # 可选：主题 id 列表，取自 themes.yaml：{{themes}}
audiences: [primary, junior]    # 适宜学段：kindergarten 幼儿园 | primary 小学 | junior 初中 | senior 高中 | parents 家长
designations:                   # 可选：场所获得的称号；level：national 国家级 | region 自治区级 | league 盟级 | county 旗县级；year：授予年份
  - { title: 示例称号（请修改）, level: county, year: 2020 }
address: {{county_name}}某路1号（请修改）   # 详细地址
location: { lat: {{lat}}, lng: {{lng}} }   # 坐标（度）；默认 WGS-84；从高德/腾讯地图取点加 crs: gcj02，从百度地图取点加 crs: bd09
transport: 乘坐公交车至某站下车，步行约5分钟（请修改）   # 交通方式
hours: "Tu-Su 09:00-16:30; Mo off"   # 开放时间，OpenStreetMap opening_hours 写法，例如 "Mo-Fr 08:30-17:00"、"May-Oct 08:00-17:00"
hours_note: 闭馆前30分钟停止入场（请修改）   # 开放时间无法表达的说明
booking:                        # 预约方式
  required: true                # 是否需要预约：true 需要 | false 不需要
  phones: ["0482-555 0101"]     # 预约电话：带区号的固定电话或 11 位手机号，可写多个
  contact: 社会教育部            # 联系部门或岗位，不写个人姓名
  wechat: 示例公众号             # 官方微信公众号名称
  url: https://example.org/booking   # 在线预约网址，只能是 http(s)
  advance_days: 3               # 需提前几天预约（整数）
  group_max: 50                 # 每批学校团体最多人数（整数）
  fee: free                     # 费用：free 免费 | paid 收费
  fee_note: 学生凭学生证免费（请修改）   # 费用说明
  green_channel: 学校团体预约优先安排（请修改）   # 学校团体绿色通道
programs:                       # 可选：面向学生的课程或活动；audiences 取值同上，duration_minutes 为分钟数
  - { title: 示例研学课程（请修改）, audiences: [primary, junior], duration_minutes: 90, description: 课程内容简介 }
website: https://example.org/   # 官方网站，只能是 http(s)
status: open                    # 状态：open 开放 | temporarily_closed 暂停开放 | closed 已关闭
updated: "{{today}}"            # 这些信息最后修改的日期（YYYY-MM-DD）
verified: "{{today}}"           # 最后一次与场所核实的日期（YYYY-MM-DD）；超过 12 个月会显示“信息待核实”
sources: ["https://example.org/source"]   # 公开信息的来源网址
private:                        # 仅维护者可见：不会出现在网站、搜索和开放数据中
  note: 负责人手机待确认（示例）
---
在这里用 Markdown 写场所简介（请修改）：这是什么地方，班级来这里可以做什么。

## 参观与活动

- 常设展览或活动项目
- 适合的年级和建议时长

## 预约须知

写明预约流程、入场要求和注意事项。
"#;

/// The text of a new record `id` in `county` of `config`, dated `today`.
pub fn record(config: &Config, county: &str, today: jiff::civil::Date) -> Option<String> {
    let c = config.counties.iter().find(|c| c.id == county)?;
    let category = config.categories.first()?;
    let categories: Vec<String> = config.categories.iter().map(|c| format!("{} {}", c.id, c.name)).collect();
    let themes: Vec<String> = config.themes.iter().map(|t| format!("{} {}", t.id, t.name)).collect();
    let (lat, lng) = c.centre.as_ref().map_or((46.08, 122.07), |l| (l.lat, l.lng));
    let mut text = TEMPLATE
        .replace("{{category}}", &category.id)
        .replace("{{categories}}", &categories.join(" | "))
        .replace("{{county}}", county)
        .replace("{{county_name}}", &c.name)
        .replace("{{themes}}", &themes.join(" | "))
        .replace("{{lat}}", &format!("{lat}"))
        .replace("{{lng}}", &format!("{lng}"))
        .replace("{{today}}", &today.to_string());
    text = match config.themes.first() {
        Some(t) => text.replace("{{theme}}", &t.id),
        // No themes defined: an empty list would be an error, so leave the line commented out.
        None => text.replace("themes: [{{theme}}]", "# themes: []"),
    };
    Some(align(&text))
}

/// Lines up the trailing `# …` comments of the front matter at one column (CJK counted double).
fn align(text: &str) -> String {
    let width = |s: &str| s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>();
    let mut out = String::with_capacity(text.len() + 512);
    let (front, body) = text[4..].split_once("\n---\n").unwrap_or((text, ""));
    out.push_str("---\n");
    for line in front.lines() {
        match line.split_once("   # ") {
            Some((value, comment)) if !line.starts_with('#') => {
                let value = value.trim_end();
                let pad = 34usize.saturating_sub(width(value)).max(1);
                out.push_str(&format!("{value}{} # {comment}\n", " ".repeat(pad)));
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.push_str("---\n");
    out.push_str(body);
    out
}
