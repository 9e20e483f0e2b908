"""PyInstaller runtime hook of both programs: import Python modules from one shared archive.

PyInstaller embeds a module archive (PYZ) in every executable; with two programs that is the
same 11.5 MB twice. build_installer.spec therefore gives each .exe only a tiny archive (the few
modules PyInstaller's own bootstrap imports before any runtime hook runs: ctypes) and puts the
whole archive once into the bundle as `_internal/modules.pyz`. This hook, the first code of
ours that runs, points PyInstaller's importer at that file.

It uses PyInstaller's loader internals (`pyimod02_importers.pyz_archive`, `PyiFrozenFinder`);
the frozen self-test fails at once if a PyInstaller upgrade changes them.
"""

import os
import sys

import pyimod01_archive
import pyimod02_importers

SHARED = os.path.join(sys._MEIPASS, "modules.pyz")


def _use_shared_archive() -> None:
    archive = pyimod01_archive.ZlibArchiveReader(SHARED, 0, check_pymagic=True)
    pyimod02_importers.pyz_archive = archive
    pyimod02_importers._pyz_tree = None  # the module tree is recomputed from the new archive
    # Finders made so far hold the small archive; new ones (made on the next import) take ours.
    for path, finder in list(sys.path_importer_cache.items()):
        if isinstance(finder, pyimod02_importers.PyiFrozenFinder):
            del sys.path_importer_cache[path]


_use_shared_archive()
del _use_shared_archive
