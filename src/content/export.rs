//! `qingdan export`: a county's records as the spreadsheet a bureau edits and gives back to
//! `import --update`, one row per record in the columns `import` reads, 记录id first.

use super::cells::{self, Cell, CHOICES, COLUMNS};
use super::config::Config;
use super::update::Existing;
use crate::model::AUDIENCES;
use rust_xlsxwriter::{
    Color, DataValidation, DocProperties, ExcelDateTime, Format, FormatBorder, Formula, Workbook, XlsxError,
};

/// Rows below the records that still get the dropdowns, for places added in the sheet.
const ROOM: u32 = 500;

/// The cells of each record, in [`COLUMNS`] order.
pub fn rows(records: &[Existing], config: &Config) -> Vec<Vec<Option<Cell>>> {
    let row = |e: &Existing| {
        COLUMNS
            .iter()
            .map(|(_, f)| match *f {
                "id" => Some(Cell::Text(e.id.clone())),
                f => cells::cell(&e.raw, f, config),
            })
            .collect()
    };
    records.iter().map(row).collect()
}

/// A UTF-8 CSV with a byte-order mark, so that Excel opens it as UTF-8.
pub fn csv(rows: &[Vec<Option<Cell>>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let text = |c: &Option<Cell>| match c {
        Some(Cell::Text(t)) => t.clone(),
        Some(Cell::Number(n)) => n.to_string(),
        None => String::new(),
    };
    let header: Vec<&str> = COLUMNS.iter().map(|c| c.0).collect();
    w.write_record(&header).expect("in memory");
    for row in rows {
        w.write_record(row.iter().map(text)).expect("in memory");
    }
    w.into_inner().expect("in memory")
}

/// An .xlsx: a frozen, styled header with a filter, columns as wide as their text, phones and
/// ids as text, dropdowns for the fields with fixed values and a second sheet with the lists.
/// `title` names the sheet; `today` dates the file, so one input gives the same bytes.
pub fn xlsx(rows: &[Vec<Option<Cell>>], config: &Config, title: &str, today: jiff::civil::Date) -> Vec<u8> {
    workbook(rows, config, title, today).expect("the sheet is made within Excel's limits")
}

fn workbook(
    rows: &[Vec<Option<Cell>>],
    config: &Config,
    title: &str,
    today: jiff::civil::Date,
) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let date = ExcelDateTime::from_ymd(today.year() as u16, today.month() as u8, today.day() as u8)?;
    book.set_properties(&DocProperties::new().set_title(title).set_creation_datetime(&date));
    let head = Format::new().set_bold().set_background_color(Color::RGB(0xDDEBF7)).set_border(FormatBorder::Thin);
    let text = Format::new().set_num_format("@");
    let lists: [(&str, Vec<&str>); 6] = [
        ("类别", config.categories.iter().map(|c| c.name.as_str()).collect()),
        ("主题", config.themes.iter().map(|t| t.name.as_str()).collect()),
        ("适宜学段", AUDIENCES.iter().map(|a| a.1).collect()),
        ("是否需预约", cells::first_words(&CHOICES[0].1)),
        ("费用", cells::first_words(&CHOICES[1].1)),
        ("状态", cells::first_words(&CHOICES[2].1)),
    ];
    let sheet = book.add_worksheet();
    sheet.set_name(title)?;
    let last = rows.len() as u32 + ROOM;
    for (j, (header, field)) in COLUMNS.iter().enumerate() {
        let col = j as u16;
        sheet.write_string_with_format(0, col, *header, &head)?;
        if matches!(*field, "id" | "phones" | "wechat") {
            sheet.set_column_format(col, &text)?;
        }
        let widest = rows.iter().filter_map(|r| r[j].as_ref()).map(width).chain([width_of(header) + 2]).max();
        sheet.set_column_width(col, widest.unwrap_or(8).clamp(8, 48) as f64)?;
        let validation = match *field {
            "category" => {
                let n = lists[0].1.len() + 1;
                Some(DataValidation::new().allow_list_formula(Formula::new(format!("='选项'!$A$2:$A${n}"))))
            }
            "required" => Some(DataValidation::new().allow_list_strings(&lists[3].1)?),
            "fee" => Some(DataValidation::new().allow_list_strings(&lists[4].1)?),
            "status" => Some(DataValidation::new().allow_list_strings(&lists[5].1)?),
            "themes" | "audiences" => Some(
                DataValidation::new().allow_any_value().set_input_message("可填多个，用“、”分开；可选的见“选项”表")?,
            ),
            _ => None,
        };
        if let Some(v) = validation {
            sheet.add_data_validation(1, col, last, col, &v)?;
        }
        for (i, row) in rows.iter().enumerate() {
            let r = i as u32 + 1;
            match &row[j] {
                Some(Cell::Text(t)) => sheet.write_string(r, col, t)?,
                Some(Cell::Number(n)) => sheet.write_number(r, col, *n)?,
                None => continue,
            };
        }
    }
    sheet.set_freeze_panes(1, 2)?;
    sheet.autofilter(0, 0, rows.len() as u32, COLUMNS.len() as u16 - 1)?;
    let options = book.add_worksheet();
    options.set_name("选项")?;
    for (j, (header, values)) in lists.iter().enumerate() {
        let col = j as u16;
        options.write_string_with_format(0, col, *header, &head)?;
        let widest = values.iter().map(|v| width_of(v)).chain([width_of(header) + 2]).max().unwrap_or(8);
        options.set_column_width(col, widest.clamp(8, 30) as f64)?;
        for (i, v) in values.iter().enumerate() {
            options.write_string(i as u32 + 1, col, *v)?;
        }
    }
    book.save_to_buffer()
}

fn width(cell: &Cell) -> usize {
    match cell {
        Cell::Text(t) => t.lines().map(width_of).max().unwrap_or(0),
        Cell::Number(n) => n.to_string().len(),
    }
}

/// Columns a text takes: two for a Chinese character, as Excel sets them.
fn width_of(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum::<usize>() + 1
}
