//! A bureau's spreadsheet as rows of text: the first sheet of an .xlsx or a UTF-8 .csv, its
//! header row found below any title rows, formula cells marked, and an .xlsx that would unpack
//! to more than [`MAX_UNPACKED`] refused before it is read.

use std::path::Path;

/// Header texts bureaus use and the field each fills (docs: README, `import`).
pub const HEADERS: &[(&str, &str)] = &[
    ("名称", "name"),
    ("场馆名称", "name"),
    ("基地名称", "name"),
    ("单位名称", "name"),
    ("场所名称", "name"),
    ("别名", "aliases"),
    ("类别", "category"),
    ("主题", "themes"),
    ("地址", "address"),
    ("详细地址", "address"),
    ("纬度", "lat"),
    ("经度", "lng"),
    ("预约电话", "phones"),
    ("联系电话", "phones"),
    ("电话", "phones"),
    ("联系方式", "phones"),
    ("开放时间", "hours"),
    ("开放时段", "hours"),
    ("开放时间说明", "hours_note"),
    ("是否需预约", "required"),
    ("提前预约天数", "advance_days"),
    ("团体人数上限", "group_max"),
    ("费用", "fee"),
    ("费用说明", "fee_note"),
    ("联系部门", "contact"),
    ("联系人", "contact"),
    ("负责部门", "contact"),
    ("微信公众号", "wechat"),
    ("预约网址", "url"),
    ("绿色通道", "green_channel"),
    ("适宜学段", "audiences"),
    ("适用学段", "audiences"),
    ("面向学段", "audiences"),
    ("状态", "status"),
    ("开放状态", "status"),
    ("记录id", "id"),
];

/// The largest an .xlsx may unpack to: a sheet of 10,000 venues is a few MB unpacked.
pub const MAX_UNPACKED: u64 = 100 << 20;

/// How many rows from the top may hold titles and notes above the header row.
const HEADER_WITHIN: usize = 10;

/// A field name (also `booking.phones`, `location.lat`, …).
pub fn field(name: &str) -> Option<&'static str> {
    let name = name.trim().trim_start_matches("booking.").trim_start_matches("location.");
    HEADERS.iter().map(|h| h.1).find(|f| *f == name)
}

/// A header cell without spaces or a trailing `（说明）`.
pub fn clean_header(h: &str) -> String {
    let h: String = h.trim_start_matches('\u{feff}').chars().filter(|c| !c.is_whitespace()).collect();
    h.split(['（', '(']).next().unwrap_or("").to_string()
}

/// The row, among the first few, whose cells name the field `name` through `header`: title
/// rows, merged cells, notes and blank rows above it are not data.
pub fn header_row(rows: &[(usize, Vec<String>)], header: impl Fn(&str) -> Option<&'static str>) -> Option<usize> {
    rows.iter()
        .take(HEADER_WITHIN)
        .position(|(_, cells)| cells.iter().any(|c| header(&clean_header(c)) == Some("name")))
}

/// Full-width digits, letters and punctuation as ASCII (as NFKC has them), for phones, numbers
/// and ids typed with a Chinese input method: `０４８２－５５５６００３` → `0482-5556003`.
pub fn ascii(cell: &str) -> String {
    cell.chars().map(crate::model::half_width).collect()
}

