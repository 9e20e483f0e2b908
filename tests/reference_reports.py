"""A deliberately plain second implementation of reports.md sections 1-5, for the tests only.

It reads the `.dat` bytes itself (positions straight from borderel-dat.md), keeps every amount
as a Python int of cents, rounds with Decimal, and loops record by record. It shares no code
with digibord/ (not the reader, not digibord/reconcile), so a test that compares the program's
JSON with it compares two readings of the spec."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


class Refused(Exception):
    """The reference refuses the input (cli.md: exit 1)."""


def _month(text: str) -> str:
    return f"{text[:4]}-{text[4:6]}"


def _date(text: str):
    text = text.strip()
    if not text or set(text) == {"0"}:
        return None
    return f"{text[:4]}-{text[4:6]}-{text[6:8]}"


def _signed(text: str) -> int:
    sign = -1 if text[0] == "-" else 1
    return sign * int(text[1:])


def half_away(value: Decimal) -> int:
    """Decimal -> whole number, half away from zero (ROUND_HALF_UP is away from zero)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class Person:
    relation: str
    holder: str
    role: str
    own_number: str
    name: str
    birth: str | None
    start: str | None
    end: str | None


@dataclass
class Line:
    relation: str
    kind: str
    premium_month: str
    code: str
    gross: int
    collective: int
    other: int
    net: int
    mutation_code: str
    mutation_date: str | None


@dataclass
class Dat:
    collectivity: str
    name: str
    month: str  # YYYY-MM
    sequence: int
    products: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (kind, descr)
    persons: dict[str, Person] = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)
    total_p: int = 0
    total_c: int = 0

    def employee_number(self, relation: str) -> str:
        """The werknemersnummer of a person's employee (on P/K the own field is ignored)."""
        return self.persons[self.persons[relation].holder].own_number

    @property
    def key(self) -> tuple[str, int]:
        return (self.month, self.sequence)


def read_dat(data: bytes) -> Dat:
    text = data[3:].decode("utf-8") if data.startswith(b"\xef\xbb\xbf") else data.decode("cp1252")
    dat = None
    for raw in text.replace("\x1a", "").splitlines():
        if not raw.strip():
            continue
        r = raw.ljust(250)
        kind = r[0:2]
        if kind == "01":
            dat = Dat(r[10:19], r[19:79].rstrip(), _month(r[79:85]), int(r[103:105]))
        elif kind == "05":
            dat.products[r[2:8].rstrip()] = (r[8], r[9:49].rstrip())
        elif kind == "10":
            name = " ".join(f"{r[92:98]} {r[82:92]} {r[47:82]}".split())
            dat.persons[r[2:12]] = Person(r[2:12], r[12:22], r[22], r[23:38].strip(), name,
                                          _date(r[98:106]), _date(r[107:115]),
                                          _date(r[115:123]))
        elif kind == "20":
            dat.lines.append(Line(r[2:12], r[12], _month(r[13:19]), r[19:25].rstrip(),
                                  _signed(r[25:36]), _signed(r[36:47]), _signed(r[47:58]),
                                  _signed(r[58:69]), r[69:71], _date(r[71:79])))
        elif kind == "90":
            dat.total_p = _signed(r[16:29])
            dat.total_c = _signed(r[29:42])
    return dat


# ---- 1. verzekerdenoverzicht -------------------------------------------------------------

def ref_list(d: Dat) -> dict:
    people = []
    for p in d.persons.values():
        prol = sum(ln.net for ln in d.lines if ln.relation == p.relation and ln.kind == "P")
        corr = sum(ln.net for ln in d.lines if ln.relation == p.relation and ln.kind == "C")
        people.append({"relatienummer": p.relation, "relatienummer_hoofdverzekerde": p.holder,
                       "rol": p.role, "werknemersnummer": d.employee_number(p.relation),
                       "naam": p.name, "geboortedatum": p.birth, "ingangsdatum": p.start,
                       "einddatum": p.end, "prolongatie_cent": prol, "correcties_cent": corr,
                       "totaal_cent": prol + corr})
    return {"collectiviteitsnummer": d.collectivity, "naam": d.name,
            "prolongatiemaand": d.month, "volgnummer": d.sequence,
            "totaal_prolongatie_cent": sum(x["prolongatie_cent"] for x in people),
            "totaal_correcties_cent": sum(x["correcties_cent"] for x in people),
            "verzekerden": people}


