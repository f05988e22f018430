"""Base stack: readable, stable Terraform addresses for plan review."""

from __future__ import annotations

import re
from typing import Any

from cdktf import TerraformStack
from constructs import Construct, Node

_UNSAFE = re.compile(r"[^A-Za-z0-9_]")


class PlatformStack(TerraformStack):
    """A stack whose logical ids are the construct path joined by ``_`` (no hash suffix).

    ``network/private_a`` becomes ``aws_subnet.network_private_a``: what a reviewer reads in
    ``terraform plan`` is what the code says. Paths are unique within a stack, so ids are too;
    a collision within one Terraform namespace (after sanitising) is refused, never renamed.
    """

    def __init__(self, scope: Construct, id: str) -> None:
        self._ids: dict[str, str] = {}
        super().__init__(scope, id)

    def _allocate_logical_id(self, tf_element: Any) -> str:  # jsii: allocateLogicalId
        # One jsii call (the path) per element: this runs for every resource, data source and
        # output, and each call into the jsii kernel costs a round trip.
        node: Node = tf_element.node if hasattr(tf_element, "node") else tf_element
        path = node.path
        components = path.split("/")[1:]  # drop the stack itself
        # "this" marks a construct's primary resource (terraform-aws-modules style): no suffix.
        logical = _UNSAFE.sub("_", "_".join(c for c in components if c not in ("Default", "this")))
        # Ids need to be unique per Terraform type; the binding class stands for the type.
        previous = self._ids.setdefault(f"{type(tf_element).__name__}.{logical}", path)
        if previous != path:
            raise ValueError(f"logical id {logical!r} is claimed by both {previous} and {path}")
        return logical
