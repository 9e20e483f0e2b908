"""The administrator's guide: F1 (Help – Handleiding) opens it in the window, offline, with its
screenshots; every image it names exists; the bundle spec carries the guide and exactly those
images; an installation without the guide says where it should have been."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QKeySequence, QTextDocument
from PySide6.QtWidgets import QMessageBox

from digibord.i18n import tr
from digibord.ui import help as ui_help
from digibord.ui import main_window

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
GUIDE = DOCS / "handleiding.md"
GUIDES = {"nl": GUIDE, "en": DOCS / "handleiding.en.md"}
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


def guide_images(path: Path = GUIDE) -> list[str]:
    return IMAGE.findall(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_every_image_the_guide_names_exists(lang):
    images = guide_images(GUIDES[lang])
    assert len(images) >= 15
    missing = [name for name in images if not (DOCS / name).is_file()]
    assert not missing, f"{GUIDES[lang].name} names images that are not there: {missing}"
    not_png = [name for name in images if (DOCS / name).read_bytes()[:8] != b"\x89PNG\r\n\x1a\n"]
    assert not not_png


def test_the_guide_covers_what_the_administrator_needs():
    text = GUIDE.read_text(encoding="utf-8")
    for heading in ("## 1. Installeren op Windows", "## 3. De maandelijkse ronde",
                    "## 4. Meldingen", "## 5. Het archief en de sleutel",
                    "## 6. De opdrachtregel"):
        assert heading in text
    for words in ("geen beheerdersrechten", "archive.sqlite3", "archive.key", "Referentiebeheer",
                  "nieuwe pc", "digibord import", "F1"):
        assert words in text


def test_f1_is_the_guide(window, monkeypatch):
    action = window.action("help.guide")
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    assert action in window._menus["ui.menu.help"].actions()
    assert action.text() == tr("guide.action")
    assert window.action("help.about").shortcut().isEmpty()  # F1 is no longer Over Digibord
    opened = []
    monkeypatch.setattr(main_window, "show_guide", opened.append)
    window.activateWindow()
    window.setFocus()
    window.action("help.guide").trigger()
    assert opened == [window]


def test_f1_key_opens_the_guide_with_its_images(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: getattr(window, "guide_window", None) is not None
                    and window.guide_window.isVisible(), timeout=5000)
    guide = window.guide_window
    assert guide.path == GUIDE
    text = guide.browser.toPlainText()
    assert text.startswith("Handleiding Digibord")
    assert "De maandelijkse ronde, stap voor stap" in text
    assert "![" not in text and "](" not in text  # rendered, not shown as Markdown
    base = QUrl.fromLocalFile(str(GUIDE))
    limit = guide.browser.image_width_limit()
    assert limit < guide.browser.viewport().width()
    for name in guide_images():
        image = guide.browser.loadResource(int(QTextDocument.ResourceType.ImageResource.value),
                                           base.resolved(QUrl(name)))
        assert isinstance(image, QImage) and not image.isNull(), name
        assert image.width() <= limit, name
    qtbot.waitUntil(lambda: guide.browser.verticalScrollBar().maximum() > 0, timeout=5000)
    assert guide.browser.horizontalScrollBar().maximum() == 0  # nothing sticks out sideways
    guide.resize(700, 600)  # narrower: the screenshots follow
    qtbot.waitUntil(lambda: guide.browser.image_width_limit() < limit, timeout=5000)
    qtbot.waitUntil(lambda: guide.browser.horizontalScrollBar().maximum() == 0, timeout=5000)
    # F1 again raises the same window instead of opening a second one
    window.action("help.guide").trigger()
    assert window.guide_window is guide
    guide.close()


def test_the_guide_falls_back_to_dutch(tmp_path):
    (tmp_path / "handleiding.md").write_text("# Handleiding\n", encoding="utf-8")
    assert ui_help.guide_path("en", tmp_path) == tmp_path / "handleiding.md"
    (tmp_path / "handleiding.en.md").write_text("# Guide\n", encoding="utf-8")
    assert ui_help.guide_path("en", tmp_path) == tmp_path / "handleiding.en.md"
    assert ui_help.guide_path("nl", tmp_path) == tmp_path / "handleiding.md"
    assert ui_help.guide_path("nl", tmp_path / "none") is None


def test_without_the_guide_the_window_says_where_it_belongs(window, tmp_path, monkeypatch):
    monkeypatch.setattr(ui_help, "docs_dir", lambda: tmp_path)
    said = []
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text: said.append((title, text)))
    assert ui_help.show_guide(window) is None
    assert said == [(tr("guide.title"), tr("guide.missing", folder=str(tmp_path)))]
    assert str(tmp_path) in said[0][1]


def test_the_bundle_spec_carries_the_guide_and_its_images(tmp_path, monkeypatch):
    lines = [line for line in (REPO / "build_installer.spec").read_text(encoding="utf-8")
             .splitlines() if "handleiding" in line and line.startswith("datas +=")]
    assert len(lines) == 1
    space = {"ROOT": REPO, "Path": Path, "re": re, "datas": []}
    exec(lines[0], space)
    bundled = {(Path(src).relative_to(REPO).as_posix(), dest) for src, dest in space["datas"]}
    wanted = {(f"docs/{path.name}", "docs") for path in GUIDES.values()}
    wanted |= {(f"docs/{name}", str(Path("docs", name).parent))
               for path in GUIDES.values() for name in guide_images(path)}
    assert bundled == wanted
    assert ui_help.docs_dir() == DOCS  # a checkout
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert ui_help.docs_dir() == tmp_path / "docs"  # the bundle: where the spec puts it


@pytest.mark.parametrize("lang", sorted(GUIDES))
def test_the_messages_the_guide_explains_are_the_programs_own(lang):
    """Chapter 4 quotes each message as it begins in the catalogs of the guide's language (…
    where the message has a name, number or amount): a message reworded in a catalog shows up
    here."""
    segments = [re.split(r"\{[^}]*\}", text)
                for path in sorted((REPO / "resources" / "translations" / lang).glob("*.json"))
                for text in json.loads(path.read_text(encoding="utf-8")).values()]
    text = GUIDES[lang].read_text(encoding="utf-8")
    chapter = text[text.index("## 4. "):text.index("## 5. ")]
    quoted = [line.split(" | ")[0][2:].strip() for line in chapter.splitlines()
              if line.startswith("| ") and not line.startswith(("| ---", "| melding", "| message"))]
    assert len(quoted) >= 30
    unknown = []
    for cell in quoted:
        for alternative in re.sub(r"\s*\((waarschuwing|warning)\)$", "", cell).split(" / "):
            pieces = [p.strip(" .") for p in alternative.split("…") if p.strip(" .")]
            if not any(all(any(p in s for s in segs) for p in pieces) for segs in segments):
                unknown.append(alternative)
    assert not unknown, f"{GUIDES[lang].name} quotes messages no catalog has: {unknown}"


def test_in_english_f1_opens_the_english_guide(window):
    window.set_language("en")
    try:
        guide = ui_help.show_guide(window)
        assert guide.path == GUIDES["en"]
        assert guide.windowTitle() == "Digibord user guide"
        assert guide.browser.toPlainText().startswith("Digibord user guide")
        window.set_language("nl")
        assert ui_help.show_guide(window).path == GUIDE  # a new window, in Dutch
        assert not guide.isVisible()
    finally:
        window.set_language("nl")
