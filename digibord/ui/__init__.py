"""The desktop window (PySide6). The only package of Digibord that imports Qt."""

from digibord.ui.compat import pin_singletons

pin_singletons()  # before any Qt call: see compat.py
