"""Large, realistic borderels for benches, demos and tests: a collectivity simulated month by month.

The simulation keeps one row per person and one row per (person, product) subscription, all in
numpy arrays. Every change is an event with an effective date and the month in which the insurer
processes it (on time or up to two months late). What a month costs is a function of the month
and of what the insurer knows (`owed`); so each borderel is

- `P` lines: the whole prolongatiemaand for everyone insured on its first day, as known then;
- `C` lines: for each earlier month (and the month itself, pro rata) the difference between
  what is owed now and what was owed with last month's knowledge. Personal events are applied
  before the late discount change, so each difference has a single mutatiecode.

Summed over the borderels, every month is therefore billed exactly what it finally costs, and
every line keeps nettopremie = bruto - kortingen. No Python loop runs per person or per line;
loops run over months and over the small name tables only.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from digibord.formats import frames as _frames  # noqa: F401  (the string storage, set there)
from digibord.formats.borderel import CORRECTION, PROLONGATION, Borderel, Header
from digibord.formats.writer import compute_trailer, file_line_numbers, write_borderel

NEVER = 10**7  # a month index / day number beyond any simulated one
PAST = -(10**7)

# code, kind, description, monthly gross (cents), collective discount before/after (bp)
PRODUCTS = (
    ("BEK", "B", "VGZ Eigen Keuze", 15825, 0, 0),
    ("BRK", "B", "VGZ Ruime Keuze", 16795, 0, 0),
    ("AGD", "A", "VGZ Aanvullend Goed", 2810, 1250, 1250),
    ("ABT", "A", "VGZ Aanvullend Beter", 4735, 1250, 1250),
    ("ABS", "A", "VGZ Aanvullend Best", 7185, 1000, 1500),  # raised late: code 08
    ("TGD", "T", "VGZ Tand Goed (tot € 250 p.j.)", 1420, 1000, 1000),
    ("TBT", "T", "VGZ Tand Beter (tot € 500 p.j.)", 2755, 1000, 1000),
)
# Monthly discount for a voluntary deductible of 100..500 euro a year.
DEDUCTIBLE_CENT = np.array([950, 1900, 2850, 3800, 4750], dtype=np.int64)

SURNAMES = (
    ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"), ("", "Bakker"),
    ("", "Visser"), ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"),
    ("de", "Groot"), ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"),
    ("van", "Leeuwen"), ("", "Dekker"), ("", "Brouwer"), ("de", "Wit"), ("", "Dijkstra"),
    ("de", "Graaf"), ("van der", "Meer"), ("van der", "Linden"), ("", "Kok"), ("de", "Haan"),
    ("", "Vermeulen"), ("van den", "Heuvel"), ("van der", "Veen"), ("van den", "Broek"),
    ("de", "Bruijn"), ("de", "Jong"), ("", "Schouten"), ("", "Hoekstra"), ("", "Huisman"),
    ("", "Kuipers"), ("van", "Wijk"), ("", "Postma"), ("", "Verhoeven"), ("’t", "Hoen"),
    ("’t", "Hart"), ("", "Çelik"), ("", "Yilmaz"), ("", "Öztürk"), ("", "Müller"),
    ("", "Schröder"), ("", "Žilinskas"), ("", "Nowak"), ("", "El Amrani"), ("", "Bouzid"),
    ("", "Ramdin"), ("", "Nguyen"), ("", "Mäkelä"), ("", "Dembélé"), ("", "Lefèvre"),
    ("", "García"), ("", "Gonçalves"), ("", "Brontë"), ("", "Agaoglu"), ("", "Œuvray"),
)
INITIALS = np.array(list("ABCDEFGHIJKLMNPRSTWYÉÖŽ"), dtype=object)
INITIAL_WEIGHTS = np.array([6, 2, 3, 5, 4, 2, 4, 4, 2, 8, 5, 4, 6, 4, 3, 5, 4, 3, 2, 1, 1, 1, 1],
                           dtype=float)

# Personal events; _CODE gives each its mutatiecode (08 is the discount change, not personal).
_CODE = np.array(["", "01", "02", "03", "04", "05", "06", "07", "99"], dtype=object)
EV_NONE, EV_JOIN, EV_LEAVE, EV_PRODUCT, EV_MOVE, EV_DEDUCTIBLE, EV_AGE, EV_DEATH, EV_OTHER = (
    range(9))


def _check_cp1252() -> None:
    for prefix, surname in SURNAMES:
        (prefix + surname).encode("cp1252")
    "".join(INITIALS).encode("cp1252")
    for p in PRODUCTS:
        p[2].encode("cp1252")


_check_cp1252()


# --- months and days -----------------------------------------------------------------------

def month_index(yyyymm: int) -> int:
    return (yyyymm // 100) * 12 + yyyymm % 100 - 1


def month_number(index) -> np.ndarray | int:
    """Month index -> YYYYMM."""
    return (np.asarray(index) // 12) * 100 + np.asarray(index) % 12 + 1


def months_from(first: int, count: int) -> list[int]:
    """`count` months (YYYYMM) from `first` on."""
    start = month_index(first)
    return [int(month_number(i)) for i in range(start, start + count)]


def months_back(count: int, last: int = 202603) -> list[int]:
    """The `count` months (YYYYMM) up to and with `last`."""
    return months_from(int(month_number(month_index(last) - count + 1)), count)


def first_day(index) -> np.ndarray:
    """Month index -> day number (days since 1970-01-01) of its first day."""
    months = np.asarray(index, dtype=np.int64) - 1970 * 12
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _days(day_numbers) -> np.ndarray:
    """Day numbers -> datetime64[s], NEVER/PAST -> NaT."""
    d = np.asarray(day_numbers, dtype=np.int64)
    out = d.astype("datetime64[D]").astype("datetime64[s]")
    out[(d >= NEVER) | (d <= PAST)] = np.datetime64("NaT")
    return out


def _round_div(num: np.ndarray, den) -> np.ndarray:
    """num / den rounded half up, for num >= 0 (amounts are never negative before a diff)."""
    return (2 * num + den) // (2 * den)


# --- the population ------------------------------------------------------------------------

class _World:
    """Everybody who is insured at any time in the simulated months, and their subscriptions."""

    def __init__(self, rng: np.random.Generator, n_employees: int, first: int, last: int,
                 missing_employee_numbers: int, bsn_problems: bool):
        self.rng = rng
        self.first, self.last = first, last
        proc_months = np.arange(first, last + 1)
        n_join = max(1, round(0.012 * n_employees)) if n_employees >= 3 else 1
        join_proc = np.concatenate(
            [np.full(n_employees, PAST), np.repeat(proc_months, n_join)]).astype(np.int64)
        self._families(join_proc)
        self._people(missing_employee_numbers, bsn_problems)
        self._subscriptions()
        # Person-level event state; one event per person at most, so codes never mix.
        n = self.n
        self.end_day = np.full(n, NEVER, dtype=np.int64)
        self.end_proc = np.full(n, NEVER, dtype=np.int64)
        self.ev_code = np.zeros(n, dtype=np.int64)
        self.ev_proc = np.full(n, NEVER, dtype=np.int64)
        self.ev_day = np.full(n, NEVER, dtype=np.int64)
        self.ded_new = self.ded_old.copy()
        self.ded_eff = np.full(n, NEVER, dtype=np.int64)
        self.ded_proc = np.full(n, NEVER, dtype=np.int64)
        self.adult_proc = self.adult_month.copy()
        joined = self.join_proc > PAST
        # A family joins as one: aanmelding (01) or a move from another collectivity (04).
        family_code = np.where(rng.random(int(self.fam.max()) + 1) < 0.85, EV_JOIN, EV_MOVE)
        self.ev_code[joined] = family_code[self.fam[joined]]
        self.ev_proc[joined] = self.join_proc[joined]
        self.ev_day[joined] = self.start_day[joined]
        self.other_lines: list[tuple[int, np.ndarray, np.ndarray]] = []  # (proc, rows, amount)
        for month in proc_months:
            self._events(int(month))

    # families and people
    def _families(self, fam_join_proc: np.ndarray) -> None:
        rng = self.rng
        nf = fam_join_proc.size
        has_partner = rng.random(nf) < 0.6
        kids = rng.choice(5, size=nf, p=[0.35, 0.2, 0.3, 0.12, 0.03])
        size = 1 + has_partner + kids
        fam = np.repeat(np.arange(nf), size)
        rank = np.arange(fam.size) - np.repeat(np.cumsum(size) - size, size)
        role = np.where(rank == 0, "H", np.where((rank == 1) & has_partner[fam], "P", "K"))
        self.n = n = fam.size
        self.fam, self.role = fam, role.astype(object)
        self.join_proc = fam_join_proc[fam]
        self.holder = np.repeat(np.cumsum(size) - size, size)  # person index of the family's H

        day0 = int(first_day(self.first))
        # Employees are 20..64, partners near them, children 0..24 and born after the parent's 18th.
        h_age = rng.integers(20 * 365, 64 * 365, nf)
        h_birth = day0 - h_age
        birth = h_birth[fam] + rng.integers(-5 * 365, 5 * 365, n)
        birth = np.minimum(birth, day0 - 19 * 365)
        parent_age = day0 - h_birth[fam]
        kid_age = (rng.random(n) * np.clip(parent_age - 18 * 365, 0, 25 * 365)).astype(np.int64)
        is_kid = role == "K"
        birth = np.where(is_kid, day0 - kid_age, birth)
        self.birth_day = birth
        birth_month = birth.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
        # Premium for the basis is due from the month after the 18th birthday.
        self.adult_month = birth_month + 1970 * 12 + 18 * 12 + 1

        # Existing families started on a first of a month years ago; joiners near their month.
        old_start = first_day(rng.integers(2005 * 12, self.first - 2, nf))
        lag = rng.choice(3, size=nf, p=[0.55, 0.35, 0.10])
        eff = np.where(fam_join_proc > PAST, fam_join_proc - lag, self.first)
        mid = rng.random(nf) < 0.25
        dim = first_day(eff + 1) - first_day(eff)
        new_start = first_day(eff) + np.where(mid, rng.integers(1, 27, nf) % dim, 0)
        fam_start = np.where(fam_join_proc > PAST, new_start, old_start)
        # A child born later joined at birth.
        self.fam_start = fam_start[fam]
        self.start_day = np.where(is_kid, np.maximum(self.fam_start, birth), self.fam_start)

        g = rng.random(n)
        gender = np.where(g < 0.5, "M", "V")
        gender[g > 0.995] = "O"
        self.gender = gender.astype(object)

    def _people(self, missing_employee_numbers: int, bsn_problems: bool) -> None:
        rng, n = self.rng, self.n
        nf = int(self.fam.max()) + 1
        self.relation = (rng.choice(90_000_000, size=n, replace=False) + 10_000_000).astype(
            np.int64)

        sur = rng.integers(0, len(SURNAMES), nf)
        own = rng.integers(0, len(SURNAMES), n)
        # Partners keep their own name; children mostly carry the employee's.
        pick = np.where(self.role == "P", own, sur[self.fam])
        pick = np.where((self.role == "K") & (rng.random(n) < 0.2), own, pick)
        prefixes = np.array([p for p, _ in SURNAMES], dtype=object)
        surnames = np.array([s for _, s in SURNAMES], dtype=object)
        self.prefix, self.surname = prefixes[pick], surnames[pick]

        count = rng.choice([1, 1, 1, 2, 2, 3], size=n)
        letters = rng.choice(INITIALS, size=(n, 3), p=INITIAL_WEIGHTS / INITIAL_WEIGHTS.sum())
        letters = letters + "."
        initials = letters[:, 0].copy()
        initials[count >= 2] += letters[count >= 2, 1]
        initials[count >= 3] += letters[count >= 3, 2]
        self.initials = initials

        self.bsn = _valid_bsns(rng, n)
        if bsn_problems and n >= 20:
            k = max(1, round(0.004 * n))
            chosen = rng.choice(n, size=2 * k, replace=False)
            self.bsn[chosen[:k]] = ""
            self.bsn[chosen[k:]] = _break_bsn(self.bsn[chosen[k:]])

        codes = rng.choice(199_999, size=nf, replace=False) + 1
        numbers = np.where(codes < 100_000,
                           np.char.add("E", np.char.zfill((codes % 100_000).astype(str), 5)),
                           np.char.zfill((codes - 100_000).astype(str), 6)).astype(object)
        if missing_employee_numbers:
            numbers[rng.choice(nf, size=min(nf, missing_employee_numbers), replace=False)] = ""
        self.employee_number = numbers[self.fam]

    def _subscriptions(self) -> None:
        rng, n = self.rng, self.n
        kind = np.array([p[1] for p in PRODUCTS])
        self.price = np.array([p[3] for p in PRODUCTS], dtype=np.int64)
        self.bp_old = np.array([p[4] for p in PRODUCTS], dtype=np.int64)
        self.bp_new = np.array([p[5] for p in PRODUCTS], dtype=np.int64)
        self.is_basis = kind == "B"
        basis = np.where(rng.random(n) < 0.75, 0, 1)
        extra = rng.choice([2, 3, 4], size=n, p=[0.4, 0.35, 0.25])
        has_extra = rng.random(n) < 0.55
        adult_now = self.adult_month <= self.first
        dental = np.where(rng.random(n) < 0.7, 5, 6)
        has_dental = adult_now & (rng.random(n) < 0.25)
        person = np.concatenate([np.arange(n), np.flatnonzero(has_extra),
                                 np.flatnonzero(has_dental)])
        product = np.concatenate([basis, extra[has_extra], dental[has_dental]])
        order = np.lexsort((product, person))
        self.r_person, self.r_product = person[order], product[order]
        r = self.r_person.size
        self.r_lo_b = np.full(r, PAST, dtype=np.int64)
        self.r_hi_b = np.full(r, NEVER, dtype=np.int64)
        self.r_lo_a = self.r_lo_b.copy()
        self.r_hi_a = self.r_hi_b.copy()
        self.r_chg_proc = np.full(r, NEVER, dtype=np.int64)
        # A voluntary deductible for some adults.
        ded = np.where(rng.random(n) < 0.15, rng.choice(DEDUCTIBLE_CENT, size=n), 0)
        self.ded_old = np.where(adult_now, ded, 0).astype(np.int64)

    # events processed in `month`
    def _free(self) -> np.ndarray:
        return self.ev_code == EV_NONE

    def _events(self, month: int) -> None:
        """Choose the events the insurer processes in `month`, vectorised per kind."""
        rng, n = self.rng, self.n
        established = (self.join_proc == PAST) & (self.start_day < first_day(month - 3))

        # Whole families leave (02) or move to another collectivity (04).
        nf = int(self.fam.max()) + 1
        busy_fam = np.bincount(self.fam, weights=~self._free(), minlength=nf) > 0
        holders = np.flatnonzero((self.role == "H") & established & ~busy_fam[self.fam])
        chosen = rng.choice(holders, size=min(holders.size, max(1, round(0.004 * n))),
                            replace=False)
        k = chosen.size
        lag = rng.choice(3, size=k, p=[0.6, 0.3, 0.1])
        end = _pick_days(rng, month - lag, end_of_month=rng.random(k) < 0.5)
        code = np.where(rng.random(k) < 0.8, EV_LEAVE, EV_MOVE)
        slot = np.full(nf, -1)
        slot[self.fam[chosen]] = np.arange(k)
        members = np.flatnonzero(slot[self.fam] >= 0)
        j = slot[self.fam[members]]
        self._leave(members, month, code[j], end[j])

        # Deaths (07): a partner, or an employee without family.
        alone = np.bincount(self.fam, minlength=nf)[self.fam] == 1
        cand = np.flatnonzero(self._free() & established
                              & ((self.role == "P") | ((self.role == "H") & alone)))
        chosen = rng.choice(cand, size=min(cand.size, max(1, round(0.0005 * n))), replace=False)
        end = _pick_days(rng, month - rng.choice(2, size=chosen.size),
                         end_of_month=np.zeros(chosen.size, dtype=bool))
        self._leave(chosen, month, np.full(chosen.size, EV_DEATH), end)

        # A child turned 18 and the insurer noticed late (06); others are handled on time.
        cand = np.flatnonzero(self._free() & established & (self.role == "K"))
        chosen = rng.choice(cand, size=min(cand.size, max(1, round(0.002 * n))), replace=False)
        adult = month - 1 - rng.choice(2, size=chosen.size, p=[0.7, 0.3])
        self.birth_day[chosen] = _pick_days(rng, adult - 1 - 18 * 12,
                                            np.zeros(chosen.size, dtype=bool))
        self.start_day[chosen] = np.maximum(self.fam_start[chosen], self.birth_day[chosen])
        self.adult_month[chosen] = adult
        self.adult_proc[chosen] = month
        self.ded_old[chosen] = 0
        self._set_event(chosen, month, EV_AGE, first_day(adult))

        # Product changes (03), effective on a first of a month: old row ends, new row starts.
        adult = self.adult_month <= month - 2
        free = self._free() & established & adult
        rows = np.flatnonzero(free[self.r_person] & (self.r_product <= 4))
        rows = rows[np.unique(self.r_person[rows], return_index=True)[1]]  # one per person
        rows = rng.choice(rows, size=min(rows.size, max(1, round(0.01 * n))), replace=False)
        eff = month - rng.choice(3, size=rows.size, p=[0.4, 0.45, 0.15])
        old = self.r_product[rows]
        other_a = (old - 2 + rng.integers(1, 3, rows.size)) % 3 + 2
        new = np.where(old <= 1, 1 - old, other_a)
        people = self.r_person[rows]
        self.r_hi_a[rows] = eff
        self.r_chg_proc[rows] = month
        self._add_rows(people, new, eff, month)  # re-sorts the rows: `rows` is stale after
        self._set_event(people, month, EV_PRODUCT, first_day(eff))

        # Voluntary deductible changed (05).
        cand = np.flatnonzero(self._free() & established & adult)
        chosen = rng.choice(cand, size=min(cand.size, max(1, round(0.004 * n))), replace=False)
        levels = np.concatenate([[0], DEDUCTIBLE_CENT])
        now = np.searchsorted(levels, self.ded_old[chosen])
        self.ded_new[chosen] = levels[(now + rng.integers(1, levels.size, chosen.size))
                                      % levels.size]
        eff = month - rng.choice(3, size=chosen.size, p=[0.3, 0.5, 0.2])
        self.ded_eff[chosen] = eff
        self.ded_proc[chosen] = month
        self._set_event(chosen, month, EV_DEDUCTIBLE, first_day(eff))

        # Other recalculations (99): a small amount on last month's basis premium.
        cand = np.flatnonzero(self._free() & established & adult)
        chosen = np.sort(rng.choice(cand, size=min(cand.size, max(1, round(0.002 * n))),
                                    replace=False))
        self._set_event(chosen, month, EV_OTHER, first_day(month - 1))
        basis_rows = np.flatnonzero(self.is_basis[self.r_product])
        rows = basis_rows[np.searchsorted(self.r_person[basis_rows], chosen)]
        amount = rng.integers(1, 500, chosen.size) * np.where(rng.random(chosen.size) < 0.5,
                                                               -1, 1)
        self.other_lines.append((month, rows, amount.astype(np.int64)))

    def _leave(self, people, month: int, codes, end) -> None:
        self.end_day[people] = end
        self.end_proc[people] = month
        self._set_event(people, month, codes, end)

    def _set_event(self, people: np.ndarray, month: int, code, day) -> None:
        self.ev_code[people] = code
        self.ev_proc[people] = month
        self.ev_day[people] = day

    def _add_rows(self, people, products, eff, month: int) -> None:
        """New subscriptions, unknown before `month`, active from `eff`; rows stay sorted by
        person and product (the other_lines and the file order rely on it)."""
        k = people.size
        self.r_person = np.concatenate([self.r_person, people])
        self.r_product = np.concatenate([self.r_product, products])
        self.r_lo_b = np.concatenate([self.r_lo_b, np.full(k, NEVER)])
        self.r_hi_b = np.concatenate([self.r_hi_b, np.full(k, NEVER)])
        self.r_lo_a = np.concatenate([self.r_lo_a, eff])
        self.r_hi_a = np.concatenate([self.r_hi_a, np.full(k, NEVER)])
        self.r_chg_proc = np.concatenate([self.r_chg_proc, np.full(k, month)])
        order = np.lexsort((self.r_product, self.r_person))
        for name in ("r_person", "r_product", "r_lo_b", "r_hi_b", "r_lo_a", "r_hi_a",
                     "r_chg_proc"):
            setattr(self, name, getattr(self, name)[order].astype(np.int64))
        # 99 lines chosen earlier point at rows by position: renumber them.
        inverse = np.empty_like(order)
        inverse[order] = np.arange(order.size)
        self.other_lines = [(m, inverse[r], a) for m, r, a in self.other_lines]

    # what a month costs
    def owed(self, k: int, known: int, known_discount: int, disc: tuple[int, int],
             whole_month: bool = False):
        """Gross, collective and other discount per subscription row for month `k`, knowing
        the personal events processed up to month `known` and the discount change up to
        `known_discount`. `whole_month`: the P line (insured on the first day, full month)."""
        p = self.r_person
        first, nxt = int(first_day(k)), int(first_day(k + 1))
        dim = nxt - first
        end = np.where(known >= self.end_proc[p], self.end_day[p], NEVER)
        start = self.start_day[p]
        if whole_month:
            days = np.where((start <= first) & (end >= first), dim, 0)
        else:
            days = np.clip(np.minimum(end + 1, nxt) - np.maximum(start, first), 0, dim)
        changed = known >= self.r_chg_proc
        lo = np.where(changed, self.r_lo_a, self.r_lo_b)
        hi = np.where(changed, self.r_hi_a, self.r_hi_b)
        active = (known >= self.join_proc[p]) & (lo <= k) & (k < hi) & (days > 0)
        basis = self.is_basis[self.r_product]
        adult = (k >= self.adult_month[p]) & (known >= self.adult_proc[p])
        gross = np.where(basis & ~adult, 0, self.price[self.r_product])
        new_bp = (known_discount >= disc[1]) & (k >= disc[0])
        bp = np.where(new_bp, self.bp_new[self.r_product], self.bp_old[self.r_product])
        coll = _round_div(gross * bp, 10_000)
        ded_known = (known >= self.ded_proc[p]) & (k >= self.ded_eff[p])
        other = np.where(basis & adult, np.where(ded_known, self.ded_new[p], self.ded_old[p]), 0)
        out = []
        for amount in (gross, coll, other):
            amount = np.where(days == dim, amount, _round_div(amount * days, dim))
            out.append(np.where(active, amount, 0))
        return np.stack(out), active


def _pick_days(rng, months, end_of_month) -> np.ndarray:
    """A day in each month: its last day, or any day but the last."""
    first, nxt = first_day(months), first_day(np.asarray(months) + 1)
    some_day = first + rng.integers(0, nxt - first - 1)
    return np.where(end_of_month, nxt - 1, some_day).astype(np.int64)


def _valid_bsns(rng, n: int) -> np.ndarray:
    """Nine-digit numbers that pass the 11-proef (9a+8b+...+2h-1i divisible by 11)."""
    out = np.empty(0, dtype=np.int64).reshape(0, 9)
    weights = np.arange(9, 1, -1)
    while out.shape[0] < n:
        d = rng.integers(0, 10, size=(n + 16, 8))
        d[:, 0] = rng.integers(1, 10, n + 16)
        last = (d @ weights) % 11
        ok = last < 10
        out = np.concatenate([out, np.column_stack([d[ok], last[ok]])])
    return _digit_strings(out[:n])


def _break_bsn(bsns: np.ndarray) -> np.ndarray:
    """Change the last digit so the 11-proef fails."""
    out = bsns.copy()
    for i, b in enumerate(bsns):
        out[i] = b[:8] + str((int(b[8]) + 1) % 10)
    return out


def _digit_strings(digits: np.ndarray) -> np.ndarray:
    raw = (digits + 48).astype(np.uint8)
    return np.ascontiguousarray(raw).view(f"S{digits.shape[1]}").ravel().astype(str).astype(
        object)


# --- the borderels -------------------------------------------------------------------------

def generate_series(months: list[int], n_employees: int, seed: int,
                    collectivity: str = "555123456", name: str = "Synthetische Zorg B.V.",
                    employer_number: str = "4000123456", missing_employee_numbers: int = 0,
                    bsn_problems: bool = True) -> list[Borderel]:
    """One borderel per month in `months` (YYYYMM; gaps are simulated but not returned) for a
    collectivity of `n_employees` employees at the start, about 2.9 insured each, plus about
    1,2 % joining families a month. The same arguments give the same borderels.

    `missing_employee_numbers`: how many employees have no werknemersnummer (a warning).
    `bsn_problems`: a few unknown BSNs and a few that fail the 11-proef (a warning), from 20
    insured on. Every month has at least one event of each kind when there are candidates, so
    a few months of a few dozen employees already show every mutatiecode."""
    wanted = sorted({month_index(m) for m in months})
    if not wanted or n_employees < 1:
        raise ValueError("need at least one month and one employee")
    rng = np.random.default_rng(seed)
    first, last = wanted[0], wanted[-1]
    world = _World(rng, n_employees, first, last, missing_employee_numbers, bsn_problems)
    # Aanvullend Best's discount rises from the first month on but is applied a month late
    # (code 08 in the second borderel), as in the samples.
    disc = (first, first + 1) if last > first else (first - 1, first)
    out = []
    for month in range(first, last + 1):
        lines = _month_lines(world, month, disc)
        if month in wanted:
            out.append(_borderel(world, month, lines, disc, collectivity, name, employer_number))
    return out


def _month_lines(w: _World, month: int, disc) -> dict[str, np.ndarray]:
    """All 20 records of `month` as columns (rows of the subscription table + amounts)."""
    parts = []
    p_amounts, p_active = w.owed(month, month, month, disc, whole_month=True)
    parts.append(_prolongation(np.flatnonzero(p_active), p_amounts, month))
    now, _ = w.owed(month, month, month, disc)
    parts.append(_part_diff(now - p_amounts, month, w, None, stage=1))
    for k in (month - 2, month - 1):
        before, _ = w.owed(k, month - 1, month - 1, disc)
        personal, _ = w.owed(k, month, month - 1, disc)
        after, _ = w.owed(k, month, month, disc)
        parts.append(_part_diff(personal - before, k, w, None, stage=1))
        parts.append(_part_diff(after - personal, k, w, int(first_day(disc[0])), stage=2))
    for proc, rows, amount in w.other_lines:
        if proc == month:
            zeros = np.zeros_like(amount)
            parts.append(_columns(rows, month - 1, CORRECTION, np.stack([amount, zeros, zeros]),
                                  np.full(rows.size, "99", dtype=object),
                                  np.full(rows.size, int(first_day(month - 1))), stage=3))
    cols = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    # File order: by person, P before C, then premium month, stage and subscription row.
    order = np.lexsort((cols["row"], cols["stage"], cols["month"], cols["kind"] == CORRECTION,
                        w.r_person[cols["row"]]))
    return {key: v[order] for key, v in cols.items()}


def _prolongation(rows, amounts, month):
    n = rows.size
    return _columns(rows, month, PROLONGATION, amounts[:, rows], np.full(n, "00", dtype=object),
                    np.full(n, NEVER), stage=0)


def _part_diff(diff: np.ndarray, k: int, w: _World, day: int | None, stage: int):
    rows = np.flatnonzero((diff != 0).any(axis=0))
    people = w.r_person[rows]
    if day is None:
        codes = w.ev_code[people]
        if (codes == EV_NONE).any():  # the simulation's invariant: never a code-less change
            raise RuntimeError("synth: a correction without an event")
        code_text = _CODE[codes]
        days = w.ev_day[people]
    else:
        code_text = np.full(rows.size, "08", dtype=object)
        days = np.full(rows.size, day)
    return _columns(rows, k, CORRECTION, diff[:, rows], code_text, days, stage)


def _columns(rows, month, kind, amounts, codes, days, stage):
    n = rows.size
    return {
        "row": rows.astype(np.int64),
        "kind": np.full(n, kind, dtype=object),
        "month": np.full(n, month, dtype=np.int64),
        "gross": amounts[0].astype(np.int64),
        "coll": amounts[1].astype(np.int64),
        "other": amounts[2].astype(np.int64),
        "code": codes,
        "day": np.asarray(days, dtype=np.int64),
        "stage": np.full(n, stage, dtype=np.int64),
    }


def _borderel(w: _World, month: int, lc: dict, disc, collectivity, name, employer_number):
    products = pd.DataFrame({
        "product_code": np.array([p[0] for p in PRODUCTS], dtype=object),
        "product_kind": np.array([p[1] for p in PRODUCTS], dtype=object),
        "description": np.array([p[2] for p in PRODUCTS], dtype=object),
        "discount_bp": np.where(month >= disc[1], w.bp_new, w.bp_old).astype(np.int64),
        "line_number": np.arange(2, 2 + len(PRODUCTS), dtype=np.int64),
    })
    people = w.r_person[lc["row"]]
    present = np.zeros(w.n, dtype=bool)
    present[people] = True
    present[w.holder[present]] = True
    idx = np.flatnonzero(present)
    end_known = month >= w.end_proc[idx]
    insured = pd.DataFrame({
        "relation_number": w.relation[idx],
        "policyholder": w.relation[w.holder[idx]],
        "role": w.role[idx],
        "employee_number": w.employee_number[idx],
        "bsn": w.bsn[idx],
        "surname": w.surname[idx],
        "prefix": w.prefix[idx],
        "initials": w.initials[idx],
        "name": _display_names(w.initials[idx], w.prefix[idx], w.surname[idx]),
        "birth_date": _days(w.birth_day[idx]),
        "gender": w.gender[idx],
        "start_date": _days(w.start_day[idx]),
        "end_date": _days(np.where(end_known, w.end_day[idx], NEVER)),
    })
    codes = np.array([p[0] for p in PRODUCTS], dtype=object)
    gross, coll, other = lc["gross"], lc["coll"], lc["other"]
    lines = pd.DataFrame({
        "relation_number": w.relation[people],
        "line_kind": lc["kind"],
        "premium_month": month_number(lc["month"]).astype(np.int64),
        "product_code": codes[w.r_product[lc["row"]]],
        "gross_cent": gross,
        "collective_discount_cent": coll,
        "other_discount_cent": other,
        "net_cent": gross - coll - other,
        "mutation_code": lc["code"],
        "mutation_date": _days(lc["day"]),
    })
    n10, n20 = file_line_numbers(len(products), insured["relation_number"],
                                 lines["relation_number"])
    insured["line_number"] = n10.astype(np.int64)
    lines["line_number"] = n20.astype(np.int64)
    created = first_day(month) + 2 + month % 3
    header = Header(
        collectivity_number=collectivity,
        collectivity_name=name,
        prolongation_month=int(month_number(month)),
        creation_date=dt.date(1970, 1, 1) + dt.timedelta(days=int(created)),
        employer_number=employer_number,
        sequence=1,
    )
    return Borderel(header=header, products=products, insured=insured, lines=lines,
                    trailer=compute_trailer(insured, lines),
                    source=f"synth-{int(month_number(month))}.dat")


def _display_names(initials, prefix, surname) -> np.ndarray:
    """'J.H. van der Berg': the non-empty parts, single spaces."""
    return np.array([" ".join(x for x in parts if x)
                     for parts in zip(initials, prefix, surname, strict=True)], dtype=object)


def generate_file_lines(n_lines: int, seed: int, month: int = 202603) -> bytes:
    """The cp1252 bytes of one borderel of about `n_lines` lines (for benches)."""
    probe = max(50, min(2000, n_lines // 10))
    sample = generate_series([month], probe, seed)[0]
    per_employee = (len(sample.insured) + len(sample.lines)) / probe
    n_employees = max(1, round((n_lines - 2 - len(PRODUCTS)) / per_employee))
    return write_borderel(generate_series([month], n_employees, seed)[0])
