"""Screenshots of the built site in headless Debian Chromium (for the README and for review).

    ./scripts/screenshot [--site site] [--width 1280] [--height 800] PATH=OUT.png ...

Serves ``--site`` on 127.0.0.1 and saves each page PATH (e.g. /2022-11-02-…/15/) as OUT.png.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import threading
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--dark", action="store_true", help="prefer the dark colour scheme")
    parser.add_argument("shots", nargs="+", metavar="PATH=OUT.png")
    args = parser.parse_args()

    handler = functools.partial(_Quiet, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=FLAGS)
            page = browser.new_page(
                viewport={"width": args.width, "height": args.height},
                color_scheme="dark" if args.dark else "light",
            )
            for shot in args.shots:
                path, out = shot.split("=", 1)
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=out)
                print(f"{base}{path} -> {out}")
            browser.close()
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
