//! Init: a new content folder with one county, one category, one theme, one record and one
//! page — small, valid, and showing every file a directory needs.

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
        "---\nname: 示例博物馆\ncategory: museum\ncounty: ulanhot\nthemes: [patriotism]\naudiences: [primary, junior]\naddress: 某市某路1号\nhours: \"Tu-Su 09:00-16:30; Mo off\"\nbooking:\n  required: true\n  phones: [\"0482-555 0101\"]\n  contact: 社会教育部\n  advance_days: 3\n  group_max: 50\n  fee: free\nstatus: open\nupdated: 2026-01-01\nverified: 2026-01-01\nprivate:\n  note: 仅维护者可见，不会出现在网站上\n---\n在这里用 Markdown 写场所简介：班级可以在这里做什么。\n",
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
