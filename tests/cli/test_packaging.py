"""The packaging files: one version everywhere, valid desktop metadata, icons in the standard sizes."""

import configparser
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from briefing import __version__

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "org.briefingbook.BriefingBook"
METAINFO = ROOT / "packaging" / f"{APP_ID}.metainfo.xml"
DESKTOP = ROOT / "packaging" / f"{APP_ID}.desktop"


def test_the_version_lives_in_one_place_and_shows_everywhere(run_cli):
    assert run_cli("--version").output.strip().endswith(__version__)
    releases = [r.get("version") for r in ET.parse(METAINFO).getroot().iter("release")]
    assert releases[0] == __version__
    assert f"## {__version__}" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert not re.search(r'^version\s*=\s*"', (ROOT / "pyproject.toml").read_text(), re.M), "pyproject reads the version"


def test_desktop_entry():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(DESKTOP, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Icon"] == APP_ID
    assert section["Exec"].split()[0] == "briefing"
    assert section["Type"] == "Application"


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstreamcli is not installed")
def test_metainfo_passes_appstream_validation():
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_icons_in_standard_sizes():
    icons = ROOT / "resources" / "icons" / "app"
    assert (icons / f"{APP_ID}.svg").exists()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = icons / f"{size}x{size}.png"
        header = png.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(header[16:20], "big") == size


def test_the_spec_ships_resources_and_the_sample_library():
    spec = (ROOT / "packaging" / "briefing.spec").read_text(encoding="utf-8")
    assert '"resources"' in spec and '"data"' in spec
