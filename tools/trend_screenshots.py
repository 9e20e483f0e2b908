"""Screenshots of the archive as a history: the Overzicht of one collectivity and of every
collectivity, and a person's Geschiedenis, into docs/screenshots/.

An archive of a synthetic series (three years of one collectivity, a missing month, a second
collectivity) is made in a private DIGIBORD_HOME; runs under Xvfb when there is no display.

    python tools/trend_screenshots.py [--out docs/screenshots] [--lang nl]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from screenshot_session import REPO, start  # beside this script


def months(first: int, count: int) -> list[int]:
    index = (first // 100) * 12 + first % 100 - 1
    return [(i // 12) * 100 + i % 12 + 1 for i in range(index, index + count)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--lang", default="nl")
    args = parser.parse_args()
    session = start(args.out, args.lang, "digibord-trend-shots-")
    shot, wait_until = session.shot, session.wait_until

    from devtools.synth import generate_series
    from digibord.app.inputs import load_archived
    from digibord.archive import open_archive
    from digibord.formats.writer import write_borderel
    from digibord.ui.archive_prompt import NEVER, set_keep_policy
    from digibord.ui.documents import OpenedBorderel
    from digibord.ui.insured_columns import prepare_insured
    from digibord.ui.main_window import MainWindow
    from digibord.ui.person_dialog import PersonDialog
    from digibord.ui.views.overview import ALL

    archive = open_archive()
    held = [m for m in months(202301, 36) if m != 202405]
    batch = [archive.prepare(write_borderel(b), f"555123456_{b.header.prolongation_month}.dat")
             for b in generate_series(held, 400, seed=11)]
    batch += [archive.prepare(write_borderel(b), f"555000111_{b.header.prolongation_month}.dat")
              for b in generate_series(months(202401, 24), 150, seed=12,
                                       collectivity="555000111", name="Tweede Zorg B.V.")]
    archive.store(batch)

    set_keep_policy(NEVER)

    win = MainWindow()
    win.resize(1440, 900)
    win.show()
    win.show_view("overview")
    view = win.view("overview")
    wait_until(lambda: view.result is not None and not win.worker.busy)
    view.result = None
    view.choose("555123456")
    wait_until(lambda: view.result is not None and not win.worker.busy)
    shot(win, "overzicht")
    view.result = None
    view.choose(ALL)
    wait_until(lambda: view.result is not None and not win.worker.busy)
    shot(win, "overzicht_alle")

    borderel = load_archived("555123456", held[-1])
    doc = OpenedBorderel(Path(f"{held[-1]}.dat"), borderel,
                         prepared={"insured": prepare_insured(borderel)})
    summaries = archive.summaries("555123456")
    first = set(summaries[0][1].relation_numbers.tolist())
    last = set(summaries[-1][1].relation_numbers.tolist())
    middle = set(summaries[len(summaries) // 2][1].relation_numbers.tolist())
    joined = sorted((last & middle) - first) or sorted(last)
    dialog = PersonDialog(doc, joined[0], win)
    dialog.show()
    dialog.tabs.setCurrentIndex(1)
    wait_until(lambda: dialog.months is not None)
    shot(dialog, "verzekerde_geschiedenis")
    dialog.close()
    win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
