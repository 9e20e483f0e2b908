"""Reading payroll journals (reports.md section 5): the three shapes in CSV and Excel as
payroll packages write them, title and totals rows, amount notations to exact cents, the sign
rule, refusals that name file, row or cell, heading and what was found; the preview and the
user's own picks for the window."""

from __future__ import annotations

import codecs

import numpy as np
import openpyxl
import pytest
import xlsxwriter

from digibord.formats.journal_amounts import (
    MAX_AMOUNT_CENT,
    SumOverflow,
    checked_total,
    parse_amounts,
)
from digibord.formats.payroll_journal import (
    ComponentCodes,
    JournalPick,
    JournalRefused,
    JournalShape,
    match_key,
    payroll_headings,
    preview_journal,
    read_journal,
)
from digibord.i18n import set_language

# werknemersnummer as the borderel writes it, premie, correctie, bijdrage (cents)
EMPLOYEES = [("001392", 17103, 0, 2500), ("004708", 40264, 40264, 2500),
             ("E13657", 37538, -1234, 2500), ("E18088", 123456, 0, 0),
             ("0070", 5, 0, 0)]
EXPECTED = {match_key([n])[0]: p + c - b for n, p, c, b in EMPLOYEES}


class Money(int):
    """An amount in a grid cell, written by each dialect in its own notation."""


def _grid(shape: JournalShape, negative: bool) -> list[list]:
    """A journal of EMPLOYEES: two title rows, a blank row, the headings, the rows (other pay
    components in between), a subtotal without employee number and a totals row."""
    d = -1 if negative else 1  # the sign deductions are written with
    rows: list[list] = [["Loonjournaal maart 2026"], ["Stichting Kinderopvang ’t Klavertje"], []]
    total = 0
    if shape is JournalShape.PER_EMPLOYEE:
        rows.append(["Personeelsnummer", "Naam", "Periode", "Inh. zorgverzekering"])
        for n, p, c, b in EMPLOYEES:
            half = (p + c - b) // 2  # one employee on two rows: summed
            rows += [[n, "Jan", "2026-03", Money(d * half)],
                     [n, "Jan", "2026-03", Money(d * (p + c - b - half))]]
            total += d * (p + c - b)
    elif shape is JournalShape.PER_COMPONENT:
        rows.append(["Pers.nr.", "Naam", "Looncomponent", "Omschrijving", "Bedrag"])
        for n, p, c, b in EMPLOYEES:
            rows += [[n, "Jan", "1000", "Salaris", Money(-d * 345067)],
                     [n, "Jan", "7500", "Premie zorg", Money(d * p)],
                     [n, "Jan", "4000", "Loonheffing", Money(d * 120997)]]
            if c:
                rows.append([n, "Jan", "7510", "Correctie zorg", Money(d * c)])
            if b:
                rows.append([n, "Jan", "7520", "Werkgeversbijdrage", Money(-d * b)])
            total += d * (p + c - b)
    else:
        rows.append(["Werknemersnummer", "Naam", "1000 Salaris", "7500 Premie zorg",
                     "7510 - Correctie", "7520: Bijdrage werkgever"])
        for n, p, c, b in EMPLOYEES:
            rows.append([n, "Jan", Money(345067), Money(d * p), Money(d * c) if c else "",
                         Money(-d * b) if b else ""])
            total += d * (p + c - b)
    rows.append(["", "", "Subtotaal afdeling", Money(total)])
    rows.append(["Totaal", "", "", Money(total)])
    return rows


def _dutch(cents: int, style: int = 0) -> str:
    units, rest = divmod(abs(cents), 100)
    body = f"{units:,}".replace(",", ".") + f",{rest:02d}"
    if cents >= 0:
        return body if style % 2 else f"€ {body}"
    return ("-" + body, body + "-", f"({body})")[style % 3]


def _english(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100:,}.{abs(cents) % 100:02d}"


