"""Production settings: everything in pelicanconf.py, served from the office's origin."""

import os
import runpy
from pathlib import Path

# pelicanconf.py's settings, read from beside this file wherever the build runs.
globals().update({k: v for k, v in runpy.run_path(str(Path(__file__).with_name("pelicanconf.py"))).items() if k.isupper()})

# The production origin; CI may override it with the WARTA_SITEURL variable.
SITEURL = os.environ.get("WARTA_SITEURL", "https://warta.karawangkab.go.id")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False
# The URL-permanence guard compares each production build with the live site's URL list.
PERMANENCE_PREVIOUS = f"{SITEURL}/urls.txt"
