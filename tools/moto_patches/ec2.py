"""EC2 behaviours of moto corrected for the emulator."""

from __future__ import annotations

from tools.moto_patches import patch


@patch
def ec2_launch_template_own_tags_not_in_data() -> None:
    """moto 5.2.x copies the tags of the launch template itself (TagSpecifications of type
    ``launch-template``, which the provider sends for ``tags``/``default_tags``) into the
    version's LaunchTemplateData. AWS keeps them on the template only; with moto's copy the
    provider sees an extra ``tag_specifications`` block, plans a new version every time and
    the node group's ``launch_template.version`` never settles. Drop that copy."""
    from moto.ec2.responses.launch_templates import LaunchTemplates

    original = LaunchTemplates.create_launch_template
    if getattr(original, "_platform_patched", False):
        return

    def create_launch_template(self):  # type: ignore[no-untyped-def]
        result = original(self)
        template = self.ec2_backend.get_launch_template_by_name(self._get_param("LaunchTemplateName"))
        for version in template.versions:
            specs = version.data.get("TagSpecifications")
            if specs:
                kept = [s for s in specs if s.get("ResourceType") != "launch-template"]
                if kept:
                    version.data["TagSpecifications"] = kept
                else:
                    del version.data["TagSpecifications"]
        return result

    create_launch_template._platform_patched = True  # type: ignore[attr-defined]
    LaunchTemplates.create_launch_template = create_launch_template  # type: ignore[method-assign]


@patch
def ec2_group_rule_description() -> None:
    """moto 5.2.x answers DescribeSecurityGroupRules with the description of CIDR rules only;
    a rule that references another security group loses its description, so the provider
    plans to set it again on every run. Read it from the referenced-group entry as well."""
    from moto.ec2.models.security_groups import SecurityGroupRule

    original = SecurityGroupRule.description
    if getattr(getattr(original, "fget", None), "_platform_patched", False):
        return

    def description(self):  # type: ignore[no-untyped-def]
        return self.ip_range.get("Description") or (self.source_group or {}).get("Description")

    description._platform_patched = True  # type: ignore[attr-defined]
    SecurityGroupRule.description = property(description)  # type: ignore[method-assign,assignment]