def write_csv(path, grid, dialect: str, lose_zeros: bool = False) -> None:
    if dialect == "semicolon":  # ; + decimal comma, Windows-1252, CR LF
        text = "".join(";".join(_dutch(c, i) if isinstance(c, Money) else str(c)
                                for c in row) + "\r\n" for i, row in enumerate(grid))
        path.write_bytes(text.encode("cp1252"))
    elif dialect == "comma":  # , + decimal point, UTF-8 with byte order mark, quoted
        def cell(c):
            text = _english(c) if isinstance(c, Money) else str(c)
            if lose_zeros and text.isdigit():
                text = text.lstrip("0") or "0"
            return f'"{text}"' if "," in text else text
        text = "".join(",".join(cell(c) for c in row) + "\n" for row in grid)
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    else:  # tab, decimal comma without thousands separators, UTF-8
        text = "".join("\t".join(_dutch(c, 1).replace(".", "") if isinstance(c, Money)
                                 else str(c) for c in row) + "\n" for row in grid)
        path.write_bytes(text.encode("utf-8"))


def write_xlsx(path, grid, numbers: bool, lose_zeros: bool = False, sheet: str = "Blad1"):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in grid:
        out = []
        for c in row:
            if isinstance(c, Money):
                out.append(int(c) / 100 if numbers else _dutch(c))
            elif lose_zeros and isinstance(c, str) and c.isdigit():
                out.append(int(c))  # a spreadsheet made the number a number
            else:
                out.append(c or None)
        ws.append(out)
    book.save(path)


def withheld(journal) -> dict[str, int]:
    a = journal.amounts
    return dict(zip(a["key"], a["withheld_cent"].tolist(), strict=True))


FORMATS = ["semicolon", "comma", "tab", "xlsx-numbers", "xlsx-text"]


@pytest.mark.parametrize("shape", list(JournalShape))
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("negative", [False, True])
def test_every_shape_in_every_format(tmp_path, shape, fmt, negative):
    grid = _grid(shape, negative)
    lose = fmt in ("comma", "xlsx-numbers")
    if fmt.startswith("xlsx"):
        path = tmp_path / "journaal.xlsx"
        write_xlsx(path, grid, numbers=fmt == "xlsx-numbers", lose_zeros=lose)
    else:
        path = tmp_path / "journaal.csv"
        write_csv(path, grid, fmt, lose_zeros=lose)
    journal = read_journal(path)
    assert journal.shape is shape
    assert journal.heading_row_number == 4  # two title rows and a blank one above
    assert withheld(journal) == EXPECTED
    assert journal.negated is negative
    assert journal.has_contribution is (shape is not JournalShape.PER_EMPLOYEE)
    numbers = set(journal.amounts["employee_number"])
    assert ("1392" in numbers) is lose and ("001392" in numbers) is not lose
    if shape is not JournalShape.PER_EMPLOYEE:
        paid = dict(zip(journal.amounts["key"], journal.amounts["contribution_cent"],
                        strict=True))
        assert paid["1392"] == 2500 and paid["E18088"] == 0


@pytest.mark.parametrize(("text", "cents"), [
    ("1.234,56", 123456), ("1234,56", 123456), ("-12,30", -1230), ("12,30-", -1230),
    ("(12,30)", -1230), ("€ 12,30", 1230), ("-€ 12,30", -1230), ("€ -12,30", -1230),
    ("EUR 12,30", 1230), ("12,30 €", 1230), ("12,3", 1230), ("7", 700), (",5", 50),
    ("\u221212,30", -1230), ("1 234,56", 123456), ("12,300", 1230), ("", 0),
])
def test_dutch_notations(tmp_path, text, cents):
    path = tmp_path / "j.csv"
    path.write_bytes(f"Werknemer;Bedrag\r\n1;{text}\r\n2;100,01\r\n".encode())
    assert withheld(read_journal(path))["1"] == cents


@pytest.mark.parametrize(("text", "cents"), [("1,234.56", 123456), ("-12.30", -1230),
                                             ("(12.30)", -1230), ("1234.5", 123450)])
def test_english_notations(tmp_path, text, cents):
    path = tmp_path / "j.csv"
    path.write_bytes(f'Employee,Amount\n1,"{text}"\n2,100.01\n'.encode())
    assert withheld(read_journal(path))["1"] == cents


def test_amount_parser():
    cents, problems = parse_amounts(["1.234,56", "+-445,26", "12,345", "abc", "(3,10",
                                     "2.75", "99999999999999999999,99", "10.000.000,00",
                                     "10.000.000,01", "--1", "-1-"], ",")
    assert cents[0] == 123456 and cents[7] == MAX_AMOUNT_CENT
    assert problems.tolist() == [None, "two_signs", "decimals", "not_amount", "not_amount",
                                 "other_notation", "too_large", None, "too_large",
                                 "two_signs", "two_signs"]
    # no value shows a decimal mark: separators group thousands
    assert parse_amounts(["1.234", "12.000", "1,234,567"])[0].tolist() == [
        123400, 1200000, 123456700]
    # Excel numbers: half a cent away from zero, float sums to the cent
    assert parse_amounts(["1350.375", "-1350.375", "0.30000000000000004"], ".",
                         exact=False)[0].tolist() == [135038, -135038, 30]


