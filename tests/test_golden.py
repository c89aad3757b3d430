"""Tier 3: the whole sample site, built with a pinned clock, matches tests/golden/ byte for byte.

After an intended change, run `invoke update-golden` and review the diff.
"""

import difflib

from conftest import tasks


def test_sample_site_matches_golden(sample_site):
    expected = tasks.golden_files(tasks.GOLDEN_DIR / "site")
    actual = tasks.golden_files(sample_site)
    assert sorted(actual) == sorted(expected), "files added or missing; run `invoke update-golden` if intended"
    for name in expected:
        if actual[name] != expected[name]:
            diff = difflib.unified_diff(expected[name].decode(errors="replace").splitlines(),
                                        actual[name].decode(errors="replace").splitlines(),
                                        f"golden/{name}", f"built/{name}", lineterm="", n=2)  # fmt: skip
            raise AssertionError(f"{name} differs from the golden copy:\n" + "\n".join(list(diff)[:60]))
