"""Resource-level checkov skips that live next to the resource they excuse.

checkov reads ``#checkov:skip`` comments in HCL only; synthesized JSON has no comments, so the
reasons are written into the resource's ``//`` comment key (ignored by Terraform) and the
policy test accepts a failed check only where that resource carries a skip for that check id.
"""

from __future__ import annotations

from collections.abc import Mapping

from cdktf import TerraformResource


def skip_checks(resource: TerraformResource, reasons: Mapping[str, str]) -> None:
    """Record which checks do not apply to ``resource`` and why (a reason is required)."""
    for check_id, reason in reasons.items():
        if len(reason.strip()) < 20:
            raise ValueError(f"checkov skip {check_id}: give a real reason, got {reason!r}")
    resource.add_override("//", {"checkov": {"skip": [
        {"id": check_id, "comment": reason} for check_id, reason in sorted(reasons.items())
    ]}})
