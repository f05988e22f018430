"""Write the Terraform CLI config this project runs Terraform with.

``TF_PROVIDER_MIRROR`` names a filesystem mirror (the directory that holds
``registry.terraform.io/hashicorp/aws/<version>``); when it is set, providers come from there
and nowhere else. When it is not set, a mirror holding the pinned aws provider in one of the
usual places (``MIRROR_CANDIDATES``) is used; otherwise Terraform installs from the registry.

Usage: python -m tools.tfrc [OUTPUT]   (default .tfrc/terraform.rc); prints the path.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / ".tfrc" / "terraform.rc"
PINNED_AWS = "registry.terraform.io/hashicorp/aws/5.100.0"
MIRROR_CANDIDATES = ("/opt/tf-plugins", "/opt/terraform/plugins", "/usr/local/share/terraform/plugins",
                     "/usr/share/terraform/plugins", "~/.terraform.d/plugins")


def discover() -> str | None:
    """A local mirror that holds the pinned aws provider, if the machine has one."""
    for candidate in MIRROR_CANDIDATES:
        path = Path(candidate).expanduser()
        if (path / PINNED_AWS).is_dir():
            return str(path)
    return None


class MirrorError(Exception):
    pass


def render(mirror: str | None) -> str:
    lines = ["# Written by tools/tfrc.py; do not edit.", "disable_checkpoint = true"]
    if mirror:
        path = Path(mirror).resolve()
        if not (path / "registry.terraform.io").is_dir():
            raise MirrorError(f"TF_PROVIDER_MIRROR={mirror}: no registry.terraform.io/ directory "
                              "inside; point it at the directory that holds "
                              "registry.terraform.io/hashicorp/aws/<version>")
        lines += [
            "provider_installation {",
            "  filesystem_mirror {",
            f'    path    = "{path}"',
            '    include = ["registry.terraform.io/*/*"]',
            "  }",
            "}",
        ]
    return "\n".join(lines) + "\n"


def write(output: Path = DEFAULT_OUTPUT, mirror: str | None = None) -> Path:
    text = render(mirror if mirror is not None
                  else os.environ.get("TF_PROVIDER_MIRROR") or discover())
    output.parent.mkdir(parents=True, exist_ok=True)
    if not output.exists() or output.read_text() != text:
        output.write_text(text)
    return output


if __name__ == "__main__":
    try:
        print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT))
    except MirrorError as err:
        print(err, file=sys.stderr)
        sys.exit(2)
