"""The small shared helpers the window, the commands and the reports all use."""

from __future__ import annotations

import datetime as dt

import pytest

from digibord.formats.borderel import month_before
from digibord.formats.sheet_columns import column_letter, letter_number
from digibord.local_time import local_time_text


def test_local_time_text_shows_utc_in_local_time():
    utc = dt.datetime(2026, 3, 4, 9, 12, tzinfo=dt.UTC)
    expected = utc.astimezone().strftime("%d-%m-%Y %H:%M")
    assert local_time_text(utc.isoformat()) == expected
    assert local_time_text("2026-03-04T10:12:00") == "04-03-2026 10:12"  # no zone: local already


@pytest.mark.parametrize("given, shown", [(None, ""), ("", ""), ("gisteren", "gisteren")])
def test_local_time_text_of_no_time(given, shown):
    assert local_time_text(given) == shown


@pytest.mark.parametrize("month, before", [(202601, 202512), (202603, 202602), (202612, 202611)])
def test_month_before(month, before):
    assert month_before(month) == before


@pytest.mark.parametrize("index, letters", [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"),
                                            (702, "AAA")])
def test_column_letters_both_ways(index, letters):
    assert column_letter(index) == letters
    assert letter_number(letters) == index
