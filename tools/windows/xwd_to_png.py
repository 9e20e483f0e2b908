"""Save the screen of an Xvfb server as PNG: `python xwd_to_png.py XWD_FILE PNG_FILE`.

Xvfb started with `-fbdir DIR` keeps its framebuffer in DIR/Xvfb_screen0 as an XWD image
(X Window Dump); this reads that file (24/32-bit TrueColor, as `-screen 0 WxHx24` makes) and
writes it with Pillow, so taking a screenshot needs no extra package. Prints the size and how
many distinct colours the image has (a blank screen has one).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PIL import Image

HEADER_FIELDS = 25  # CARD32 fields of XWDFileHeader, big-endian
Z_PIXMAP = 2


def read_xwd(path: Path) -> Image.Image:
    data = path.read_bytes()
    fields = struct.unpack(">25I", data[:4 * HEADER_FIELDS])
    (header_size, _version, pixmap_format, depth, width, height, _xoffset, byte_order,
     _bitmap_unit, _bit_order, _pad, bits_per_pixel, bytes_per_line, _visual_class,
     red_mask, green_mask, blue_mask, _bits_per_rgb, _entries, ncolors, *_window) = fields
    if pixmap_format != Z_PIXMAP or bits_per_pixel != 32 or depth < 24:
        raise SystemExit(f"{path}: expected a 24/32-bit ZPixmap, got format {pixmap_format}, "
                         f"depth {depth}, {bits_per_pixel} bits per pixel")
    start = header_size + 12 * ncolors  # window name, then the colour map
    pixels = data[start:start + bytes_per_line * height]
    # byte_order 0: least significant byte first, so red_mask 0xff0000 is the third byte (BGRX)
    order = {0xFF0000: "R", 0x00FF00: "G", 0x0000FF: "B"}
    by_shift = sorted(((red_mask, "R"), (green_mask, "G"), (blue_mask, "B")))
    if {m for m, _ in by_shift} != set(order):
        raise SystemExit(f"{path}: unexpected colour masks {red_mask:#x} {green_mask:#x} "
                         f"{blue_mask:#x}")
    low_first = "".join(c for _m, c in by_shift) + "X"  # BGRX when red is the highest byte
    raw_mode = low_first if byte_order == 0 else low_first[::-1]
    return Image.frombuffer("RGB", (width, height), pixels, "raw", raw_mode, bytes_per_line, 1)


def main(xwd: str, png: str) -> int:
    image = read_xwd(Path(xwd))
    image.save(png, optimize=True)
    colours = image.getcolors(maxcolors=1 << 16)
    count = len(colours) if colours is not None else ">65536"
    print(f"screenshot {png}: {image.width}x{image.height}, {count} colours")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
