"""EKS behaviours of moto corrected, and the EKS APIs it lacks supplied, for the emulator.

moto 5.2.x answers HTTP 404 for add-ons, access entries, access policy associations and pod
identity associations. They are served here from plain dicts kept on moto's ``Cluster`` object
(so they go when the cluster goes), shaped as botocore's EKS model, which moto's serializer
follows. Update operations are not supplied.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import Any

from tools.moto_patches import patch

Handler = Callable[[Any], Any]

_CLUSTER = "{0}/clusters/(?P<name>[^/]+)"


def _install(routes: list[str], handlers: dict[str, Handler]) -> None:
    """Route ``routes`` to moto's EKS dispatcher and add ``handlers`` as EKSResponse actions.
    moto's server reads ``moto.eks.urls.url_paths`` when it first builds the EKS app, which
    happens after the patches run; botocore's model then picks the action from the path."""
    from moto.eks import urls
    from moto.eks.responses import EKSResponse

    for route in routes:
        urls.url_paths.setdefault(route, EKSResponse.dispatch)
    for name, handler in handlers.items():
        if not hasattr(EKSResponse, name):
            setattr(EKSResponse, name, handler)


def _store(response: Any, kind: str) -> dict[str, Any]:
    """The ``kind`` records of the cluster named in the request path (404 if there is none)."""
    cluster = response.eks_backend.describe_cluster(name=response._get_param("name"))
    store: dict[str, Any] = cluster.__dict__.setdefault(f"_platform_{kind}", {})
    return store


def _arn(response: Any, resource: str) -> str:
    backend = response.eks_backend
    return f"arn:{backend.partition}:eks:{backend.region_name}:{backend.account_id}:{resource}"


def _get(store: dict[str, Any], key: str, what: str) -> Any:
    from moto.eks.exceptions import ResourceNotFoundException

    if key not in store:
        raise ResourceNotFoundException(message=f"No {what} found for: {key}.")
    return store[key]


def _new(store: dict[str, Any], key: str, what: str) -> None:
    from moto.eks.exceptions import ResourceInUseException

    if key in store:
        raise ResourceInUseException(message=f"{what} already exists: {key}.")


def _result(value: object) -> Any:
    from moto.core.responses import ActionResult

    return ActionResult(value)


def _around(method: str, wrapper: Callable[[Handler, Any], Any]) -> None:
    """Replace ``EKSResponse.<method>`` by ``wrapper(original, response)``, once per wrapper
    (``functools.wraps`` carries the markers of earlier wrappers along)."""
    from moto.eks.responses import EKSResponse

    original = getattr(EKSResponse, method)
    marker = f"_platform_{wrapper.__name__}"
    if getattr(original, marker, False):
        return

    @functools.wraps(original)
    def patched(self: Any) -> Any:
        return wrapper(original, self)

    setattr(patched, marker, True)
    setattr(EKSResponse, method, patched)


@patch
def eks_cluster_access_config() -> None:
    """moto 5.2.x drops ``accessConfig`` from CreateCluster, so DescribeCluster has none and the
    provider plans to replace a cluster that sets ``access_config``. Keep it (EKS reports
    ``authenticationMode``, CONFIG_MAP when none was asked for, and the bootstrap flag)."""

    def access_config(original: Handler, self: Any) -> Any:
        result = original(self)
        requested = self._get_param("accessConfig") or {}
        result.result["cluster"].access_config = {
            "authenticationMode": requested.get("authenticationMode", "CONFIG_MAP"),
            "bootstrapClusterCreatorAdminPermissions":
                requested.get("bootstrapClusterCreatorAdminPermissions", True),
        }
        return result

    _around("create_cluster", access_config)


