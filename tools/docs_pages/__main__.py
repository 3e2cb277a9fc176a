"""``python tools/docs_pages OUTDIR``: write every generated page under OUTDIR."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docs_pages import main

raise SystemExit(main(sys.argv[1:]))
