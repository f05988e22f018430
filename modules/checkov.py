"""Resource-level checkov skips that live next to the resource they excuse.

checkov reads ``#checkov:skip`` comments in HCL only; synthesized JSON has no comments, so the
reasons are written into the element's ``//`` comment key (ignored by Terraform) and the
policy test accepts a failed check only where that element carries a skip for that check id.
"""

from __future__ import annotations

from collections.abc import Mapping

from cdktf import TerraformDataSource, TerraformResource, TerraformStack


def skip_checks(element: TerraformResource | TerraformDataSource, reasons: Mapping[str, str]) -> None:
    """Record which checks do not apply to ``element`` and why (a reason is required)."""
    for check_id, reason in reasons.items():
        if len(reason.strip()) < 20:
            raise ValueError(f"checkov skip {check_id}: give a real reason, got {reason!r}")
    skips = {"skip": [{"id": c, "comment": r} for c, r in sorted(reasons.items())]}
    if isinstance(element, TerraformDataSource):
        # cdktf drops "//" overrides set on a data source itself; the stack's override lands.
        stack = TerraformStack.of(element)
        address = f"data.{element.terraform_resource_type}.{stack.get_logical_id(element)}"
        stack.add_override(f"{address}.//.checkov", skips)
    else:
        element.add_override("//", {"checkov": skips})