@patch
def eks_cluster_security_group() -> None:
    """moto 5.2.x creates no cluster security group: ``resourcesVpcConfig`` lacks
    ``clusterSecurityGroupId`` and ``vpcId``, so ``vpc_config[0].cluster_security_group_id``
    is "" and security group rules that reference it cannot be created. Create it in the subnets' VPC as EKS
    does (``eks-cluster-sg-<name>-<n>``, tagged with the cluster), and delete it with the cluster."""
    from moto.ec2.exceptions import InvalidSecurityGroupNotFoundError
    from moto.ec2.models import ec2_backends
    from moto.moto_api._internal import mock_random

    def ec2(self: Any) -> Any:
        return ec2_backends[self.current_account][self.region]

    def create_security_group(original: Handler, self: Any) -> Any:
        subnets = (self._get_param("resourcesVpcConfig") or {}).get("subnetIds") or []
        vpc_id = ec2(self).get_subnet(subnets[0]).vpc_id if subnets else None  # 400 before creating
        result = original(self)
        cluster = result.result["cluster"]
        if vpc_id:
            group = ec2(self).create_security_group(
                name=f"eks-cluster-sg-{cluster.name}-{mock_random.randint(10**9, 10**10 - 1)}",
                description="EKS created security group applied to ENI that is attached to EKS "
                            "Control Plane master nodes, as well as any managed workloads.",
                vpc_id=vpc_id,
                tags={"aws:eks:cluster-name": cluster.name, f"kubernetes.io/cluster/{cluster.name}": "owned"})
            cluster.resources_vpc_config.update(clusterSecurityGroupId=group.id, vpcId=vpc_id)
        return result

    def delete_security_group(original: Handler, self: Any) -> Any:
        result = original(self)
        group_id = result.result["cluster"].resources_vpc_config.get("clusterSecurityGroupId")
        if group_id:
            with contextlib.suppress(InvalidSecurityGroupNotFoundError):
                ec2(self).delete_security_group(group_id=group_id)
        return result

    _around("create_cluster", create_security_group)
    _around("delete_cluster", delete_security_group)


@patch
def eks_nodegroup_as_requested() -> None:
    """moto 5.2.x invents ``remoteAccess`` (ec2SshKey "eksKeypair", with a remote access security
    group) for a node group created without one, which forces the provider to replace it;
    drops ``updateConfig`` and ``nodeRepairConfig`` from CreateNodegroup; reports a 20 GiB
    ``diskSize`` even with a launch template (EKS reports none: the template sets the disk);
    and gives a node group without ``version`` a fixed "1.19" rather than the cluster's."""

    def as_requested(original: Handler, self: Any) -> Any:
        result = original(self)
        nodegroup = result.result["nodegroup"]
        nodegroup.remote_access = self._get_param("remoteAccess")
        if not nodegroup.remote_access:
            nodegroup.resources.pop("remoteAccessSecurityGroup", None)
        if self._get_param("launchTemplate"):
            nodegroup.disk_size = None  # moto refuses diskSize with a launch template, as EKS does
        nodegroup.update_config = self._get_param("updateConfig") or {"maxUnavailable": 1}
        nodegroup.node_repair_config = self._get_param("nodeRepairConfig")
        if not self._get_param("version"):
            nodegroup.version = self.eks_backend.describe_cluster(name=self._get_param("name")).version
        return result

    _around("create_nodegroup", as_requested)


def _create_pod_identity_association(response: Any, owner: str | None = None,
                                     **request: Any) -> dict[str, Any]:
    from moto.core.utils import utcnow
    from moto.moto_api._internal import mock_random

    store = _store(response, "pod_identity_associations")
    key = f"{request['namespace']}/{request['serviceAccount']}"
    _new({f"{a['namespace']}/{a['serviceAccount']}": a for a in store.values()}, key,
         "Pod identity association")
    association_id = "a-" + mock_random.get_random_string(17, lower_case=True)
    now = utcnow()
    association = {
        **request,
        "clusterName": response._get_param("name"),
        "associationId": association_id,
        "associationArn": _arn(response, f"podidentityassociation/{response._get_param('name')}/"
                                         f"{association_id}"),
        "tags": request.get("tags") or {},
        "disableSessionTags": bool(request.get("disableSessionTags")),
        "ownerArn": owner,
        "createdAt": now,
        "modifiedAt": now,
    }
    store[association_id] = association
    return association