# ---- 2. correctiepremies -------------------------------------------------------------------

def ref_corrections(dats: list[Dat]) -> dict:
    if len({d.collectivity for d in dats}) > 1:
        raise Refused("collectivities")
    rows = []
    for d in dats:
        for ln in d.lines:
            if ln.kind != "C":
                continue
            row = {"werknemersnummer": d.employee_number(ln.relation),
                   "relatienummer": ln.relation, "premiemaand": ln.premium_month,
                   "productcode": ln.code, "mutatiecode": ln.mutation_code,
                   "mutatiedatum": ln.mutation_date, "bruto_cent": ln.gross,
                   "korting_cent": ln.collective + ln.other, "netto_cent": ln.net}
            if len(dats) > 1:
                row["prolongatiemaand"] = d.month
            rows.append(row)
    return {"rows": rows, "totaal_netto_cent": sum(r["netto_cent"] for r in rows)}


# ---- 3. prolongatieverschillen -------------------------------------------------------------

def ref_diff(van: Dat, tot: Dat, show_all: bool = False) -> dict:
    if van.collectivity != tot.collectivity:
        raise Refused("collectivities")
    if not van.key < tot.key:
        raise Refused("order")
    a = {(ln.relation, ln.code): ln.net for ln in van.lines if ln.kind == "P"}
    b = {(ln.relation, ln.code): ln.net for ln in tot.lines if ln.kind == "P"}
    rows, every = [], []
    for pair in set(a) | set(b):
        f, t = a.get(pair, 0), b.get(pair, 0)
        if pair not in a:
            status = "nieuw"
        elif pair not in b:
            status = "vervallen"
        else:
            status = "gewijzigd" if f != t else "ongewijzigd"
        rel = pair[0]
        source = tot if rel in tot.persons else van
        row = {"relatienummer": rel, "werknemersnummer": source.employee_number(rel),
               "productcode": pair[1], "status": status, "netto_van_cent": f,
               "netto_tot_cent": t, "verschil_cent": t - f}
        every.append(row)
        if show_all or status != "ongewijzigd":
            rows.append(row)
    return {"van": {"prolongatiemaand": van.month, "volgnummer": van.sequence},
            "tot": {"prolongatiemaand": tot.month, "volgnummer": tot.sequence},
            "rows": rows,
            "totaal_van_cent": sum(r["netto_van_cent"] for r in every),
            "totaal_tot_cent": sum(r["netto_tot_cent"] for r in every),
            "totaal_verschil_cent": sum(r["verschil_cent"] for r in every)}


# ---- 4. salary -----------------------------------------------------------------------------

KINDS = {"basis": {"B"}, "aanvullend": {"A", "T"}, "totaal": {"B", "A", "T"}}
ROLES = {"werknemer": {"H"}, "werknemer-partner": {"H", "P"}, "iedereen": {"H", "P", "K"}}


