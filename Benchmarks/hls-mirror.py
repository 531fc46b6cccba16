#!/usr/bin/env python3
"""Mirror one HLS media playlist and its segments into a folder, as a CDN edge pulls from an origin.

    hls-mirror.py URL DIR [--seconds N] [--poll 0.2]

Polls URL (a Swarmcast room's index.m3u8), fetches the init segment once and every complete
segment once, writes each file atomically (temporary name, then rename), and only then writes the
playlist, so a reader of DIR never sees a playlist naming a segment that is not there yet. The
copy is a plain HLS playlist: the Low-Latency tags (parts, preload hints, server control) are
dropped because a file server cannot answer blocking reloads. Segments that left the window are
deleted after one more window. Stops by itself after --seconds (default 600), or on SIGTERM.
Standard library only: the benchmark host needs nothing but python3.
"""
import argparse
import os
import signal
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

LOW_LATENCY_TAGS = ("#EXT-X-PART:", "#EXT-X-PART-INF:", "#EXT-X-PRELOAD-HINT:", "#EXT-X-SERVER-CONTROL:",
                    "#EXT-X-RENDITION-REPORT:", "#EXT-X-SKIP:")


def fetch(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return r.read()


def write_atomically(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def plain_playlist(text):
    """The playlist without LL-HLS tags, its URIs unchanged (segments sit beside it)."""
    out = []
    for line in text.splitlines():
        if line.startswith(LOW_LATENCY_TAGS):
            continue
        if line.startswith("#EXT-X-VERSION:"):
            line = "#EXT-X-VERSION:7"
        out.append(line)
    # A trailing PROGRAM-DATE-TIME for the open (part-only) segment has no EXTINF after it.
    while out and out[-1].startswith("#EXT-X-PROGRAM-DATE-TIME:"):
        out.pop()
    return "\n".join(out) + "\n"


def segment_uris(text):
    """URIs of complete segments (the line after each #EXTINF) and the EXT-X-MAP URI."""
    uris, init, after_inf = [], None, False
    for line in text.splitlines():
        if line.startswith("#EXT-X-MAP:"):
            init = line.split('URI="', 1)[1].split('"', 1)[0]
        elif line.startswith("#EXTINF:"):
            after_inf = True
        elif after_inf and line and not line.startswith("#"):
            uris.append(line)
            after_inf = False
    return init, uris


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("url")
    ap.add_argument("dir")
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--poll", type=float, default=0.2)
    a = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    os.makedirs(a.dir, exist_ok=True)
    name = os.path.basename(urllib.parse.urlparse(a.url).path)
    have, gone_at = set(), {}
    deadline = time.monotonic() + a.seconds
    errors = 0
    while time.monotonic() < deadline:
        try:
            text = fetch(a.url).decode()
            init, uris = segment_uris(text)
            for uri in ([init] if init else []) + uris:
                if uri not in have:
                    write_atomically(os.path.join(a.dir, uri), fetch(urllib.parse.urljoin(a.url, uri)))
                    have.add(uri)
            if uris:
                write_atomically(os.path.join(a.dir, name), plain_playlist(text).encode())
            now = time.monotonic()
            for uri in list(have):
                if uri != init and uri not in uris:
                    gone_at.setdefault(uri, now)
            for uri, t in list(gone_at.items()):
                if now - t > 30:
                    try:
                        os.remove(os.path.join(a.dir, uri))
                    except FileNotFoundError:
                        pass
                    have.discard(uri)
                    del gone_at[uri]
        except (urllib.error.URLError, OSError, UnicodeDecodeError) as e:
            errors += 1
            if errors in (1, 10, 100):
                print(f"hls-mirror: {a.url}: {e} (errors so far: {errors})", file=sys.stderr)
        time.sleep(a.poll)


if __name__ == "__main__":
    main()