def test_checked_sums_never_wrap():
    big = np.array([2 ** 62, 2 ** 62, 2 ** 62], dtype=np.int64)
    with pytest.raises(SumOverflow):
        checked_total(big)
    assert checked_total(np.array([MAX_AMOUNT_CENT] * 1000, dtype=np.int64)) == \
        MAX_AMOUNT_CENT * 1000


def _refusal(path, **kwargs) -> JournalRefused:
    with pytest.raises(JournalRefused) as err:
        read_journal(path, **kwargs)
    return err.value


@pytest.mark.parametrize(("text", "says"), [
    ("+-445,26", "twee tekens"), ("12,345", "twee decimalen"), ("vijf", "geen bedrag"),
    ("10.000.000,01", "€ 10.000.000,00"), ("92233720368547758,08", "€ 10.000.000,00"),
    ("2.75", "anders geschreven"),
])
def test_bad_amounts_refused_naming_line_heading_and_text(tmp_path, text, says):
    path = tmp_path / "loon.csv"
    path.write_bytes(f"Titel\r\nPersoneelsnummer;Inhouding\r\n1;1,00\r\n2;{text}\r\n"
                     .encode("cp1252"))
    err = _refusal(path)
    message = str(err)
    assert str(path) in message and "regel 4" in message and "'Inhouding'" in message
    assert text in message and says in message
    assert "--" not in err.reason  # words for the window, no options


def test_formula_without_value_refused_naming_its_cell(tmp_path):
    path = tmp_path / "loon.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Blad1"
    ws.append(["Loonjournaal"])
    ws.append(["Personeelsnummer", "Naam", "Salaris", "Bedrag"])
    for i in range(4):
        ws.append([f"E{i}", "x", "=1000+2", 12.5])
    ws.append(["E9", "x", 3000, "=D3+D4"])  # row 7: never calculated, no stored value
    book.save(path)
    err = _refusal(path)
    assert err.cell == "Blad1!D7" and "Blad1!D7" in str(err) and "=D3+D4" in str(err)
    assert "'Bedrag'" in str(err)
    ws["D7"] = 1.0  # the salary column's formulas are not read: no refusal for them
    book.save(path)
    assert withheld(read_journal(path))["E9"] == 100


def test_formula_in_a_totals_row_is_not_read(tmp_path):
    """reports.md 5: a totals row is skipped, so its =SUM(...) without a stored value (a
    workbook written by a program, never calculated) is not refused; a formula in a row that
    is read still is (test above)."""
    path = tmp_path / "loon.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Personeelsnummer", "Naam", "Bedrag"])
    ws.append(["E1", "Jan", 12.5])
    ws.append(["E2", "Piet", 7.25])
    ws.append(["Totaal", None, "=SUM(C2:C3)"])
    ws.append([None, "Totaal", "=SUM(C2:C3)"])
    book.save(path)
    assert withheld(read_journal(path)) == {"E1": 1250, "E2": 725}


@pytest.mark.parametrize("row", ["Totaal;2;19,75", "Subtotaal afdeling;2;19,75",
                                 "Total;2;19,75", ";Totaal;19,75"])
def test_a_totals_row_is_skipped_whichever_column_says_so(tmp_path, row):
    """reports.md 5: "a totals row (Totaal, Total, Subtotaal, or no employee number) is
    skipped", also with the word in the first or the name column and a count where the
    number would stand."""
    path = tmp_path / "loon.csv"
    path.write_text(f"Naam;Personeelsnummer;Bedrag\r\nJan;E1;12,50\r\nPiet;E2;7,25\r\n{row}\r\n",
                    encoding="cp1252")
    assert withheld(read_journal(path)) == {"E1": 1250, "E2": 725}