def _ref_amounts(d: Dat, period: str, on: str, for_: str, amount_cent: int,
                 percent_bp: int) -> dict[str, tuple[int, int, int]]:
    """Per employee (relatienummer of the `H`): premie, correctie, bijdrage as written to the
    payroll file (premie and bijdrage converted with 4weken)."""
    employees = [p for p in d.persons.values() if p.role == "H"]
    scope_net: dict[str, int] = {}
    premie = {p.relation: 0 for p in employees}
    correctie = dict(premie)
    for ln in d.lines:
        holder = d.persons[ln.relation].holder
        if ln.kind == "P":
            premie[holder] += ln.net
            if d.products[ln.code][0] in KINDS[on]:
                scope_net[ln.relation] = scope_net.get(ln.relation, 0) + ln.net
        else:
            correctie[holder] += ln.net
    bijdrage = {p.relation: 0 for p in employees}
    for p in d.persons.values():
        if p.role not in ROLES[for_]:
            continue
        net = scope_net.get(p.relation, 0)
        if percent_bp:
            amount = half_away(Decimal(net) * percent_bp / 10000)
        else:
            amount = min(amount_cent, net)
        bijdrage[p.holder] += max(amount, 0)
    out = {}
    for p in employees:
        pr, co, bi = premie[p.relation], correctie[p.relation], bijdrage[p.relation]
        if period == "4weken":
            pr, bi = half_away(Decimal(pr) * 12 / 13), half_away(Decimal(bi) * 12 / 13)
        out[p.relation] = (pr, co, bi)
    return out


def ref_salary(d: Dat, period: str = "maand", on: str = "basis", for_: str = "werknemer",
               amount_cent: int = 0, percent_bp: int = 0, skip_missing: bool = False) -> dict:
    """Section 4 person by person. `percent_bp` is hundredths of a percent (33,33 % = 3333)."""
    employees = [p for p in d.persons.values() if p.role == "H"]
    numbers = [p.own_number for p in employees if p.own_number]
    if len(numbers) != len(set(numbers)):
        raise Refused("shared werknemersnummer")
    missing = [p for p in employees if not p.own_number]
    if missing and not skip_missing:
        raise Refused("missing werknemersnummer")
    amounts = _ref_amounts(d, period, on, for_, amount_cent, percent_bp)
    rows = []
    for p in employees:
        if not p.own_number:
            continue
        pr, co, bi = amounts[p.relation]
        if pr or co or bi:
            rows.append({"werknemersnummer": p.own_number, "premie_cent": pr,
                         "correctie_cent": co, "bijdrage_cent": bi})
    return {"rows": rows,
            "niet_omgezet": [{"relatienummer": p.relation, "naam": p.name} for p in missing]}


# ---- 5. payroll check ----------------------------------------------------------------------

def ref_key(number: str) -> str:
    """Werknemersnummers match trimmed, without case and, all digits, without leading zeros."""
    n = number.strip().upper()
    return (n.lstrip("0") or "0") if n.isdigit() else n


def ref_withheld(lines: list[tuple[str, str, int]]) -> dict[str, tuple[str, int, int]]:
    """The journal's lines (werknemersnummer as written, `premie`/`correctie`/`bijdrage`, cents
    as written) -> per key: (number first written, ingehouden, |Σ bijdrage|). When the premie
    and correctie amounts of the whole journal add up to a negative number, every amount is
    negated first; ingehouden = Σ premie and correctie − |Σ bijdrage|."""
    flip = -1 if sum(c for _, kind, c in lines if kind != "bijdrage") < 0 else 1
    out: dict[str, list] = {}
    for number, kind, cents in lines:
        entry = out.setdefault(ref_key(number), [number, 0, 0])
        if kind == "bijdrage":
            entry[2] += flip * cents
        else:
            entry[1] += flip * cents
    return {k: (n, ded - abs(bij), abs(bij)) for k, (n, ded, bij) in out.items()}


