"""Screenshots of the Maandafsluiting panel and the Looncomponenten en instellingen dialog into
docs/screenshots/ (maandafsluiting*.png, looncomponenten.png).

Runs the real window on an X server (under Xvfb when there is no display), with a private data
folder and the in-memory keyring of devtools/, so nothing of the user's is touched.

    python tools/screenshots_month_end.py [--out docs/screenshots] [--lang nl]
"""

from __future__ import annotations

import argparse
import sys

from screenshot_session import REPO, start  # beside this script


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--lang", default="nl")
    args = parser.parse_args()
    session = start(args.out, args.lang, "digibord-shots-")
    settle, shot, wait_until, home = session.settle, session.shot, session.wait_until, session.home

    from digibord.app import month_end
    from digibord.app.remembered import ConversionSettings, remember
    from digibord.archive import open_archive
    from digibord.ui.archive_prompt import NEVER, set_keep_policy
    from digibord.ui.main_window import MainWindow

    samples = REPO / "tests" / "data" / "samples"
    set_keep_policy(NEVER)

    def idle() -> None:
        def quiet() -> bool:
            tasks = getattr(win, "month_end_tasks", None)
            return not (win.loader.busy or win.worker.busy or (tasks is not None and tasks.busy))

        wait_until(quiet)
        settle()

    # February kept in the archive, March's corrections printed from the command line earlier
    archive = open_archive()
    archive.import_file(samples / "2026-02_01.dat")
    folder = home / "salaris"
    folder.mkdir()
    remember("123456789", ConversionSettings(amount_cent=2500, profile="nmbrs",
                                             folder=str(folder)))
    month_end.done("123456789", 202602, "openen", {"file": "2026-02_01.dat"})
    month_end.done("123456789", 202602, "omzetten", {"file": "salaris_2026-02.csv",
                                                     "profile": "nmbrs", "employees": 6})

    win = MainWindow()
    win.resize(1500, 860)
    win.show()
    idle()
    shot(win.month_end_dock, "maandafsluiting_leeg")
    win.open_files([samples / "2026-03_01.dat"])
    idle()
    win.month_end_panel.b_compare.click()
    idle()
    month_end.done("123456789", 202603, "printen", part="correctiepremies")
    win.month_end_panel.refresh()
    idle()
    shot(win, "maandafsluiting")
    shot(win.month_end_dock, "maandafsluiting_paneel")
    win.month_end_panel.components_button.click()
    idle()
    wait_until(lambda: getattr(win, "components_dialog", None) is not None, 10)
    dialog = getattr(win, "components_dialog", None)
    if dialog is not None:
        idle()
        shot(dialog, "looncomponenten")
        dialog.close()
    win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
