"""Corrections to moto, applied inside the emulator process before its server starts.

Each patch names the moto behaviour it corrects. They exist so that the `local` environment
synthesizes exactly what real environments do and still applies, re-plans clean and
destroys on the emulator; nothing here is ever used against real AWS.
"""

from __future__ import annotations

from collections.abc import Callable

PATCHES: list[Callable[[], None]] = []


def patch(fn: Callable[[], None]) -> Callable[[], None]:
    PATCHES.append(fn)
    return fn


@patch
def s3_delete_marker_dispose() -> None:
    """moto 5.2.x: force-destroying a versioned bucket that holds a delete marker (S3-native
    state locking leaves one when it removes ``.tflock``) calls ``dispose()`` on
    ``FakeDeleteMarker``, which has none: HTTP 500 and a destroy that retries for 10+ minutes.
    A delete marker holds no data, so disposing of it is a no-op."""
    from moto.s3.models import FakeDeleteMarker

    if not hasattr(FakeDeleteMarker, "dispose"):
        FakeDeleteMarker.dispose = lambda self, garbage=False: None  # type: ignore[attr-defined]


def apply_all() -> list[str]:
    for fn in PATCHES:
        fn()
    return [fn.__name__ for fn in PATCHES]


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
