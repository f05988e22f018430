"""preprod: production's shape (three AZs, a NAT gateway per AZ) with shorter retention."""

from environments._shared import (
    ADDONS_1_33,
    APP_NAMESPACES,
    DEVELOPER_ROLES,
    DEVOPS_ROLES,
    KUBERNETES_VERSION,
    VPN_SAML_PROVIDER,
)

SETTINGS = {
    "name": "preprod",
    "region": "eu-west-1",
    "deletion_protection": True,
    "network": {
        "vpc_cidr": "10.40.0.0/16",
        "az_count": 3,
        "nat_strategy": "per_az",
        "flow_log_retention_days": 30,
        "interface_endpoints": True,
    },
    "cluster": {
        "kubernetes_version": KUBERNETES_VERSION,
        "public_endpoint": False,
        "public_access_cidrs": (),
        "system_nodes": {"instance_types": ("m6i.large",), "min_size": 3, "desired_size": 3, "max_size": 6},
        "addons": ADDONS_1_33,
        "log_retention_days": 30,
        "node_autoscaler": "karpenter",
    },
    "access": {
        "devops": {"roles": DEVOPS_ROLES},
        "developer": {"roles": DEVELOPER_ROLES},
        "developer_level": "view",
        "app_namespaces": APP_NAMESPACES,
    },
    "databases": {
        "orders": {
            "engine": "postgres", "engine_version": "16.6", "instance_class": "db.r6g.large",
            "multi_az": True, "read_replicas": 1, "backup_retention_days": 14,
            "log_retention_days": 30,
        },
    },
    "edge": {
        "rate_limit": 2000, "log_retention_days": 30,
        "geo_restriction": "whitelist", "geo_locations": ("DE", "FR", "NL"),
    },
    "vpn": {
        "client_cidr": "172.16.8.0/22", "authentication": "saml", "saml_provider": VPN_SAML_PROVIDER,
        "server_certificate": "vpn.preprod.example.com", "log_retention_days": 90,
    },
    "tags": {"cost-center": "platform-preprod"},
}
