"""Identities of reports 2-4 over synthetic month series (digibord.synth), property-based."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from digibord.reconcile.corrections import compute_corrections
from digibord.reconcile.diff import compute_diff
from digibord.reconcile.salary import (
    ContributionFor,
    ContributionOn,
    PayPeriod,
    SalaryOptions,
    compute_salary,
)
from digibord.synth import generate_series


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(1, 40), start=st.sampled_from([202511, 202601]),
       gap=st.integers(1, 3))
def test_series_identities(seed, n, start, gap):
    months = [start, start + gap]
    van, tot = generate_series(months, n, seed, bsn_problems=False)
    for all_rows in (False, True):
        d = compute_diff(van, tot, include_unchanged=all_rows)
        assert d.total_from_cent == van.trailer.total_prolongation_cent
        assert d.total_to_cent == tot.trailer.total_prolongation_cent
        assert int(d.rows["difference_cent"].sum()) == d.total_difference_cent
        assert int(d.shown_rows()["difference_cent"].sum()) == d.total_difference_cent
        assert int(d.employees["difference_cent"].sum()) == d.total_difference_cent
    for b in (van, tot):
        c = compute_corrections([b])
        assert c.total_net_cent == b.trailer.total_corrections_cent
        assert int(c.employees["net_cent"].sum()) == c.total_net_cent
        s = compute_salary(b, SalaryOptions(on=ContributionOn.TOTAL,
                                            for_=ContributionFor.EVERYONE, percent_bp=10000))
        assert s.total_premium_cent + s.total_correction_cent == b.trailer.total_due_cent
        assert s.total_contribution_cent == s.total_premium_cent  # 100 % of everything
        s4 = compute_salary(b, SalaryOptions(period=PayPeriod.FOUR_WEEKS, amount_cent=2500))
        assert s4.total_correction_cent == b.trailer.total_corrections_cent
        assert (s4.rows["contribution_cent"] <= 2500 * 12 // 13 + 1).all()
    both = compute_corrections([tot, van])
    assert both.total_net_cent == (van.trailer.total_corrections_cent
                                   + tot.trailer.total_corrections_cent)