def ref_payroll_check(d: Dat, lines: list[tuple[str, str, int]], period: str = "maand",
                      on: str = "basis", for_: str = "werknemer", amount_cent: int = 0,
                      percent_bp: int = 0, previous: Dat | None = None,
                      names: dict[str, str] | None = None) -> dict:
    """Section 5 employee by employee over the journal's `lines` (see ref_withheld); `names`:
    the journal's name per werknemersnummer as written, for the rows only in the journal."""
    salary = ref_salary(d, period, on, for_, amount_cent, percent_bp, skip_missing=True)
    keys = [ref_key(r["werknemersnummer"]) for r in salary["rows"]]
    if len(keys) != len(set(keys)):
        raise Refused("werknemersnummers equal but for leading zeros or case")
    journal = ref_withheld(lines)
    amounts = _ref_amounts(d, period, on, for_, amount_cent, percent_bp)
    holder_of = {p.own_number: p.relation for p in d.persons.values()
                 if p.role == "H" and p.own_number}
    # an employee with nothing to convert is in the borderel all the same: when the journal
    # has their number they are matched at 0, not `alleen salaris`
    employees = list(salary["rows"])
    for number in holder_of:
        if ref_key(number) in journal and ref_key(number) not in keys:
            employees.append({"werknemersnummer": number, "premie_cent": 0,
                              "correctie_cent": 0, "bijdrage_cent": 0})
            keys.append(ref_key(number))
    prolongation: dict[str, int] = {}
    for ln in d.lines:
        if ln.kind == "P":
            prolongation[ln.relation] = prolongation.get(ln.relation, 0) + ln.net
    before: dict[str, int] = {}
    if previous is not None:
        try:
            prev = ref_salary(previous, period, on, for_, amount_cent, percent_bp, True)
        except Refused:
            prev = {"rows": []}
        seen: dict[str, list[int]] = {}
        for r in prev["rows"]:
            due = r["premie_cent"] + r["correctie_cent"] - r["bijdrage_cent"]
            seen.setdefault(ref_key(r["werknemersnummer"]), []).append(due)
        before = {k: v[0] for k, v in seen.items() if len(v) == 1}
    rows = []
    for r, key in zip(employees, keys, strict=True):
        relation = holder_of[r["werknemersnummer"]]
        expected = r["premie_cent"] + r["correctie_cent"] - r["bijdrage_cent"]
        withheld = journal[key][1] if key in journal else 0
        diff = withheld - expected
        explanation = None
        if key not in journal:
            status = "alleen borderel"
        elif diff == 0:
            status = "akkoord"
        else:
            status = "verschil"
            members = [prolongation.get(p.relation, 0) for p in d.persons.values()
                       if p.holder == relation and p.relation != relation
                       and p.role in ("P", "K")]
            if period == "4weken":  # the member's share of the 4-weekly premie, either way
                family = sum(prolongation.get(p.relation, 0) for p in d.persons.values()
                             if p.holder == relation)

                def weeks(cent: int) -> int:
                    return half_away(Decimal(cent) * 12 / 13)

                # and the monthly prolongatie itself, as cli.md words it
                members = [w for m in members
                           for w in (weeks(m), weeks(family) - weeks(family - m), m)]
            if diff == -r["correctie_cent"]:
                explanation = "correctie"
            elif r["bijdrage_cent"] and abs(diff) == r["bijdrage_cent"]:
                explanation = "bijdrage"
            elif any(m and abs(diff) == abs(m) for m in members):
                explanation = "gezinslid"
            elif key in before and withheld == before[key]:
                explanation = "vorige_maand"
        rows.append({"werknemersnummer": r["werknemersnummer"], "relatienummer": relation,
                     "naam": d.persons[relation].name, "verwacht_cent": expected,
                     "ingehouden_cent": withheld, "verschil_cent": diff, "status": status,
                     "verklaring": explanation})
    for p in d.persons.values():
        if p.role == "H" and not p.own_number:
            pr, co, bi = amounts[p.relation]
            rows.append({"werknemersnummer": "", "relatienummer": p.relation, "naam": p.name,
                         "verwacht_cent": pr + co - bi, "ingehouden_cent": 0,
                         "verschil_cent": -(pr + co - bi), "status": "geen werknemersnummer",
                         "verklaring": None})
    for key, (number, withheld, _) in journal.items():
        if key not in keys:
            rows.append({"werknemersnummer": number, "relatienummer": None,
                         "naam": (names or {}).get(number, ""), "verwacht_cent": 0,
                         "ingehouden_cent": withheld, "verschil_cent": withheld,
                         "status": "alleen salaris", "verklaring": None})
    return {"rows": rows, "totaal_verwacht_cent": sum(r["verwacht_cent"] for r in rows),
            "totaal_ingehouden_cent": sum(r["ingehouden_cent"] for r in rows)}
