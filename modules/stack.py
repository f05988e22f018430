"""Base stack: readable, stable Terraform addresses for plan review."""

from __future__ import annotations

import re
from typing import Any

from cdktf import TerraformDataSource, TerraformOutput, TerraformResource, TerraformStack
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
        node: Node = tf_element.node if hasattr(tf_element, "node") else tf_element
        scopes = node.scopes
        components = [s.node.id for s in scopes[scopes.index(self) + 1:]]
        # "this" marks a construct's primary resource (terraform-aws-modules style): no suffix.
        components = [c for c in components if c not in ("Default", "this")]
        logical = _UNSAFE.sub("_", "_".join(components))
        owner = node.path
        previous = self._ids.setdefault(f"{_namespace(tf_element)}.{logical}", owner)
        if previous != owner:
            raise ValueError(f"logical id {logical!r} is claimed by both {previous} and {owner}")
        return logical


def _namespace(element: Any) -> str:
    """Terraform's address namespace of an element: ids only need to be unique within it."""
    if isinstance(element, TerraformOutput):
        return "output"
    if isinstance(element, TerraformDataSource):
        return f"data.{element.terraform_resource_type}"
    if isinstance(element, TerraformResource):
        return element.terraform_resource_type
    return type(element).__name__
