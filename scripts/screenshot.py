"""Screenshots of the built site in headless Debian Chromium (for the README and for review).

    ./scripts/screenshot [--site site] [--width 1280] [--height 800] PATH=OUT.png ...

Serves ``--site`` on 127.0.0.1 and saves each page PATH (e.g. /2022-11-02-…/15/) as OUT.png.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The browser the tests use, launched and served the same way.
from tests.conftest import CHROMIUM_FLAGS, chromium_path, serve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--dark", action="store_true", help="prefer the dark colour scheme")
    parser.add_argument("shots", nargs="+", metavar="PATH=OUT.png")
    args = parser.parse_args()

    chromium = chromium_path()
    if chromium is None:
        raise SystemExit("no Debian chromium: ./scripts/test installs it")
    with serve(args.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
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


if __name__ == "__main__":
    main()
