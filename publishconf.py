"""Production settings: everything in pelicanconf.py, served from the office's origin."""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F403

# The production origin; CI may override it with the WARTA_SITEURL variable.
SITEURL = os.environ.get("WARTA_SITEURL", "https://warta.karawangkab.go.id")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False
# The URL-permanence guard compares each production build with the live site's URL list.
PERMANENCE_PREVIOUS = f"{SITEURL}/urls.txt"
