"""The pay periods converted per collectivity (docs/reports.md "Salarisperiode 4 weken"): which
period a conversion is for by default, and the warnings when a period is converted twice or
one is skipped. Kept through a SettingsStore (digibord.app.collectivity_settings) under the
name `salarisperioden`: {"conversies": [{"soort", "jaar", "periode", "maand", "volgnummer",
"profiel", "op"}, ...]}."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from digibord.app.collectivity_settings import SettingsStore
from digibord.formats.borderel import month_text, parse_month_text
from digibord.formats.issues import Issue, issue
from digibord.reconcile.pay_period import PayPeriod, PayPeriodRef, from_index, periods_of_month
from digibord.reconcile.salary import period_words

NAME = "salarisperioden"


@dataclass(frozen=True)
class Conversion:
    """One import file written: its period, the borderel (month, volgnummer), the profile and
    when (ISO time)."""

    period: PayPeriodRef
    month: int
    sequence: int
    profile: str
    at: str

    def to_json(self) -> dict:
        return {"soort": self.period.kind.value, "jaar": self.period.year,
                "periode": self.period.number, "maand": month_text(self.month),
                "volgnummer": self.sequence, "profiel": self.profile, "op": self.at}

    @classmethod
    def from_json(cls, item: dict) -> Conversion | None:
        try:
            period = PayPeriodRef(PayPeriod(item["soort"]), int(item["jaar"]),
                                  int(item["periode"]))
            return cls(period, parse_month_text(item["maand"]), int(item.get("volgnummer", 1)),
                       str(item.get("profiel", "")), str(item.get("op", "")))
        except (KeyError, TypeError, ValueError):
            return None  # a record this version cannot read is left out, not fatal


class ConversionLog:
    def __init__(self, store: SettingsStore):
        self.store = store

    def conversions(self, collectivity: str, kind: PayPeriod | None = None) -> list[Conversion]:
        value = self.store.get_setting(collectivity, NAME) or {}
        items = value.get("conversies", []) if isinstance(value, dict) else []
        found = [c for c in (Conversion.from_json(i) for i in items if isinstance(i, dict))
                 if c is not None]
        return [c for c in found if kind is None or c.period.kind is kind]

    def record(self, collectivity: str, period: PayPeriodRef, month: int, sequence: int,
               profile: str, at: dt.datetime | None = None) -> None:
        value = self.store.get_setting(collectivity, NAME) or {}
        items = list(value.get("conversies", [])) if isinstance(value, dict) else []
        when = (at or dt.datetime.now()).isoformat(timespec="seconds")
        items.append(Conversion(period, month, sequence, profile, when).to_json())
        self.store.set_setting(collectivity, NAME, {"conversies": items})

    def default_pay_period(self, collectivity: str, month: int, kind: PayPeriod) -> int:
        """The next period not yet converted when the borderel of `month` is the one in force
        for it; else the first period of the month not yet converted; else the month's first."""
        numbers = periods_of_month(month, kind)
        done = {c.period.index for c in self.conversions(collectivity, kind)}
        year = month // 100
        if done:
            following = max(done) + 1
            for n in numbers:
                if PayPeriodRef(kind, year, n).index == following:
                    return n
        for n in numbers:
            if PayPeriodRef(kind, year, n).index not in done:
                return n
        return numbers[0]

    def warnings(self, collectivity: str, period: PayPeriodRef) -> list[Issue]:
        """Converting `period` again, or with periods skipped since the latest converted."""
        earlier = self.conversions(collectivity, period.kind)
        out: list[Issue] = []
        same = [c for c in earlier if c.period.index == period.index]
        if same:
            out.append(issue("profiles.period.twice", period=period_words(period),
                             when=", ".join(c.at.replace("T", " ") for c in same)))
        before = [c.period.index for c in earlier if c.period.index < period.index]
        if before and not same:
            done = {c.period.index for c in earlier}
            skipped = [i for i in range(max(before) + 1, period.index) if i not in done]
            if skipped:
                texts = [from_index(period.kind, i).text() for i in skipped[:26]]
                out.append(issue("profiles.period.skipped", period=period_words(period),
                                 periods=", ".join(texts), count=len(skipped)))
        return out

