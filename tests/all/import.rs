//! `qingdan import`: a bureau's spreadsheet becomes records; bad rows are reported and skipped.

use crate::common::*;
use std::path::Path;
use std::process::Output;

/// `qingdan import FILE --county ulanhot --content CONTENT …` on the day `TODAY`.
fn import(content: &Path, file: &str, extra: &[&str]) -> Output {
    qingdan_today(&[&["import", file, "--content", content.to_str().unwrap()], extra].concat())
}

fn fixture(tmp: &Path) -> std::path::PathBuf {
    let content = tmp.join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    content
}

const WRITTEN: [&str; 4] = [
    "tu-quan-xian-bo-wu-guan",
    "tu-quan-xian-qing-shao-nian-huo-dong",
    "tu-quan-zhen-she-qu-jia-zhang-xue-xiao",
    "tq-martyrs",
];

fn imports(file: &str) {
    let tmp = tempdir();
    let content = fixture(tmp.path());
    let out = import(&content, file, &["--county", "ulanhot"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // Bad rows: by row and column, with the value and what was expected; then skipped.
    assert!(err.contains("第 5 行，第 12 列（预约电话）：`0482-12345` 无效；应为带区号的固定电话"), "{err}");
    assert!(err.contains("第 6 行，第 3 列（类别）：`科技馆` 无效；应为类别 id 或名称：museum 博物馆"), "{err}");
    assert!(err.contains("第 5 行已跳过") && err.contains("第 6 行已跳过"), "{err}");
    // Hours written in Chinese: read as opening_hours, with a warning to check them.
    assert!(
        err.contains("warning:")
            && err.contains("第 3 行，第 9 列（开放时间）：`周二至周日9:00-16:30` 已写作 `Tu-Su 09:00-16:30`"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("新增 4 个记录，跳过 2 行"));
    let dir = content.join("bases/ulanhot");
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    let mut want: Vec<String> = WRITTEN.iter().map(|id| format!("{id}.md")).chain(["test-museum.md".into()]).collect();
    want.sort();
    assert_eq!(names, want);
    let centre = read(&dir, "tu-quan-xian-qing-shao-nian-huo-dong.md");
    assert!(centre.contains("\nhours: \"Tu-Su 09:00-16:30\"") && !centre.contains("hours_note"), "{centre}");
    let museum = read(&dir, "tu-quan-xian-bo-wu-guan.md");
    for line in [
        "category: museum",
        "county: ulanhot",
        "themes: [patriotism]",
        "audiences: [primary, junior, senior]",
        "location: { lat: 46.381, lng: 121.573 }",
        "phones: [\"0482-555 0201\", \"139 0000 0201\"]",
        "fee: free",
        "status: open",
        &format!("updated: \"{TODAY}\""),
        &format!("verified: \"{TODAY}\""),
    ] {
        assert!(museum.contains(line), "missing {line} in\n{museum}");
    }

    let check = qingdan(&["check", "--content", content.to_str().unwrap(), "--today", TODAY]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(String::from_utf8_lossy(&check.stdout).contains("6 条记录"));
    let site = tmp.path().join("out");
    let built = build(&content, &site, &[]);
    assert!(built.status.success(), "{}", stderr(&built));
    let page = read(&site, "bases/tu-quan-xian-bo-wu-guan/index.html");
    assert!(page.contains("突泉县博物馆") && page.contains("tel:04825550201") && page.contains("tel:13900000201"));
    let martyrs = read(&site, "bases/tq-martyrs/index.html");
    assert!(martyrs.contains("tel:04825550206") && martyrs.contains("tel:13900000206"));

    // Again without --force: nothing is overwritten, and it says so.
    let before = files(&content);
    std::fs::write(dir.join("tq-martyrs.md"), "edited").unwrap();
    let again = import(&content, file, &["--county", "ulanhot"]);
    assert_eq!(again.status.code(), Some(1));
    let err = stderr(&again);
    assert_eq!(err.matches("已存在，未覆盖（加 --force 覆盖）").count(), 4, "{err}");
    assert!(String::from_utf8_lossy(&again.stdout).contains("新增 0 个记录，跳过 2 行（有错误），4 个文件已存在未覆盖"));
    assert_eq!(read(&dir, "tq-martyrs.md"), "edited");
    std::fs::write(dir.join("tq-martyrs.md"), &before["bases/ulanhot/tq-martyrs.md"]).unwrap();
    assert_eq!(files(&content), before, "files must be byte-identical");
    // With --force the edited file is replaced.
    std::fs::write(dir.join("tq-martyrs.md"), "edited").unwrap();
    let forced = import(&content, file, &["--county", "ulanhot", "--force"]);
    assert_eq!(forced.status.code(), Some(1));
    assert!(read(&dir, "tq-martyrs.md").contains("name: \"突泉县革命烈士纪念馆\""));
}

#[test]
fn csv_rows_become_records() {
    imports("tests/import/bureau.csv");
}

#[test]
fn xlsx_rows_become_records() {
    imports("tests/import/bureau.xlsx");
}

#[test]
fn map_names_other_headers() {
    let tmp = tempdir();
    let content = fixture(tmp.path());
    // 场馆名称 and 联系电话 are known; 场所类型 and 适合年级 are not, so each row lacks its category.
    let without = import(&content, "tests/import/other-headers.csv", &["--county", "ulanhot"]);
    let err = stderr(&without);
    assert_eq!(without.status.code(), Some(1), "{err}");
    assert!(err.contains("第 1 行，第 2 列（场所类型）：未知列名") && err.contains("缺少类别"), "{err}");
    let out = import(
        &content,
        "tests/import/other-headers.csv",
        &["--county", "ulanhot", "--map", "tests/import/mapping.yaml"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = read(&content, "bases/ulanhot/tu-quan-xian-jia-ting-jiao-yu-zhi-dao.md");
    assert!(
        text.contains("category: community") && text.contains("audiences: [parents]") && text.contains("0482-555 0302"),
        "{text}"
    );
    assert!(content.join("bases/ulanhot/tu-quan-xian-tu-shu-guan-shao-er-yue-lan.md").exists());
    let check = qingdan(&["check", "--content", content.to_str().unwrap(), "--today", TODAY]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempdir();
    let content = fixture(tmp.path());
    let out = import(&content, "tests/import/bureau.csv", &["--county", "tuquan"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("未知旗县 `tuquan`") && stderr(&out).contains("ulanhot, arxan"), "{}", stderr(&out));
    let missing = import(&content, "tests/import/nope.xlsx", &["--county", "ulanhot"]);
    assert_eq!(missing.status.code(), Some(2), "{}", stderr(&missing));
    assert_eq!(files(&content), files(&root().join("tests/fixtures/minimal")), "nothing written");
}

#[test]
fn import_never_writes_through_a_link() {
    let tmp = tempdir();
    let content = fixture(tmp.path());
    let outside = tmp.path().join("outside.txt");
    std::fs::write(&outside, "not yours").unwrap();
    let target = content.join("bases/ulanhot").join(format!("{}.md", WRITTEN[0]));
    std::os::unix::fs::symlink(&outside, &target).unwrap();
    let out = import(&content, "tests/import/bureau.csv", &["--county", "ulanhot", "--force"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("符号链接"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "not yours");
}

/// A sheet as bureaus make it: a title row and a blank row above the header, their own header
/// names, CRLF line ends, a phone in full-width digits, hours in Chinese and a formula cell.
#[test]
fn a_bureau_sheet_with_a_title_row_imports_by_its_own_row_numbers() {
    let tmp = tempdir();
    let content = fixture(tmp.path());
    let out = import(&content, "tests/import/titled.csv", &["--county", "ulanhot"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // Row numbers as the spreadsheet shows them: the header is row 3.
    assert!(err.contains("第 3 行，第 1 列（序号）：未知列名"), "{err}");
    assert!(err.contains("第 5 行，第 8 列（预约网址）：`=HYPERLINK(") && err.contains("是公式"), "{err}");
    assert!(err.contains("第 6 行，第 4 列（联系电话）：`0482-12` 无效"), "{err}");
    assert!(err.contains("第 5 行已跳过") && err.contains("第 6 行已跳过"), "{err}");
    let text = read(&content, "bases/ulanhot/tu-quan-xian-ke-ji-guan.md");
    for line in [
        "phones: [\"0482-5556003\"]",
        "hours: \"Tu-Su 09:00-16:30; Mo off\"",
        "audiences: [primary, junior]",
        "contact: \"社教部\"",
    ] {
        assert!(text.contains(line), "missing {line} in\n{text}");
    }
    // A landline Excel kept as a number lost its 0: put back, and said.
    assert!(err.contains("第 7 行，第 4 列（联系电话）：`4825556005` 开头的 0 已补回"), "{err}");
    assert!(read(&content, "bases/ulanhot/tu-quan-xian-dang-an-guan.md").contains("phones: [\"04825556005\"]"));
    let check = qingdan(&["check", "--content", content.to_str().unwrap(), "--today", TODAY]);
    assert!(check.status.success(), "{}", stderr(&check));
}

#[test]
fn a_sheet_without_a_name_column_says_what_it_looked_for() {
    let tmp = tempdir();
    let content = fixture(tmp.path());
    let file = tmp.path().join("no-name.csv");
    std::fs::write(&file, "标题\n编号,电话\n1,0482-5550101\n").unwrap();
    let out = import(&content, file.to_str().unwrap(), &["--county", "ulanhot"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("前 10 行中没有“名称”列（名称、场馆名称、基地名称、单位名称"), "{}", stderr(&out));
}

/// An .xlsx that unpacks to more than the limit is refused before it is unpacked: a
/// 120 MB part compresses to a few hundred KB.
#[test]
fn an_archive_bomb_is_refused_before_it_is_read() {
    use std::io::Write;
    let tmp = tempdir();
    let content = fixture(tmp.path());
    let file = tmp.path().join("bomb.xlsx");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&file).unwrap());
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("xl/worksheets/sheet1.xml", deflated.large_file(true)).unwrap();
    let zeros = vec![b'0'; 1 << 20];
    for _ in 0..120 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    assert!(std::fs::metadata(&file).unwrap().len() < 2 << 20);
    let out = import(&content, file.to_str().unwrap(), &["--county", "ulanhot"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("解压后有 120 MB，超过 100 MB 的上限"), "{}", stderr(&out));
}

/// An .xlsx whose directory understates a part's size (300 MB said to be 1 KB) is stopped at the
/// stated size, never read whole.
#[test]
fn an_archive_that_lies_about_its_size_is_refused() {
    use std::io::{Read, Write};
    let tmp = tempdir();
    let content = fixture(tmp.path());
    let (real, lying) = (tmp.path().join("real.xlsx"), tmp.path().join("lying.xlsx"));
    let args = ["export", real.to_str().unwrap(), "--county", "ulanhot", "--content", content.to_str().unwrap()];
    assert!(qingdan_today(&args).status.success());
    let mut from = zip::ZipArchive::new(std::fs::File::open(&real).unwrap()).unwrap();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&lying).unwrap());
    let sheet = "xl/worksheets/sheet1.xml";
    for i in 0..from.len() {
        let mut part = from.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(name.as_str(), options).unwrap();
        if name == sheet {
            let text = String::from_utf8(bytes).unwrap();
            let (head, tail) = text.split_at(text.find("</sheetData>").unwrap());
            zip.write_all(head.as_bytes()).unwrap();
            let row =
                format!("<row r=\"9\"><c r=\"A9\" t=\"inlineStr\"><is><t>{}</t></is></c></row>", "x".repeat(1 << 20));
            for _ in 0..300 {
                zip.write_all(row.as_bytes()).unwrap();
            }
            zip.write_all(tail.as_bytes()).unwrap();
        } else {
            zip.write_all(&bytes).unwrap();
        }
    }
    zip.finish().unwrap();
    // The part's uncompressed size, in its local header and in the central directory, made 1 KB.
    let mut bytes = std::fs::read(&lying).unwrap();
    let mut patched = 0;
    let names: Vec<usize> =
        (0..bytes.len() - sheet.len()).filter(|&i| bytes[i..].starts_with(sheet.as_bytes())).collect();
    for at in names {
        // (signature, where the name starts after it, where the size is after it)
        for (header, name, size) in [(&b"PK\x03\x04"[..], 30, 22), (&b"PK\x01\x02"[..], 46, 24)] {
            let start = at.wrapping_sub(name);
            if bytes.get(start..start + 4) == Some(header) {
                bytes[start + size..start + size + 4].copy_from_slice(&1024u32.to_le_bytes());
                patched += 1;
            }
        }
    }
    assert_eq!(patched, 2);
    std::fs::write(&lying, &bytes).unwrap();
    let out = import(&content, lying.to_str().unwrap(), &["--county", "ulanhot"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("文件中的数据比它声明的大小更大"), "{}", stderr(&out));
}
