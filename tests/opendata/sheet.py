"""What `qingdan export` writes, read and edited by openpyxl as a spreadsheet program would.

    sheet.py show FILE             prints the workbook's layout as JSON
    sheet.py edit FILE OUT EDIT…   saves a copy with cells changed; EDIT is
                                   `ID:HEADER=VALUE` (a record's cell), `-ID` (its row removed)
                                   or `+HEADER=VALUE;HEADER=VALUE…` (a new row)
"""

import json
import sys

import openpyxl


def show(path):
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = []
    for row in sheet.iter_rows(min_row=2):
        rows.append({header[i]: {"value": c.value, "type": c.data_type, "format": c.number_format}
                     for i, c in enumerate(row) if c.value is not None})
    validations = []
    for v in sheet.data_validations.dataValidation:
        validations.append({"range": str(v.sqref), "type": v.type, "list": v.formula1,
                            "prompt": v.prompt})
    columns = {header[i]: {"width": sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width,
                           "format": sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].number_format}
               for i in range(len(header))}
    lists = {}
    for col in book.worksheets[1].iter_cols(values_only=True):
        lists[col[0]] = [v for v in col[1:] if v is not None]
    json.dump({
        "sheets": book.sheetnames,
        "header": header,
        "header_bold": all(c.font.bold for c in sheet[1]),
        "freeze": sheet.freeze_panes,
        "filter": sheet.auto_filter.ref,
        "columns": columns,
        "rows": rows,
        "validations": validations,
        "lists": lists,
    }, sys.stdout, ensure_ascii=False, indent=1)


def edit(path, out, edits):
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    by_id = {row[0].value: row[0].row for row in sheet.iter_rows(min_row=2) if row[0].value}
    removed = []
    for e in edits:
        if e.startswith("-"):
            removed.append(by_id[e[1:]])
        elif e.startswith("+"):
            r = sheet.max_row + 1
            for pair in e[1:].split(";"):
                h, v = pair.split("=", 1)
                sheet.cell(row=r, column=header.index(h) + 1, value=v)
        else:
            target, value = e.split("=", 1)
            rid, h = target.split(":", 1)
            cell = sheet.cell(row=by_id[rid], column=header.index(h) + 1)
            cell.value = int(value) if value.isdigit() and cell.data_type == "n" else value
    for r in sorted(removed, reverse=True):
        sheet.delete_rows(r)
    book.save(out)


if __name__ == "__main__":
    if sys.argv[1] == "show":
        show(sys.argv[2])
    else:
        edit(sys.argv[2], sys.argv[3], sys.argv[4:])
