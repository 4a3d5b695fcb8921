"""
What openpyxl (an independent reader, Debian's python3-openpyxl) sees in workbook files:
  read <file>…                      JSON per file: each sheet's state, page setup, page header,
                                    print titles, defined names, and each table's name, ref,
                                    header cells and the number format of each column's first
                                    data cell.
  resave <in> <out> [<cell>=<formula>]…
                                    load and save again (as a Python post-processing step does),
                                    setting formulas in the first sheet on the way.
"""
import json
import sys

import openpyxl


def read(path):
    book = openpyxl.load_workbook(path)
    sheets = []
    for ws in book.worksheets:
        tables = []
        for table in ws.tables.values():
            (top_left, bottom_right) = table.ref.split(':')
            cells = ws[table.ref]
            header = [c.value for c in cells[0]]
            first = cells[1] if len(cells) > 1 else []
            tables.append({
                'name': table.displayName,
                'ref': table.ref,
                'headers': header,
                'tableColumns': [c.name for c in table.tableColumns],
                'formats': [c.number_format for c in first],
                'firstRow': [c.value if not hasattr(c.value, 'isoformat') else c.value.isoformat()[:10] for c in first],
                'rows': len(cells) - 1,
            })
        setup = ws.page_setup
        sheets.append({
            'title': ws.title,
            'state': ws.sheet_state,
            'A1': ws['A1'].value,
            'orientation': setup.orientation,
            'fitToPage': bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage),
            'fitToWidth': setup.fitToWidth,
            'fitToHeight': setup.fitToHeight,
            'printTitleRows': ws.print_title_rows,
            'printArea': ws.print_area,
            'oddHeader': {'left': ws.oddHeader.left.text, 'right': ws.oddHeader.right.text},
            'oddFooter': {'left': ws.oddFooter.left.text, 'right': ws.oddFooter.right.text},
            'tables': tables,
        })
    return {'sheets': sheets, 'charts': sum(len(ws._charts) for ws in book.worksheets)}


def resave(source, target, formulas):
    book = openpyxl.load_workbook(source)
    sheet = book.worksheets[0]
    for assignment in formulas:
        cell, formula = assignment.split('=', 1)
        sheet[cell] = '=' + formula
    book.save(target)


if __name__ == '__main__':
    command, *args = sys.argv[1:]
    if command == 'read':
        print(json.dumps({path: read(path) for path in args}, default=str))
    elif command == 'resave':
        resave(args[0], args[1], args[2:])
    else:
        raise SystemExit(f'unknown command {command}')
