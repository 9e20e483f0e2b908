"""Draw the Digibord icon: resources/icons/digibord.png (256 px) and .ico (16-256 px), and with
--svg also digibord.svg (the window's icon, which the UI keeps; only written when asked).

A blue tile with a white statement sheet (a title bar and table rows) and a green tick: "the
borderel, checked". One list of shapes on a 256-unit grid feeds both Pillow and the SVG, so the
three files always show the same picture. Run it again only when the design changes:

    python tools/make_icon.py [--svg]
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
SCALE = 4  # drawn at 1024 px and scaled down: Pillow draws without anti-aliasing
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]

BLUE = "#1f4e79"
WHITE = "#ffffff"
GREY = "#9fb3c8"
INK = "#1f4e79"
GREEN = "#2e9d5b"

# (kind, box x0 y0 x1 y1 on the 256 grid, corner radius, colour)
SHAPES = [
    ("rect", (8, 8, 248, 248), 44, BLUE),
    ("rect", (58, 36, 198, 220), 12, WHITE),
    ("rect", (76, 58, 180, 74), 4, INK),  # title bar of the statement
    ("rect", (76, 92, 180, 102), 3, GREY),
    ("rect", (76, 116, 180, 126), 3, GREY),
    ("rect", (76, 140, 150, 150), 3, GREY),
    ("circle", (136, 136, 224, 224), 0, GREEN),
]
# The tick inside the green circle, as a polyline with a stroke width.
TICK = [(158, 181), (174, 197), (203, 164)]
TICK_WIDTH = 12


def draw_png(size: int = 256) -> Image.Image:
    big = 256 * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for kind, box, radius, colour in SHAPES:
        scaled = tuple(v * SCALE for v in box)
        if kind == "circle":
            draw.ellipse(scaled, fill=colour)
        else:
            draw.rounded_rectangle(scaled, radius=radius * SCALE, fill=colour)
    points = [(x * SCALE, y * SCALE) for x, y in TICK]
    draw.line(points, fill=WHITE, width=TICK_WIDTH * SCALE, joint="curve")
    r = TICK_WIDTH * SCALE // 2  # round line ends, as in the SVG
    for x, y in (points[0], points[-1]):
        draw.ellipse((x - r, y - r, x + r, y + r), fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def svg_text() -> str:
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" '
             'viewBox="0 0 256 256">']
    for kind, (x0, y0, x1, y1), radius, colour in SHAPES:
        if kind == "circle":
            parts.append(f'  <circle cx="{(x0 + x1) / 2:g}" cy="{(y0 + y1) / 2:g}" '
                         f'r="{(x1 - x0) / 2:g}" fill="{colour}"/>')
        else:
            parts.append(f'  <rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" '
                         f'rx="{radius}" fill="{colour}"/>')
    points = " ".join(f"{x},{y}" for x, y in TICK)
    parts.append(f'  <polyline points="{points}" fill="none" stroke="{WHITE}" '
                 f'stroke-width="{TICK_WIDTH}" stroke-linecap="round" '
                 'stroke-linejoin="round"/>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    image = draw_png(256)
    image.save(OUT / "digibord.png", optimize=True)
    image.save(OUT / "digibord.ico", sizes=ICO_SIZES)
    names = ["digibord.png", "digibord.ico"]
    if "--svg" in sys.argv[1:]:
        (OUT / "digibord.svg").write_text(svg_text(), encoding="utf-8")
        names.append("digibord.svg")
    for name in names:
        print(f"{OUT / name}: {(OUT / name).stat().st_size} bytes")


if __name__ == "__main__":
    main()