def test_formula_with_a_stored_value_is_read(tmp_path):
    path = tmp_path / "loon.xlsx"
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("Journaal")
    ws.write_row(0, 0, ["Medewerker", "Bedrag"])
    ws.write_row(1, 0, ["E1", 10.25])
    ws.write_formula(2, 0, '="E"&"2"', None, "E2")
    ws.write_formula(2, 1, "=B2*2", None, 20.5)
    book.close()
    assert withheld(read_journal(path)) == {"E1": 1025, "E2": 2050}


JOURNAL_TEXT = "Personeelsnummer;Naam;Inhouding\r\n1392;Jan Müller;-146,03\r\nE7;Anna;12,30\r\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le",
                                      "utf-16-be"])
def test_text_encodings(tmp_path, encoding):
    """Every encoding of reports.md section 5 reads the same cells: UTF-16 also without a
    byte order mark ("utf-16" writes one, "-le"/"-be" do not), told by its zero bytes."""
    path = tmp_path / "loon.csv"
    path.write_bytes(JOURNAL_TEXT.encode(encoding))
    journal = read_journal(path)
    assert withheld(journal) == {"1392": 14603, "E7": -1230}  # the sign rule: deductions < 0
    assert journal.amounts["employee_name"].tolist() == ["Jan Müller", "Anna"]


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF16_LE + "Werknemer;Bedrag\r\n1;1,00\r\n".encode("utf-16-le") + b"x",
    "Werknemer;Bedrag\r\n1;1,00\r\n".encode("utf-16-le")[:-1],  # cut in a character
    codecs.BOM_UTF8 + b"Werknemer;Bedrag\r\n1;\xff1,00\r\n",  # the mark, then no UTF-8
    b"Werknemer;Bedrag\r\n1;\x811,00\r\n",  # neither UTF-8 nor Windows-1252 (0x81)
], ids=["utf-16-odd-length", "utf-16-no-bom-cut", "utf-8-bom-broken", "undefined-cp1252"])
def test_undecodable_text_refused(tmp_path, data):
    """Bytes that are no text in any of the encodings are a refusal naming the file, never an
    exception of the decoder (which would end the command as a bug, exit 3)."""
    path = tmp_path / "loon.csv"
    path.write_bytes(data)
    err = _refusal(path)
    assert "loon.csv" in str(err) and "UTF-16" in str(err)


def test_duplicate_headings(tmp_path):
    path = tmp_path / "loon.csv"
    path.write_text("Personeelsnummer;Bedrag;Bedrag\r\n1;1,00;2,00\r\n", encoding="cp1252")
    err = _refusal(path)
    assert "'Bedrag'" in str(err) and "B, C" in str(err)
    path.write_text("Personeelsnummer;Omschrijving;Omschrijving;Bedrag\r\n1;a;b;2,00\r\n",
                    encoding="cp1252")
    journal = read_journal(path)  # harmless: the repeated column is not read
    assert withheld(journal) == {"1": 200}
    assert len(journal.warnings) == 1 and "Omschrijving" in journal.warnings[0]
    path.write_text("Werknemer;7500 Premie;7500 Premie extra\r\n1;1,00;2,00\r\n",
                    encoding="cp1252")
    # two columns of one component: added up, as rows of one code are (reports.md section 5:
    # "as per component, over those columns")
    assert withheld(read_journal(path)) == {"1": 300}


def test_int64_sized_excel_number_refused(tmp_path):
    path = tmp_path / "loon.xlsx"
    write_xlsx(path, [["Werknemer", "Bedrag"], ["1", Money(100)], ["2", "x"]], numbers=True)
    book = openpyxl.load_workbook(path)
    book.active["B3"] = 1e20
    book.save(path)
    err = _refusal(path)
    assert "Blad1!B3" in str(err) and "10.000.000" in str(err)


def test_sign_rule_over_the_whole_journal(tmp_path):
    path = tmp_path / "j.csv"
    # deductions negative (their sum is negative): all turned around; one refund stays one
    path.write_text("Werknemer;Inhouding\r\n1;-12,30\r\n2;-1,00\r\n3;2,00\r\n", encoding="utf-8")
    journal = read_journal(path)
    assert journal.negated and withheld(journal) == {"1": 1230, "2": 100, "3": -200}
    # the bijdrage is a payment whatever its sign: |Σ| per employee
    path.write_text("Werknemer;Looncomponent;Bedrag\r\n1;7500;100,00\r\n1;7520;25,00\r\n"
                    "2;7500;100,00\r\n2;7520;-25,00\r\n3;7500;100,00\r\n3;7520;-30,00\r\n"
                    "3;7520;5,00\r\n", encoding="utf-8")
    journal = read_journal(path)
    assert not journal.negated and withheld(journal) == {"1": 7500, "2": 7500, "3": 7500}


