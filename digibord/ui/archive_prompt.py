"""Keeping opened files in the archive: asked once ("Altijd / Nooit / Nu niet"; the first two
are remembered in the settings), then the import runs through the archive API on the worker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from digibord.app.archive import import_files
from digibord.errors import CommandRefused
from digibord.i18n import tr
from digibord.paths import resource
from digibord.ui import settings as ui_settings
from digibord.ui.documents import OpenedBorderel

ALWAYS, NEVER = "always", "never"


def keep_policy() -> str:
    """'always', 'never' or '' (not decided yet)."""
    value = ui_settings.settings().value("archive/keep_opened", "", str)
    return value if value in (ALWAYS, NEVER) else ""


def set_keep_policy(value: str) -> None:
    ui_settings.settings().setValue("archive/keep_opened", value)


def is_demo(path) -> bool:
    try:
        return Path(path).resolve().is_relative_to(resource("demo").resolve())
    except OSError:
        return False


def offer_archive(window, doc: OpenedBorderel) -> None:
    """After a file opened: import it when the user said "altijd", ask when undecided."""
    if doc.in_archive is not False:
        return  # already kept, or the archive could not be read (then do not touch it)
    if is_demo(doc.path):
        return  # the bundled example months do not belong in anybody's archive
    policy = keep_policy()
    if policy == NEVER:
        return
    if policy == ALWAYS:
        import_document(window, doc)
        return
    if getattr(window, "_archive_not_now", False) or getattr(window, "_archive_asking", False):
        return  # "nu niet" holds for this session; one question at a time
    window._archive_asking = True
    box = QMessageBox(QMessageBox.Icon.Question, tr("ui.archive.ask_title"),
                      tr("ui.archive.ask", file=doc.path.name), parent=window)
    box.setObjectName("archive_question")
    box.setInformativeText(tr("ui.archive.ask_info"))
    always = box.addButton(tr("ui.archive.always"), QMessageBox.ButtonRole.AcceptRole)
    never = box.addButton(tr("ui.archive.never"), QMessageBox.ButtonRole.DestructiveRole)
    not_now = box.addButton(tr("ui.archive.not_now"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(always)
    box.setEscapeButton(not_now)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setProperty("buttons", {"always": always, "never": never, "not_now": not_now})
    window.archive_question = box

    def answered(_result: int) -> None:
        window._archive_asking = False
        window.archive_question = None
        clicked = box.clickedButton()
        if clicked is always:
            set_keep_policy(ALWAYS)
            # every opened file that is not kept yet, not only the one that asked
            for other in window.documents.all():
                if other.in_archive is False and other.entry is None:
                    import_document(window, other)
        elif clicked is never:
            set_keep_policy(NEVER)
        else:
            window._archive_not_now = True

    box.finished.connect(answered)
    box.open()


def import_document(window, doc: OpenedBorderel) -> None:
    path = doc.path

    def work():
        outcome = import_files([path])
        if outcome.refused:  # the file was read when opened; changed on disk since then
            raise CommandRefused("\n".join(message for _name, message in outcome.refused))
        return outcome.stored[0][1], outcome.key_message

    def done(payload) -> None:
        result, key_message = payload
        doc.in_archive = True
        window.notify(result.message(), 10000)
        if key_message and not getattr(window, "_key_message_shown", False):
            window._key_message_shown = True  # once per session is enough to be told
            text = key_message[:1].upper() + key_message[1:]
            window.show_message(text, warning=True, title=tr("ui.archive.key_title"))
        window.archive_changed()

    window.run_task(work, done, tr("ui.archive.importing", file=path.name))
