"""Keeping opened files in the archive: asked once ("Altijd / Nooit / Nu niet"; the first two
are remembered in the settings), then the import runs through the archive API on the worker.

Files opened together get one question, asked when the last of them is in, that names every
one of them by month; the bundled demo months are never kept, whatever the answer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from digibord.app.archive import import_files
from digibord.errors import CommandRefused
from digibord.i18n import tr
from digibord.paths import resource
from digibord.ui import settings as ui_settings
from digibord.ui.documents import OpenedBorderel

if TYPE_CHECKING:
    from digibord.ui.main_window import MainWindow

ALWAYS, NEVER = "always", "never"


def keep_policy() -> str:
    """'always', 'never' or '' (not decided yet)."""
    value = ui_settings.settings().value("archive/keep_opened", "", str)
    return value if value in (ALWAYS, NEVER) else ""


def set_keep_policy(value: str) -> None:
    ui_settings.settings().setValue("archive/keep_opened", value)


def is_demo(path: str | Path) -> bool:
    try:
        return Path(path).resolve().is_relative_to(resource("demo").resolve())
    except OSError:
        return False


def keepable(doc: OpenedBorderel) -> bool:
    """Opened from a file the archive does not hold, and not a demo month. (in_archive None:
    the archive could not be read; then it is not touched.)"""
    return doc.in_archive is False and doc.entry is None and not is_demo(doc.path)


def offer_archive(window: MainWindow, doc: OpenedBorderel) -> None:
    """After a file opened: import it when the user said "altijd"; when undecided, it waits
    for the question asked once the files being opened are all in (`ask_pending`)."""
    if not keepable(doc):
        return
    policy = keep_policy()
    if policy == NEVER:
        return
    if policy == ALWAYS:
        import_documents(window, [doc])
        return
    if getattr(window, "_archive_not_now", False):
        return  # "nu niet" holds for this session
    pending = getattr(window, "_archive_pending", [])
    pending.append(doc)
    window._archive_pending = pending
    if not window.loader.busy:
        ask_pending(window)


def ask_pending(window: MainWindow) -> None:
    """One question about the opened files waiting for an answer, naming each by month (the
    window calls this when its loader has nothing left to open)."""
    if getattr(window, "_archive_asking", False) or keep_policy() == NEVER \
            or getattr(window, "_archive_not_now", False):
        return
    waiting = getattr(window, "_archive_pending", [])
    window._archive_pending = []
    docs = [d for d in window.documents.all() if d in waiting and keepable(d)]
    if not docs:
        return
    if keep_policy() == ALWAYS:  # answered while these were opening
        import_documents(window, docs)
        return
    window._archive_asking = True
    months = "\n".join(tr("ui.keep.month", month=d.label, file=d.path.name) for d in docs)
    box = QMessageBox(QMessageBox.Icon.Question, tr("ui.archive.ask_title"),
                      tr("ui.keep.ask_one" if len(docs) == 1 else "ui.keep.ask",
                         months=months), parent=window)
    box.setObjectName("archive_question")
    box.setInformativeText(tr("ui.keep.ask_info"))
    always = box.addButton(tr("ui.archive.always"), QMessageBox.ButtonRole.AcceptRole)
    never = box.addButton(tr("ui.archive.never"), QMessageBox.ButtonRole.DestructiveRole)
    not_now = box.addButton(tr("ui.archive.not_now"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(always)  # Enter: keep them (the answer the question recommends)
    box.setEscapeButton(not_now)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setProperty("buttons", {"always": always, "never": never, "not_now": not_now})
    box.setProperty("documents", docs)
    window.archive_question = box

    def answered(_result: int) -> None:
        window._archive_asking = False
        window.archive_question = None
        clicked = box.clickedButton()
        if clicked is always:
            set_keep_policy(ALWAYS)
            # the files named, and any opened while the question was open; never a demo
            import_documents(window, [d for d in window.documents.all() if keepable(d)])
        elif clicked is never:
            set_keep_policy(NEVER)
        else:
            window._archive_not_now = True
        window._archive_pending = []

    box.finished.connect(answered)
    box.open()


def import_documents(window: MainWindow, docs: list[OpenedBorderel]) -> None:
    """Import these files one after the other in one job (the archive is written by one hand
    at a time); a file the archive refuses does not stop the others."""
    docs = [d for d in docs if keepable(d)]
    if not docs:
        return
    paths = [d.path for d in docs]

    def work():
        stored, refused, key_message = [], [], None
        for path in paths:
            try:
                outcome = import_files([path])
            except CommandRefused as exc:  # e.g. this month and volgnummer kept already
                refused.append(str(exc))
                continue
            # refused: the file was read when opened, and changed on disk since then
            refused += [message for _name, message in outcome.refused]
            if outcome.stored:
                stored.append((path, outcome.stored[0][1]))
                key_message = key_message or outcome.key_message
        return stored, refused, key_message

    def done(payload) -> None:
        stored, refused, key_message = payload
        kept = {path for path, _result in stored}
        for doc in docs:
            if doc.path in kept:
                doc.in_archive = True
        if stored:
            window.notify(" ".join(result.message() for _path, result in stored), 10000)
        if key_message and not getattr(window, "_key_message_shown", False):
            window._key_message_shown = True  # once per session is enough to be told
            text = key_message[:1].upper() + key_message[1:]
            window.show_message(text, warning=True, title=tr("ui.archive.key_title"))
        if refused:
            window.show_failure(CommandRefused("\n".join(refused)))
        window.archive_changed()

    what = tr("ui.archive.importing", file=", ".join(p.name for p in paths))
    window.run_task(work, done, what)
