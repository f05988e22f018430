"""staging: three AZs like production; one NAT gateway keeps the bill down."""

from environments._shared import (
    ADDONS_1_33,
    APP_NAMESPACES,
    DEVELOPER_ROLES,
    DEVOPS_ROLES,
    KUBERNETES_VERSION,
    OPERATOR_CIDRS,
    VPN_SAML_PROVIDER,
)

SETTINGS = {
    "name": "staging",
    "region": "eu-west-1",
    "deletion_protection": True,
    "network": {
        "vpc_cidr": "10.30.0.0/16",
        "az_count": 3,
        "nat_strategy": "single",
        "flow_log_retention_days": 14,
        "interface_endpoints": True,
    },
    "cluster": {
        "kubernetes_version": KUBERNETES_VERSION,
        "public_endpoint": True,
        "public_access_cidrs": OPERATOR_CIDRS,
        "system_nodes": {"instance_types": ("m6i.large",), "min_size": 2, "desired_size": 3, "max_size": 4},
        "addons": ADDONS_1_33,
        "log_retention_days": 14,
        "node_autoscaler": "karpenter",
    },
    "access": {
        "devops": {"roles": DEVOPS_ROLES},
        "developer": {"roles": DEVELOPER_ROLES},
        "developer_level": "edit",
        "app_namespaces": APP_NAMESPACES,
    },
    "databases": {
        "orders": {
            "engine": "postgres", "engine_version": "16.6", "instance_class": "db.r6g.large",
            "multi_az": True, "read_replicas": 1, "backup_retention_days": 7,
            "log_retention_days": 14,
        },
    },
    "edge": {"rate_limit": 3000, "log_retention_days": 14},
    "vpn": {
        "client_cidr": "172.16.4.0/22", "authentication": "saml", "saml_provider": VPN_SAML_PROVIDER,
        "server_certificate": "vpn.staging.example.com", "log_retention_days": 90,
    },
    "tags": {"cost-center": "platform-staging"},
}