@patch
def eks_pod_identity_associations() -> None:
    """moto 5.2.x does not implement Create/Describe/List/DeletePodIdentityAssociation (HTTP 404)."""

    def create(self: Any) -> Any:
        request = {k: self._get_param(k) for k in ("namespace", "serviceAccount", "roleArn", "tags",
                                                   "disableSessionTags", "targetRoleArn", "policy")}
        return _result({"association": _create_pod_identity_association(self, **request)})

    def describe(self: Any) -> Any:
        store = _store(self, "pod_identity_associations")
        association_id = self._get_param("associationId")
        return _result({"association": _get(store, association_id, "pod identity association")})

    def list_(self: Any) -> Any:
        wanted = {"namespace": self._get_param("namespace"),
                  "serviceAccount": self._get_param("serviceAccount")}
        found = [a for a in _store(self, "pod_identity_associations").values()
                 if all(v is None or a[k] == v for k, v in wanted.items())]
        return _result({"associations": found})

    def delete(self: Any) -> Any:
        store = _store(self, "pod_identity_associations")
        association_id = self._get_param("associationId")
        _get(store, association_id, "pod identity association")
        return _result({"association": store.pop(association_id)})

    _install([f"{_CLUSTER}/pod-identity-associations$",
              f"{_CLUSTER}/pod-identity-associations/(?P<associationId>[^/]+)$"],
             {"create_pod_identity_association": create,
              "describe_pod_identity_association": describe,
              "list_pod_identity_associations": list_,
              "delete_pod_identity_association": delete})


@patch
def eks_addons() -> None:
    """moto 5.2.x does not implement Create/Describe/List/DeleteAddon (HTTP 404). Add-ons are
    ACTIVE at once; ``podIdentityAssociations`` become associations owned by the add-on, and
    go with it, as in EKS."""
    from moto.core.utils import utcnow
    from moto.moto_api._internal import mock_random

    def create(self: Any) -> Any:
        store = _store(self, "addons")
        cluster, name = self._get_param("name"), self._get_param("addonName")
        _new(store, name, "Addon")
        arn = _arn(self, f"addon/{cluster}/{name}/{mock_random.uuid4()}")
        associations = [
            _create_pod_identity_association(self, arn, namespace="kube-system", **requested)
            for requested in self._get_param("podIdentityAssociations") or []
        ]
        now = utcnow()
        store[name] = {
            "addonName": name,
            "clusterName": cluster,
            "status": "ACTIVE",
            "addonVersion": self._get_param("addonVersion") or "v1.0.0-eksbuild.1",
            "health": {"issues": []},
            "addonArn": arn,
            "createdAt": now,
            "modifiedAt": now,
            "serviceAccountRoleArn": self._get_param("serviceAccountRoleArn"),
            "tags": self._get_param("tags") or {},
            "publisher": "eks",
            "owner": "aws",
            "configurationValues": self._get_param("configurationValues"),
            "podIdentityAssociations": [a["associationArn"] for a in associations],
        }
        return _result({"addon": store[name]})

    def describe(self: Any) -> Any:
        return _result({"addon": _get(_store(self, "addons"), self._get_param("addonName"), "addon")})

    def list_(self: Any) -> Any:
        return _result({"addons": sorted(_store(self, "addons"))})

    def delete(self: Any) -> Any:
        store = _store(self, "addons")
        addon = _get(store, self._get_param("addonName"), "addon")
        if not self._get_param("preserve"):
            associations = _store(self, "pod_identity_associations")
            for association in [a for a in associations.values() if a["ownerArn"] == addon["addonArn"]]:
                associations.pop(association["associationId"])
        return _result({"addon": {**store.pop(addon["addonName"]), "status": "DELETING"}})

    _install([f"{_CLUSTER}/addons$", f"{_CLUSTER}/addons/(?P<addonName>[^/]+)$"],
             {"create_addon": create, "describe_addon": describe, "list_addons": list_,
              "delete_addon": delete})