/// The non-empty rows of the file: (row number as the spreadsheet shows it, cells). A formula
/// cell reads as `=` and its formula.
pub fn read_table(path: &Path) -> Result<Vec<(usize, Vec<String>)>, String> {
    let mut rows = Vec::new();
    match path.extension().map(|e| e.to_string_lossy().to_lowercase()).as_deref().unwrap_or("") {
        "csv" => {
            let text = String::from_utf8(std::fs::read(path).map_err(|e| e.to_string())?)
                .map_err(|_| "不是 UTF-8 编码；请另存为“CSV UTF-8”")?;
            let text = text.trim_start_matches('\u{feff}').as_bytes();
            let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text);
            // The line from the record's byte offset: the csv crate's own line count runs one
            // behind per row in a file with CRLF line ends, as Excel saves them.
            let (mut line, mut counted) = (1, 0);
            for record in reader.records() {
                let record = record.map_err(|e| e.to_string())?;
                let mut at = record.position().map_or(counted, |p| p.byte() as usize);
                // With CRLF the record's offset is at the line feed that ends the row before.
                while at < text.len() && matches!(text[at], b'\r' | b'\n') {
                    at += 1;
                }
                line += text[counted..at].iter().filter(|&&b| b == b'\n').count();
                counted = at;
                rows.push((line, record.iter().map(str::to_string).collect()));
            }
        }
        "xlsx" | "xls" => {
            use calamine::{Data, Reader};
            unpacked_size(path)?;
            let mut book = calamine::open_workbook_auto(path).map_err(said)?;
            let range = book.worksheet_range_at(0).ok_or("工作簿中没有工作表")?.map_err(said)?;
            let name = book.sheet_names().first().cloned().unwrap_or_default();
            let formulas = book.worksheet_formula(&name).ok();
            let (top, left) = range.start().unwrap_or((0, 0));
            for (i, row) in range.rows().enumerate() {
                let mut cells = vec![String::new(); left as usize];
                cells.extend(row.iter().enumerate().map(|(j, c)| {
                    let at = (top + i as u32, left + j as u32);
                    match (formulas.as_ref().and_then(|f| f.get_value(at)).filter(|f| !f.is_empty()), c) {
                        (Some(f), _) => format!("={f}"),
                        (_, Data::Empty) => String::new(),
                        (_, Data::Float(f)) if f.fract() == 0.0 => format!("{f:.0}"),
                        (_, other) => other.to_string(),
                    }
                }));
                rows.push((top as usize + i + 1, cells));
            }
        }
        _ => return Err("只能导入 .xlsx 和 .csv 文件".into()),
    }
    rows.retain(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    Ok(rows)
}

/// A workbook's error in words; a part that unpacks to more than its directory says is stopped
/// there by the zip reader (so a lying archive cannot fill memory either) and said plainly.
fn said(e: impl ToString) -> String {
    let e = e.to_string();
    if e.contains("larger than its declared") {
        return "文件中的数据比它声明的大小更大（文件已损坏或被改动过），未读取；请在 Excel 中另存后再导入".into();
    }
    e
}

/// Refuses an .xlsx whose parts would unpack to more than [`MAX_UNPACKED`] in all, by the sizes
/// its directory states, before anything is unpacked.
fn unpacked_size(path: &Path) -> Result<(), String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let Ok(mut zip) = zip::ZipArchive::new(file) else { return Ok(()) };
    let mut total = 0u64;
    for i in 0..zip.len() {
        total = total.saturating_add(zip.by_index_raw(i).map_err(|e| e.to_string())?.size());
    }
    if total > MAX_UNPACKED {
        return Err(format!(
            "解压后有 {} MB，超过 {} MB 的上限；请只保留清单所在的工作表，另存后再导入",
            total >> 20,
            MAX_UNPACKED >> 20
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_row_is_found_below_titles() {
        let row = |n: usize, cells: &[&str]| (n, cells.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        let rows = [
            row(1, &["XX县社会实践教育基地资源清单（2025年）"]),
            row(2, &["序号", "场馆名称", "联系电话"]),
            row(3, &["1", "某馆", "0482-5550101"]),
        ];
        let header = |h: &str| HEADERS.iter().find(|x| x.0 == h).map(|x| x.1);
        assert_eq!(header_row(&rows, header), Some(1));
        assert_eq!(header_row(&rows[2..], header), None);
        assert_eq!(ascii("０４８２－５５５６００３"), "0482-5556003");
        assert_eq!(clean_header(" 名 称（必填）"), "名称");
    }
}
