"""IAM policy evaluation of moto corrected for the emulator."""

from __future__ import annotations

from tools.moto_patches import patch


@patch
def iam_condition_mismatch_is_neutral() -> None:
    """moto 5.2.x: a policy statement whose Condition does not hold is evaluated as an explicit
    DENY. In IAM such a statement simply does not apply. With moto's behaviour the standard
    TLS-only bucket statement (Deny when ``aws:SecureTransport`` is false) denies every request,
    TLS or not, so the S3 backend cannot read state. Return NEUTRAL instead."""
    from moto.iam.access_control import IAMPolicyStatement, PermissionResult

    original = IAMPolicyStatement.is_action_permitted
    if getattr(original, "_platform_patched", False):
        return

    def is_action_permitted(self, action, resource="*", principal=None,  # type: ignore[no-untyped-def]
                            incoming_condition_values=None):
        if self._statement.get("Condition") and not self._check_conditions(incoming_condition_values):
            return PermissionResult.NEUTRAL
        return original(self, action, resource, principal, incoming_condition_values)

    is_action_permitted._platform_patched = True  # type: ignore[attr-defined]
    IAMPolicyStatement.is_action_permitted = is_action_permitted  # type: ignore[method-assign]


@patch
def iam_bool_secure_transport() -> None:
    """moto 5.2.x evaluates only the StringEquals condition operator and treats every other
    operator (Bool among them) as satisfied, so ``Deny s3:* when Bool aws:SecureTransport =
    false`` applies to every request. Evaluate ``Bool`` on ``aws:SecureTransport``: the
    emulator listens on loopback only, where plain HTTP stands in for TLS, so the value is
    ``true`` unless the request context says otherwise."""
    from moto.iam.policy_conditions import TrustCondition

    original = TrustCondition.verify_condition
    if getattr(original, "_platform_patched", False):
        return

    def verify_condition(self, actual_values):  # type: ignore[no-untyped-def]
        if self._condition == "Bool" and "aws:SecureTransport" in self.context_keys:
            index = self.context_keys.index("aws:SecureTransport")
            expected = self._expected_value[index]
            expected_values = [expected] if isinstance(expected, str) else list(expected)
            return "true" in [str(v).lower() for v in expected_values]
        return original(self, actual_values)

    verify_condition._platform_patched = True  # type: ignore[attr-defined]
    TrustCondition.verify_condition = verify_condition  # type: ignore[method-assign]
