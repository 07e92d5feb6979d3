#!/usr/bin/env python3
"""Writes a folder into a zip archive whose bytes depend only on the files' paths and contents.

Usage: pack.py DIR OUT.zip

Store reviewers rebuild the extension from source and compare it with what was uploaded, so two
runs of `./build.sh package` must give the same bytes (docs/reproducible-build.md). What
`python3 -m zipfile -c` writes varies with everything but the content: the order the file
system lists entries in, each file's modification time, its permission bits and the directory
entries. Here: regular files only (no directory entries; browsers do not need them), sorted by
their path in the archive, all with one timestamp, mode 0644, made on "Unix", deflated at
level 9. The timestamp is SOURCE_DATE_EPOCH when set (the usual convention for reproducible
builds), else 1980-01-01 00:00, the earliest a zip can hold.

The compressed bytes also depend on the zlib Python links against; the files inside do not.
"""

import os
import sys
import time
import zipfile

EARLIEST = (1980, 1, 1, 0, 0, 0)


def timestamp():
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return EARLIEST
    t = time.gmtime(int(epoch))
    # A zip's DOS time has 2-second steps and cannot go before 1980.
    return max(EARLIEST, (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec - t.tm_sec % 2))


def files_under(root):
    out = []
    for here, dirs, names in os.walk(root):
        for n in names:
            full = os.path.join(here, n)
            if os.path.islink(full) or not os.path.isfile(full):
                sys.exit(f"pack.py: {full} is not a regular file; a package holds only files")
            out.append((os.path.relpath(full, root).replace(os.sep, "/"), full))
    # Sorted on the archive path's bytes, so the order is the same under any locale or OS.
    return sorted(out, key=lambda p: p[0].encode())


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: pack.py DIR OUT.zip")
    root, dest = sys.argv[1], sys.argv[2]
    if not os.path.isdir(root):
        sys.exit(f"pack.py: {root} is not a folder")
    when = timestamp()
    entries = files_under(root)
    if not entries:
        sys.exit(f"pack.py: {root} holds no files")
    tmp = dest + ".tmp"
    with zipfile.ZipFile(tmp, "w") as z:
        for name, full in entries:
            info = zipfile.ZipInfo(name, date_time=when)
            info.create_system = 3  # Unix, so external_attr is read as a mode
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(full, "rb") as f:
                z.writestr(info, f.read(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    os.replace(tmp, dest)


if __name__ == "__main__":
    main()
