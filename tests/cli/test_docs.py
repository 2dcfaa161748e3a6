"""The documents the README points at are in the repository."""

from __future__ import annotations

import re

from support import ROOT


def test_every_relative_link_in_the_readme_and_contributing_names_a_file_that_exists() -> None:
    for name in ("README.md", "CONTRIBUTING.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        links = [t for t in re.findall(r"\]\(([^)#]+)\)", text) if "://" not in t]
        assert links, name
        for target in links:
            assert (ROOT / target).is_file(), f"{name} links to {target}, which is missing"


def test_the_readme_names_the_model_by_its_path() -> None:
    """It once said "DOMAIN.md", a file the repository did not have."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "[docs/DOMAIN.md](docs/DOMAIN.md)" in text
    assert "# The follow-up domain" in (ROOT / "docs" / "DOMAIN.md").read_text(encoding="utf-8")
