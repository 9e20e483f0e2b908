"""The views (tabs) of the main window, in tab order. Add a `BorderelView` subclass here."""

from __future__ import annotations

from digibord.ui.views.archive import ArchiveView
from digibord.ui.views.base import BorderelView
from digibord.ui.views.insured import InsuredView
from digibord.ui.views.overview import OverviewView
from digibord.ui.views.reports import CorrectionsView, DiffView

# Omzetten salarisborderel and Salaris controleren are dialogs (Borderel menu), not tabs.
VIEW_CLASSES: list[type[BorderelView]] = [
    InsuredView,
    CorrectionsView,
    DiffView,
    ArchiveView,
    OverviewView,
]

__all__ = ["VIEW_CLASSES", "BorderelView"]
