"""A view that forgets one of its hooks fails when it is defined, not when a user clicks."""

from __future__ import annotations

import pytest

from digibord.ui.views import VIEW_CLASSES
from digibord.ui.views.base import BorderelView
from digibord.ui.views.reports import ReportView


def test_every_shipped_view_gives_its_hooks():
    for cls in VIEW_CLASSES:
        for name in cls.HOOKS:
            assert not getattr(getattr(cls, name), "is_hook", False), (cls, name)


def test_a_view_without_show_document_is_refused():
    with pytest.raises(TypeError, match="show_document"):
        type("Forgetful", (BorderelView,), {"view_id": "x"})


def test_a_report_view_without_its_hooks_is_refused():
    with pytest.raises(TypeError, match=r"compute_result.*totals_text"):
        type("HalfReport", (ReportView,), {"view_id": "y"})
    partial = type("Intermediate", (ReportView,), {"ABSTRACT": True})
    assert issubclass(partial, ReportView)
