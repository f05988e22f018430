"""CloudFront behaviours of moto corrected, and the response headers policy API it lacks
supplied, for the emulator."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from tools.moto_patches import patch

_ROOT = "{0}/2020-05-31"


def _after_init(owner: Any, marker: str, adjust: Callable[[Any, dict[str, Any]], None]) -> None:
    """Run ``adjust(self, config)`` after ``owner.__init__(self, config)``, once per marker."""
    original = owner.__init__
    applied: frozenset[str] = getattr(original, "_platform_patches", frozenset())
    if marker in applied:
        return

    @functools.wraps(original)
    def __init__(self: Any, config: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        original(self, config, *args, **kwargs)
        adjust(self, config)

    __init__._platform_patches = applied | {marker}  # type: ignore[attr-defined]
    owner.__init__ = __init__


@patch
def cloudfront_origin_access_control_id() -> None:
    """moto 5.2.x drops ``OriginAccessControlId`` from the origins of a distribution, so the
    provider reads ``origin_access_control_id`` as unset and plans to replace the origin on every
    run. Keep it (CloudFront reports "" for an origin without one)."""
    from moto.cloudfront.models import Origin

    def adjust(self: Any, origin: dict[str, Any]) -> None:
        self.origin_access_control_id = origin.get("OriginAccessControlId") or ""

    _after_init(Origin, "cloudfront_origin_access_control_id", adjust)


@patch
def cloudfront_no_forwarded_values_with_cache_policy() -> None:
    """moto 5.2.x gives every cache behaviour a ``ForwardedValues`` (query string off, no
    cookies), also one that names a cache policy; CloudFront reports none then, and the provider
    plans to remove the ``forwarded_values`` block on every run. Drop it when a cache policy is
    set and no ForwardedValues were sent."""
    from moto.cloudfront.models import DefaultCacheBehaviour

    def adjust(self: Any, config: dict[str, Any]) -> None:
        if config.get("CachePolicyId") and "ForwardedValues" not in config:
            self.forwarded_values = None

    _after_init(DefaultCacheBehaviour, "cloudfront_no_forwarded_values_with_cache_policy", adjust)


@patch
def cloudfront_default_certificate() -> None:
    """moto 5.2.x reports ``IAMCertificateId`` and ``ACMCertificateArn`` as "" and
    ``SSLSupportMethod`` "sni-only" for every viewer certificate. The provider takes a present
    (even empty) certificate id for a custom certificate and reads ``ssl_support_method``
    "sni-only" for the default certificate, which it then plans to remove on every run.
    Report only what was set, and, for the default certificate, ``MinimumProtocolVersion``
    TLSv1 as CloudFront does whatever was sent ("CloudFront automatically sets the security
    policy to TLSv1 regardless of the value that you set here", API reference)."""
    from moto.cloudfront.models import ViewerCertificate

    def adjust(self: Any, config: dict[str, Any]) -> None:
        self.iam_certificate_id = config.get("IAMCertificateId") or None
        self.acm_certificate_arn = config.get("ACMCertificateArn") or None
        self.certificate = config.get("Certificate") or None
        if self.iam_certificate_id or self.acm_certificate_arn:
            self.certificate_source = "iam" if self.iam_certificate_id else "acm"
        else:
            self.ssl_support_method = None
            self.minimum_protocol_version = "TLSv1"

    _after_init(ViewerCertificate, "cloudfront_default_certificate", adjust)


@patch
def cloudfront_response_headers_policies() -> None:
    """moto 5.2.x does not implement Create/Get/GetConfig/Update/Delete/ListResponseHeadersPolicy
    (HTTP 404). Policies are kept, as sent, in a dict on the (global) CloudFront backend;
    moto's serializer follows botocore's model, so the config round-trips unchanged."""
    from moto.cloudfront import urls
    from moto.cloudfront.exceptions import CloudFrontException
    from moto.cloudfront.models import random_id
    from moto.cloudfront.responses import CloudFrontResponse
    from moto.core.responses import ActionResult, EmptyResult
    from moto.core.utils import utcnow
    from moto.moto_api._internal import mock_random

    def store(self: Any) -> dict[str, dict[str, Any]]:
        policies: dict[str, dict[str, Any]] = self.backend.__dict__.setdefault(
            "_platform_response_headers_policies", {})
        return policies

    def get(self: Any) -> dict[str, Any]:
        policy = store(self).get(self._get_param("Id"))
        if policy is None:
            raise CloudFrontException("NoSuchResponseHeadersPolicy",
                                      "The response headers policy does not exist.")
        return policy

    def result(policy: dict[str, Any], **extra: Any) -> Any:
        return ActionResult({"ResponseHeadersPolicy": policy, "ETag": policy["ETag"], **extra})

    def put(self: Any, policy: dict[str, Any]) -> dict[str, Any]:
        config = self._get_param("ResponseHeadersPolicyConfig")
        if any(p["ResponseHeadersPolicyConfig"]["Name"] == config["Name"]
               for p in store(self).values() if p is not policy):
            raise CloudFrontException("ResponseHeadersPolicyAlreadyExists",
                                      "A response headers policy with this name already exists.")
        policy.update(ResponseHeadersPolicyConfig=config, LastModifiedTime=utcnow(), ETag=random_id())
        return policy

    def create(self: Any) -> Any:
        policy = put(self, {"Id": str(mock_random.uuid4())})
        store(self)[policy["Id"]] = policy
        return result(policy, Location=f"https://cloudfront.amazonaws.com/2020-05-31/"
                                       f"response-headers-policy/{policy['Id']}")

    def get_config(self: Any) -> Any:
        policy = get(self)
        return ActionResult({"ResponseHeadersPolicyConfig": policy["ResponseHeadersPolicyConfig"],
                             "ETag": policy["ETag"]})

    def list_(self: Any) -> Any:
        items = [{"Type": "custom", "ResponseHeadersPolicy": p} for p in store(self).values()]
        return ActionResult({"ResponseHeadersPolicyList": {
            "MaxItems": 100, "Quantity": len(items), "Items": items or None}})

    def delete(self: Any) -> Any:
        store(self).pop(get(self)["Id"])
        return EmptyResult()

    handlers = {
        "create_response_headers_policy": create,
        "get_response_headers_policy": lambda self: result(get(self)),
        "get_response_headers_policy_config": get_config,
        "update_response_headers_policy": lambda self: result(put(self, get(self))),
        "delete_response_headers_policy": delete,
        "list_response_headers_policies": list_,
    }
    for route in (f"{_ROOT}/response-headers-policy$",
                  f"{_ROOT}/response-headers-policy/(?P<Id>[^/]+)$",
                  f"{_ROOT}/response-headers-policy/(?P<Id>[^/]+)/config$"):
        urls.url_paths.setdefault(route, CloudFrontResponse.dispatch)
    for name, handler in handlers.items():
        if not hasattr(CloudFrontResponse, name):
            setattr(CloudFrontResponse, name, handler)