def test_totals_repeated_headings_and_blank_rows_skipped(tmp_path):
    path = tmp_path / "j.csv"
    path.write_text("Werknemer;Bedrag\r\n1;1,00\r\n\r\n;;\r\nWerknemer;Bedrag\r\n2;2,00\r\n"
                    "Subtotaal;3,00\r\nTotal:;3,00\r\nEindtotaal;3,00\r\nTOTAAL;3,00\r\n",
                    encoding="utf-8")
    assert withheld(read_journal(path)) == {"1": 100, "2": 200}


def test_per_component_without_the_profiles_codes_refused(tmp_path):
    path = tmp_path / "j.csv"
    path.write_text("Werknemer;Looncomponent;Bedrag\r\n1;1000;100,00\r\n1;7500;5,00\r\n",
                    encoding="utf-8")
    loket = ComponentCodes("750", "751", "752", "loket")
    err = _refusal(path, codes=loket)
    assert "750, 751, 752" in str(err) and "loket" in str(err) and "1000" in str(err)
    assert withheld(read_journal(path)) == {"1": 500}


def test_codes_of_a_profile_in_the_column_headings(tmp_path):
    path = tmp_path / "j.csv"
    path.write_text("Werknemer;Naam;750;751;752\r\n0042;Jan;10,00;;2,50\r\n7;Piet;;;\r\n",
                    encoding="cp1252")
    journal = read_journal(path, ComponentCodes("750", "751", "752", "loket"))
    assert journal.shape is JournalShape.COLUMN_PER_COMPONENT
    assert withheld(journal) == {"42": 750}  # a row without any of the components: not there
    with pytest.raises(JournalRefused) as err:
        read_journal(path)  # the csv profile's 7500, 7510, 7520 are not there
    assert err.value.unrecognised and "7500, 7510, 7520" in str(err.value)


@pytest.mark.parametrize("content", [b"", b"%PDF-1.4 ...", b"PK\x03\x04broken zip",
                                     b"just one column\nno delimiter\n"])
def test_unreadable_refused(tmp_path, content):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    _refusal(path)


def test_missing_file_and_headings_only_refused(tmp_path):
    _refusal(tmp_path / "nope.csv")
    path = tmp_path / "leeg.csv"
    for content in (b"Personeelsnummer;Inhouding\r\n", b"Personeelsnummer;Inhouding\r\n"
                    b"Totaal;0,00\r\n"):
        path.write_bytes(content)
        assert "geen regels" in str(_refusal(path))


def test_match_key():
    assert match_key(["007263", " e1 ", "0", "00A1"]).tolist() == ["7263", "E1", "0", "00A1"]


@pytest.mark.parametrize(("employee", "amount"), [
    ("Personeelsnr", "Bedrag (€)"), ("Werknemer nr", "Inhouding ZVW"),
    ("Medewerker-ID", "Ingehouden (EUR)"), ("Personeelsnr.", "Inhouding zorgverzekering"),
    ("Pers.nr.", "Inh. zorgverzekering"), ("Medewerker", "Waarde"),
    ("Werkn.nr.", "Netto inhouding"), ("Wnr", "Bedrag"),
    ("Werkn.nummer", "Bedrag"),
])
def test_common_headings_recognised(tmp_path, employee, amount):
    path = tmp_path / "loon.csv"
    path.write_text(f"Naam;{employee};{amount}\r\nJan;001392;146,03\r\n", encoding="cp1252")
    journal = read_journal(path)
    assert (journal.employee_column, journal.amount_column) == (employee, amount)
    assert withheld(journal) == {"1392": 14603}


def test_name_columns_are_not_taken_for_the_number(tmp_path):
    path = tmp_path / "loon.csv"
    path.write_text("Medewerker naam;Naam werknemer;Personeelsnr;Bedrag\r\nJan;J;1392;1,00\r\n",
                    encoding="cp1252")
    journal = read_journal(path)
    assert journal.employee_column == "Personeelsnr"
    assert journal.amounts["employee_name"].tolist() == ["Jan"]


