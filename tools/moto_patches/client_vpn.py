"""The EC2 Client VPN API, which moto lacks, supplied for the emulator.

moto 5.2.x has no Client VPN at all: every Client VPN action answers HTTP 500 ("The
CreateClientVpnEndpoint action has not been implemented"), and the provider's retries make that
a long hang. Endpoints, target network associations and authorization rules are served here
from plain dicts kept on moto's EC2 backend, shaped as botocore's EC2 model, which moto's
serializer follows. Every change takes effect at once (associations are ``associated`` and rules
``active`` on the first read); routes, ModifyClientVpnEndpoint and tag updates are not supplied.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tools.moto_patches import patch

Handler = Callable[[Any], Any]


def _error(code: str, message: str) -> Exception:
    from moto.ec2.exceptions import EC2ClientError

    return EC2ClientError(code, message)


def _endpoints(response: Any) -> dict[str, dict[str, Any]]:
    store: dict[str, dict[str, Any]] = response.ec2_backend.__dict__.setdefault(
        "_platform_client_vpn_endpoints", {})
    return store


def _endpoint(response: Any) -> dict[str, Any]:
    endpoint_id = response._get_param("ClientVpnEndpointId")
    endpoint = _endpoints(response).get(endpoint_id)
    if endpoint is None:
        raise _error("InvalidClientVpnEndpointId.NotFound",
                     f"Endpoint {endpoint_id} does not exist")
    return endpoint


def _matching(items: list[dict[str, Any]], response: Any, fields: dict[str, str]) -> list[dict[str, Any]]:
    """``items`` whose fields match every filter of the request (``fields`` maps filter names to
    fields); an unknown filter is an error, as in EC2."""
    filters = response._filters_from_querystring()
    for name in filters:
        if name not in fields:
            raise _error("InvalidParameterValue", f"The filter '{name}' is invalid")
    return [item for item in items
            if all(str(item.get(fields[name])) in values for name, values in filters.items())]


def _status(endpoint: dict[str, Any]) -> None:
    endpoint["Status"] = {"Code": "available" if endpoint["_associations"] else "pending-associate"}


def _authentication(request: dict[str, Any]) -> dict[str, Any]:
    """A ClientVpnAuthenticationRequest as DescribeClientVpnEndpoints reports it."""
    answer: dict[str, Any] = {"Type": request["Type"]}
    if "MutualAuthentication" in request:
        answer["MutualAuthentication"] = {
            "ClientRootCertificateChain": request["MutualAuthentication"]["ClientRootCertificateChainArn"]}
    if "ActiveDirectory" in request:
        answer["ActiveDirectory"] = {"DirectoryId": request["ActiveDirectory"]["DirectoryId"]}
    if "FederatedAuthentication" in request:
        federated = request["FederatedAuthentication"]
        answer["FederatedAuthentication"] = {
            "SamlProviderArn": federated.get("SAMLProviderArn"),
            "SelfServiceSamlProviderArn": federated.get("SelfServiceSAMLProviderArn")}
    return answer


def _create_endpoint(self: Any) -> Any:
    from moto.acm.exceptions import CertificateNotFound
    from moto.acm.models import acm_backends
    from moto.core.responses import ActionResult
    from moto.core.utils import utcnow
    from moto.ec2.utils import add_tag_specification, random_id

    backend = self.ec2_backend
    acm = acm_backends[self.current_account][self.region]
    authentication = self._get_param("AuthenticationOptions") or []
    for arn in [self._get_param("ServerCertificateArn")] + [
            a["MutualAuthentication"]["ClientRootCertificateChainArn"]
            for a in authentication if "MutualAuthentication" in a]:
        try:
            acm.get_certificate(arn)
        except CertificateNotFound:
            raise _error("InvalidParameterValue", f"Certificate {arn} does not exist") from None
    vpc_id = self._get_param("VpcId")
    group_ids = self._get_param("SecurityGroupIds") or []
    if group_ids and not vpc_id:
        raise _error("InvalidParameterValue", "Security Groups cannot be specified without Vpc Id")
    if vpc_id:
        backend.get_vpc(vpc_id)
        group_ids = group_ids or [backend.get_default_security_group(vpc_id).id]
        backend.describe_security_groups(group_ids=group_ids)  # 400 InvalidGroup.NotFound
    endpoint_id = random_id(prefix="cvpn-endpoint")
    log_options = self._get_param("ConnectionLogOptions") or {"Enabled": False}
    endpoint: dict[str, Any] = {
        "ClientVpnEndpointId": endpoint_id,
        "Description": self._get_param("Description"),
        "CreationTime": utcnow().strftime("%Y-%m-%dT%H:%M:%S"),
        "DnsName": f"*.{endpoint_id}.prod.clientvpn.{self.region}.amazonaws.com",
        "ClientCidrBlock": self._get_param("ClientCidrBlock"),
        "DnsServers": self._get_param("DnsServers") or None,
        "SplitTunnel": bool(self._get_param("SplitTunnel")),
        "VpnProtocol": "openvpn",
        "TransportProtocol": self._get_param("TransportProtocol") or "udp",
        "VpnPort": self._get_param("VpnPort") or 443,
        "ServerCertificateArn": self._get_param("ServerCertificateArn"),
        "AuthenticationOptions": [_authentication(a) for a in authentication],
        "ConnectionLogOptions": log_options,
        "Tags": [{"Key": k, "Value": v} for k, v in add_tag_specification(
            self._get_param("TagSpecifications", [])).items()],
        "SecurityGroupIds": group_ids,
        "VpcId": vpc_id,
        "ClientConnectOptions": {**(self._get_param("ClientConnectOptions") or {"Enabled": False}),
                                 "Status": {"Code": "applied"}},
        "SessionTimeoutHours": self._get_param("SessionTimeoutHours") or 24,
        "ClientLoginBannerOptions": self._get_param("ClientLoginBannerOptions") or {"Enabled": False},
        "ClientRouteEnforcementOptions": self._get_param("ClientRouteEnforcementOptions")
                                         or {"Enforced": False},
        "DisconnectOnSessionTimeout": bool(self._get_param("DisconnectOnSessionTimeout")),
        "EndpointIpAddressType": self._get_param("EndpointIpAddressType") or "ipv4",
        "TrafficIpAddressType": self._get_param("TrafficIpAddressType") or "ipv4",
        "_associations": {},  # not in the model's shape, so never serialized
        "_rules": [],
    }
    if self._get_param("SelfServicePortal") == "enabled":
        endpoint["SelfServicePortalUrl"] = f"https://self-service.clientvpn.amazonaws.com/endpoints/{endpoint_id}"
    _status(endpoint)
    _endpoints(self)[endpoint_id] = endpoint
    return ActionResult({"ClientVpnEndpointId": endpoint_id, "Status": endpoint["Status"],
                         "DnsName": endpoint["DnsName"]})


def _describe_endpoints(self: Any) -> Any:
    from moto.core.responses import ActionResult

    wanted = self._get_param("ClientVpnEndpointIds") or []
    for endpoint_id in wanted:
        if endpoint_id not in _endpoints(self):
            raise _error("InvalidClientVpnEndpointId.NotFound", f"Endpoint {endpoint_id} does not exist")
    endpoints = [e for e in _endpoints(self).values() if not wanted or e["ClientVpnEndpointId"] in wanted]
    endpoints = _matching(endpoints, self, {"endpoint-id": "ClientVpnEndpointId",
                                            "transport-protocol": "TransportProtocol"})
    return ActionResult({"ClientVpnEndpoints": endpoints})


def _delete_endpoint(self: Any) -> Any:
    from moto.core.responses import ActionResult

    endpoint = _endpoint(self)
    if endpoint["_associations"]:
        raise _error("IncorrectState", "Disassociate all target networks before deleting the "
                                       "Client VPN endpoint")
    del _endpoints(self)[endpoint["ClientVpnEndpointId"]]
    return ActionResult({"Status": {"Code": "deleting"}})


def _associate(self: Any) -> Any:
    from moto.core.responses import ActionResult
    from moto.ec2.utils import random_id

    endpoint = _endpoint(self)
    subnet = self.ec2_backend.get_subnet(self._get_param("SubnetId"))  # 400 InvalidSubnetID.NotFound
    if endpoint["VpcId"] and subnet.vpc_id != endpoint["VpcId"]:
        raise _error("InvalidParameterValue",
                     f"Subnet {subnet.id} does not belong to VPC {endpoint['VpcId']} of the endpoint")
    for association in endpoint["_associations"].values():
        if association["AvailabilityZones"] == [subnet.availability_zone]:
            raise _error("InvalidParameterValue", "Only one subnet per Availability Zone can be "
                                                  "associated with a Client VPN endpoint")
    if not endpoint["VpcId"]:
        endpoint["VpcId"] = subnet.vpc_id
        endpoint["SecurityGroupIds"] = [self.ec2_backend.get_default_security_group(subnet.vpc_id).id]
    association_id = random_id(prefix="cvpn-assoc")
    endpoint["_associations"][association_id] = {
        "AssociationId": association_id,
        "VpcId": subnet.vpc_id,
        "TargetNetworkId": subnet.id,
        "ClientVpnEndpointId": endpoint["ClientVpnEndpointId"],
        "Status": {"Code": "associated"},
        "SecurityGroups": endpoint["SecurityGroupIds"],
        "AvailabilityZones": [subnet.availability_zone],
        "AvailabilityZoneIds": [subnet.availability_zone_id],
    }
    _status(endpoint)
    return ActionResult({"AssociationId": association_id, "Status": {"Code": "associating"}})


def _describe_associations(self: Any) -> Any:
    from moto.core.responses import ActionResult

    associations = list(_endpoint(self)["_associations"].values())
    wanted = self._get_param("AssociationIds") or []
    associations = [a for a in associations if not wanted or a["AssociationId"] in wanted]
    associations = _matching(associations, self, {"association-id": "AssociationId",
                                                  "target-network-id": "TargetNetworkId",
                                                  "vpc-id": "VpcId"})
    return ActionResult({"ClientVpnTargetNetworks": associations})


def _disassociate(self: Any) -> Any:
    from moto.core.responses import ActionResult

    endpoint = _endpoint(self)
    association_id = self._get_param("AssociationId")
    if endpoint["_associations"].pop(association_id, None) is None:
        raise _error("InvalidClientVpnAssociationId.NotFound",
                     f"Client VPN association {association_id} does not exist")
    _status(endpoint)
    return ActionResult({"AssociationId": association_id, "Status": {"Code": "disassociating"}})


def _rule_key(response: Any, all_groups: str) -> tuple[str, str]:
    group = "" if response._get_param(all_groups) else response._get_param("AccessGroupId") or ""
    return response._get_param("TargetNetworkCidr"), group


def _authorize(self: Any) -> Any:
    from moto.core.responses import ActionResult

    endpoint = _endpoint(self)
    cidr, group = _rule_key(self, "AuthorizeAllGroups")
    if not group and not self._get_param("AuthorizeAllGroups"):
        raise _error("MissingParameter", "You must specify either access-group-id or authorize-all-groups")
    if any((r["DestinationCidr"], r["GroupId"]) == (cidr, group) for r in endpoint["_rules"]):
        raise _error("InvalidClientVpnDuplicateAuthorizationRule",
                     "An authorization rule for this destination and group already exists")
    endpoint["_rules"].append({
        "ClientVpnEndpointId": endpoint["ClientVpnEndpointId"],
        "Description": self._get_param("Description"),
        "GroupId": group,
        "AccessAll": not group,
        "DestinationCidr": cidr,
        "Status": {"Code": "active"},
    })
    return ActionResult({"Status": {"Code": "authorizing"}})


def _describe_rules(self: Any) -> Any:
    from moto.core.responses import ActionResult

    rules = _matching(_endpoint(self)["_rules"], self, {"description": "Description",
                                                        "destination-cidr": "DestinationCidr",
                                                        "group-id": "GroupId"})
    return ActionResult({"AuthorizationRules": rules})


def _revoke(self: Any) -> Any:
    from moto.core.responses import ActionResult

    endpoint = _endpoint(self)
    key = _rule_key(self, "RevokeAllGroups")
    kept = [r for r in endpoint["_rules"] if (r["DestinationCidr"], r["GroupId"]) != key]
    if len(kept) == len(endpoint["_rules"]):
        raise _error("InvalidClientVpnEndpointAuthorizationRuleNotFound",
                     f"Authorization rule for {key[0]} and group '{key[1]}' does not exist")
    endpoint["_rules"] = kept
    return ActionResult({"Status": {"Code": "revoking"}})


@patch
def ec2_client_vpn() -> None:
    """moto 5.2.x does not implement Create/Describe/DeleteClientVpnEndpoint(s),
    Associate/Describe/DisassociateClientVpnTargetNetwork(s) nor
    Authorize/Describe/RevokeClientVpnIngress/AuthorizationRules (HTTP 500). Supply them."""
    from moto.ec2.responses import EC2Response

    handlers: dict[str, Handler] = {
        "create_client_vpn_endpoint": _create_endpoint,
        "describe_client_vpn_endpoints": _describe_endpoints,
        "delete_client_vpn_endpoint": _delete_endpoint,
        "associate_client_vpn_target_network": _associate,
        "describe_client_vpn_target_networks": _describe_associations,
        "disassociate_client_vpn_target_network": _disassociate,
        "authorize_client_vpn_ingress": _authorize,
        "describe_client_vpn_authorization_rules": _describe_rules,
        "revoke_client_vpn_ingress": _revoke,
    }
    for name, handler in handlers.items():
        if not hasattr(EC2Response, name):
            setattr(EC2Response, name, handler)
