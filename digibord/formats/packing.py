"""Short texts packed into one integer per row, for the reader's checks (which run in `check`,
without pandas), the frames and the reports: numpy only, so that importing it never loads
pandas."""

from __future__ import annotations

import numpy as np

PACKED_WIDTH = 8  # characters (bytes) that fit one uint64


def packed_text(values: np.ndarray) -> np.ndarray | None:
    """One uint64 per text, equal exactly where the texts are and ordered as they are in
    code-point order (each character a byte, the first the highest: left-aligned, so texts of
    different widths order as texts too; trailing NULs, which numpy's fixed-width strings
    drop, count for nothing). `values`: fixed-width strings ('U', or 'S' bytes) or a 2-D block
    of byte values, one row per text (the reader's blocks). None where they do not fit: wider
    than 8 characters, a code point of 256 or more, or any other kind of array."""
    values = np.asarray(values)
    kind = values.dtype.kind
    if values.ndim == 2 and kind in "ui":
        n, width = values.shape
    elif values.ndim == 1 and kind in "US":
        n, width = len(values), values.dtype.itemsize // (4 if kind == "U" else 1)
    else:
        return None
    if n == 0 or width == 0:  # (no text, or all empty: they fit whatever the width)
        return np.zeros(n, dtype=np.uint64)
    if width > PACKED_WIDTH:
        return None
    if values.ndim == 2:
        block = values
    else:  # the characters' code points (bytes) as a block
        block = values.view(np.uint32 if kind == "U" else np.uint8).reshape(n, width)
    if block.dtype != np.uint8 and (int(block.max()) >= 256 or (
            block.dtype.kind == "i" and int(block.min()) < 0)):
        return None
    # one copy of the bytes instead of a shift and an or per character position: a whole
    # word read big-endian, else character j into byte 7 - j of a little-endian word (the
    # faster copy of each, measured)
    if width == PACKED_WIDTH:
        grid = np.ascontiguousarray(block, dtype=np.uint8)
        return grid.view(">u8").reshape(n).astype(np.uint64)
    grid = np.zeros((n, PACKED_WIDTH), dtype=np.uint8)
    grid[:, PACKED_WIDTH - width:] = block[:, ::-1]
    return grid.view("<u8").reshape(n).astype(np.uint64, copy=False)
