"""S3 behaviours of moto corrected for the emulator."""

from __future__ import annotations

from tools.moto_patches import patch


@patch
def s3_delete_marker_dispose() -> None:
    """moto 5.2.x: force-destroying a versioned bucket that holds a delete marker (S3-native
    state locking leaves one when it removes ``.tflock``) calls ``dispose()`` on
    ``FakeDeleteMarker``, which has none: HTTP 500 and a destroy that retries for 10+ minutes.
    A delete marker holds no data, so disposing of it is a no-op."""
    from moto.s3.models import FakeDeleteMarker

    if not hasattr(FakeDeleteMarker, "dispose"):
        FakeDeleteMarker.dispose = lambda self, garbage=False: None  # type: ignore[attr-defined]


@patch
def s3_logging_check_tolerates_string_principals() -> None:
    """moto 5.2.x: PutBucketLogging reads the target bucket's policy and calls
    ``Principal.get("Service")`` on every statement; a statement whose principal is the
    string ``"*"`` (the standard TLS-only Deny) crashes it with HTTP 500. Such statements
    cannot grant the logging service anything, so leave them out of that check."""
    import json
    from types import SimpleNamespace

    from moto.s3.models import FakeBucket

    original = FakeBucket._log_permissions_enabled_policy
    if getattr(original, "_platform_patched", False):
        return

    def check(target_bucket, target_prefix):  # type: ignore[no-untyped-def]
        if not target_bucket.policy:
            return original(target_bucket, target_prefix)
        document = json.loads(target_bucket.policy.decode())
        statements = [s for s in document["Statement"] if isinstance(s.get("Principal"), dict)]
        view = SimpleNamespace(
            policy=json.dumps({**document, "Statement": statements}).encode(),
            partition=target_bucket.partition, name=target_bucket.name)
        return original(view, target_prefix)  # type: ignore[arg-type]  # duck-typed view

    check._platform_patched = True  # type: ignore[attr-defined]
    FakeBucket._log_permissions_enabled_policy = staticmethod(check)  # type: ignore[method-assign]
