#!/usr/bin/env python3
"""Draws KeyVeil's toolbar icons (a key cap behind a veil) as PNGs, without image libraries.

Run once when the design changes; the PNGs are committed so builds need no Python imaging.
"""
import struct
import sys
import zlib
from pathlib import Path


def png(size: int) -> bytes:
    rows = []
    for y in range(size):
        row = bytearray([0])  # filter: none
        for x in range(size):
            u, v = (x + 0.5) / size, (y + 0.5) / size
            # rounded key cap
            inset, r = 0.08, 0.18
            dx = max(inset + r - u, 0, u - (1 - inset - r))
            dy = max(inset + r - v, 0, v - (1 - inset - r))
            inside = dx * dx + dy * dy <= r * r and inset <= u <= 1 - inset and inset <= v <= 1 - inset
            if not inside:
                row += bytes((0, 0, 0, 0))
                continue
            # veil: diagonal stripes over the lower half
            stripe = v > 0.5 and int((u + v) * 8) % 2 == 0
            # keyhole: circle + stem in the upper half
            keyhole = ((u - 0.5) ** 2 + (v - 0.36) ** 2 <= 0.1 ** 2) or (abs(u - 0.5) <= 0.045 and 0.36 <= v <= 0.6)
            if keyhole:
                row += bytes((255, 255, 255, 255))
            elif stripe:
                row += bytes((20, 70, 120, 255))
            else:
                row += bytes((35, 110, 185, 255))
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


out = Path(sys.argv[1] if len(sys.argv) > 1 else "extension/icons")
out.mkdir(parents=True, exist_ok=True)
for s in (16, 32, 48, 128):
    (out / f"icon-{s}.png").write_bytes(png(s))
