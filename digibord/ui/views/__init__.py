"""The views (tabs) of the main window, in tab order. Add a `BorderelView` subclass here."""

from __future__ import annotations

from digibord.ui.views.base import BorderelView
from digibord.ui.views.insured import InsuredView

VIEW_CLASSES: list[type[BorderelView]] = [
    InsuredView,
    # Correctiepremies, Prolongatieverschillen, Omzetten salarisborderel,
    # Salaris controleren, Archief: to come.
]

__all__ = ["VIEW_CLASSES", "BorderelView"]
