# The installed packages: pyproject lists them (the Pi port is renamed), so check that none is missing.
# SPDX-License-Identifier: MIT
"""pyproject.toml maps ``firmware/ports/raspberrypi`` to ``drivetime_pi``;
setuptools' discovery cannot rename a folder, so the packages are listed by
hand. A new subpackage left out of the list would be missing from a wheel
installed on the Pi: each folder with an ``__init__.py`` must be listed."""

import os
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _setuptools():
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        return tomllib.load(f)["tool"]["setuptools"]


def test_every_package_folder_is_listed():
    tool = _setuptools()
    listed = set(tool["packages"])
    for name, folder in tool["package-dir"].items():
        top = os.path.join(ROOT, folder)
        for here, dirs, files in os.walk(top):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            if "__init__.py" in files:
                rel = os.path.relpath(here, top)
                package = name if rel == "." else name + "." + rel.replace(os.sep, ".")
                assert package in listed, "%s (%s) is not in pyproject's packages" % (package, here)


def test_the_pi_port_imports_as_drivetime_pi():
    import drivetime_pi
    assert os.path.samefile(os.path.dirname(drivetime_pi.__file__),
                            os.path.join(ROOT, "firmware", "ports", "raspberrypi"))