@patch
def eks_access_entries() -> None:
    """moto 5.2.x does not implement Create/Describe/List/DeleteAccessEntry nor
    Associate/Disassociate/ListAssociatedAccessPolicies (HTTP 404). ``username`` defaults as
    in EKS: the session of an IAM role, ``system:node:{{EC2PrivateDNSName}}`` for EC2 nodes."""
    from moto.core.utils import utcnow
    from moto.moto_api._internal import mock_random

    def create(self: Any) -> Any:
        store = _store(self, "access_entries")
        principal, kind = self._get_param("principalArn"), self._get_param("type") or "STANDARD"
        _new(store, principal, "Access entry")
        account, resource = principal.split(":")[4], principal.split(":", 5)[5]
        if kind.startswith("EC2"):
            username = "system:node:{{EC2PrivateDNSName}}"
        elif resource.startswith("role/"):
            username = (f"arn:{self.eks_backend.partition}:sts::{account}:assumed-role/"
                        f"{resource.rsplit('/', 1)[-1]}/{{{{SessionName}}}}")
        else:
            username = principal
        now = utcnow()
        store[principal] = {
            "clusterName": self._get_param("name"),
            "principalArn": principal,
            "kubernetesGroups": self._get_param("kubernetesGroups") or [],
            "accessEntryArn": _arn(self, f"access-entry/{self._get_param('name')}/"
                                         f"{resource.split('/', 1)[0]}/{account}/"
                                         f"{resource.rsplit('/', 1)[-1]}/{mock_random.uuid4()}"),
            "createdAt": now,
            "modifiedAt": now,
            "tags": self._get_param("tags") or {},
            "username": self._get_param("username") or username,
            "type": kind,
            "policies": {},  # not in the AccessEntry shape, so never serialized
        }
        return _result({"accessEntry": store[principal]})

    def entry(self: Any) -> Any:
        return _get(_store(self, "access_entries"), self._get_param("principalArn"), "access entry")

    def describe(self: Any) -> Any:
        return _result({"accessEntry": entry(self)})

    def list_(self: Any) -> Any:
        return _result({"accessEntries": sorted(_store(self, "access_entries"))})

    def delete(self: Any) -> Any:
        _store(self, "access_entries").pop(entry(self)["principalArn"])
        return _result({})

    def associate(self: Any) -> Any:
        policies, now = entry(self)["policies"], utcnow()
        scope = self._get_param("accessScope")
        policies[self._get_param("policyArn")] = {
            "policyArn": self._get_param("policyArn"),
            "accessScope": {"type": scope["type"], "namespaces": scope.get("namespaces") or []},
            "associatedAt": policies.get(self._get_param("policyArn"), {}).get("associatedAt", now),
            "modifiedAt": now,
        }
        return _result({"clusterName": self._get_param("name"),
                        "principalArn": self._get_param("principalArn"),
                        "associatedAccessPolicy": policies[self._get_param("policyArn")]})

    def list_associated(self: Any) -> Any:
        return _result({"clusterName": self._get_param("name"),
                        "principalArn": self._get_param("principalArn"),
                        "associatedAccessPolicies": list(entry(self)["policies"].values())})

    def disassociate(self: Any) -> Any:
        policies = entry(self)["policies"]
        policies.pop(_get(policies, self._get_param("policyArn"), "access policy")["policyArn"])
        return _result({})

    # principalArn holds slashes once the path is decoded; one greedy route also covers
    # .../access-policies[/{policyArn}], which botocore's model tells apart.
    _install([f"{_CLUSTER}/access-entries$", f"{_CLUSTER}/access-entries/(?P<principalArn>.+)$"],
             {"create_access_entry": create, "describe_access_entry": describe,
              "list_access_entries": list_, "delete_access_entry": delete,
              "associate_access_policy": associate,
              "list_associated_access_policies": list_associated,
              "disassociate_access_policy": disassociate})