def test_up_to_twenty_title_rows(tmp_path):
    path = tmp_path / "loon.csv"
    titles = "".join(f"Titel {i}\r\n" for i in range(20))
    path.write_text(titles + "Werknemer;Bedrag\r\n1;1,00\r\n", encoding="utf-8")
    assert read_journal(path).heading_row_number == 21
    path.write_text(titles + "Nog een titel\r\nWerknemer;Bedrag\r\n1;1,00\r\n",
                    encoding="utf-8")
    assert _refusal(path).unrecognised


def test_preview_recognised(tmp_path):
    path = tmp_path / "journaal.xlsx"
    write_xlsx(path, _grid(JournalShape.PER_COMPONENT, True), numbers=True)
    preview = preview_journal(path)
    assert preview.reason is None and preview.shape is JournalShape.PER_COMPONENT
    assert preview.heading_row == 3 and preview.row_numbers[3] == 4
    assert preview.cells[3][:3] == ("Pers.nr.", "Naam", "Looncomponent")
    assert preview.columns.employee == 0 and preview.columns.component == 2
    assert preview.columns.amount == 4 and preview.columns.name == 1
    assert preview.cells[4][4] == "3450.67"  # an Excel number as text, exactly
    assert all(isinstance(c, str) for row in preview.cells for c in row)
    assert withheld(preview.journal) == EXPECTED
    assert preview.sheet == "Blad1" and preview.sheets == ("Blad1",)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_preview_says_why_and_reads_with_the_users_pick(tmp_path, lang):
    set_language(lang)
    try:
        path = tmp_path / "loon.csv"
        path.write_text("Overzicht\r\n\r\nNr;Omschrijving;Euro\r\nA1;x;3,50\r\nB2;y;4\r\n",
                        encoding="utf-8")
        preview = preview_journal(path)
        assert preview.journal is None and preview.heading_row is None
        assert "'Nr'" in preview.reason and "--" not in preview.reason
        assert ("werknemersnummer" if lang == "nl" else "employee number") in preview.reason
        assert preview.cells[2] == ("Nr", "Omschrijving", "Euro")
        assert preview.row_numbers == (1, 2, 3, 4, 5)
        pick = JournalPick(heading_row=2, employee=0, amount="euro")
        picked = preview_journal(path, pick=pick)
        assert picked.reason is None and picked.heading_row == 2
        assert picked.shape is JournalShape.PER_EMPLOYEE
        assert withheld(read_journal(path, pick=pick)) == {"A1": 350, "B2": 400}
        wrong = preview_journal(path, pick=JournalPick(heading_row=2, employee="Code"))
        assert wrong.journal is None and "'Code'" in wrong.reason
    finally:
        set_language(None)


def test_preview_tells_a_refusal_while_reading(tmp_path):
    path = tmp_path / "loon.csv"
    path.write_text("Werknemer;Bedrag\r\n1;1,00\r\n2;+-445,26\r\n", encoding="utf-8")
    preview = preview_journal(path)
    assert preview.columns is not None and preview.journal is None
    assert "+-445,26" in preview.reason and "regel 3" in preview.reason


def test_pick_a_shape_and_component_columns(tmp_path):
    path = tmp_path / "loon.csv"
    path.write_text("Werknemer;Code;Bedrag;Premie;Bijdrage\r\n1;A;1,00;10,00;-2,50\r\n",
                    encoding="utf-8")
    assert "Code" in str(_refusal(path))  # a component column without any code
    assert withheld(read_journal(path, pick=JournalPick(
        shape=JournalShape.PER_EMPLOYEE))) == {"1": 100}
    journal = read_journal(path, pick=JournalPick(component_columns=(
        ("Premie", "premie"), (4, "bijdrage")), shape=JournalShape.COLUMN_PER_COMPONENT))
    assert withheld(journal) == {"1": 750} and journal.amount_column == "Premie, Bijdrage"


def test_headings_for_mapping_by_hand(tmp_path):
    path = tmp_path / "loon.csv"
    path.write_bytes("Loonjournaal maart\r\n\r\nMdw;Naam;Netto inh.\r\n1001;Jan;12,50\r\n"
                     .encode("cp1252"))
    assert payroll_headings(path) == ["Mdw", "Naam", "Netto inh."]
    path.write_bytes("Titel\r\nPers.nr.;Naam;Bedrag\r\n1001;Jan;12,50\r\n".encode("cp1252"))
    assert payroll_headings(path) == ["Pers.nr.", "Naam", "Bedrag"]
