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
