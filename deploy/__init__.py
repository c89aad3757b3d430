"""Warta's deploy code: upload a finished build (output/) to where readers get it.

Not a Pelican plugin and never loaded by the build: it runs after `invoke publish` has built
and guarded the site, from `invoke publish --target NAME` or `invoke deploy --target NAME`,
and from the CI workflows (`python3 deploy/ci.py plan` decides what a run does). It lives at
the top of the repository rather than under plugins/, which holds only what runs inside
Pelican.

- `targets/`: the table of targets (local folder, rsync over SSH, S3-compatible bucket,
  GitHub Pages branch), each uploading only what the destination lacks and deleting nothing.
- `headers.py`: content types and Cache-Control per file, from two tables.
- `settings.py`: the DEPLOY_* settings (publishconf.py) and their WARTA_* environment
  variables, validated once.
- `core.py`: the site's files in upload order, the production-build check, the report.
- `ci.py`: what a CI run should do (test, build, deploy), standard library only.
"""

from .core import Report, SiteFile, deploy_site, site_files
from warta.core.headers import HeaderRules
from .settings import DeployConfigError, DeployError, config_from
from .targets import TARGETS

__all__ = ["TARGETS", "DeployConfigError", "DeployError", "HeaderRules", "Report", "SiteFile", "config_from",
           "deploy_site", "site_files"]  # fmt: skip
