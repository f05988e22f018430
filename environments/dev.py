"""dev: the first real AWS environment; two AZs, one NAT gateway, short retention."""

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
    "name": "dev",
    "region": "eu-west-1",
    "deletion_protection": False,
    "network": {
        "vpc_cidr": "10.20.0.0/16",
        "az_count": 2,
        "nat_strategy": "single",
        "flow_log_retention_days": 7,
        "interface_endpoints": False,
    },
    "cluster": {
        "kubernetes_version": KUBERNETES_VERSION,
        "public_endpoint": True,
        "public_access_cidrs": OPERATOR_CIDRS,
        "system_nodes": {"instance_types": ("t3.large",), "min_size": 2, "desired_size": 2, "max_size": 4},
        "addons": ADDONS_1_33,
        "log_retention_days": 7,
        "node_autoscaler": "cluster-autoscaler",
    },
    "access": {
        "devops": {"roles": DEVOPS_ROLES},
        "developer": {"roles": DEVELOPER_ROLES},
        "developer_level": "edit",
        "app_namespaces": APP_NAMESPACES,
    },
    "databases": {
        "orders": {
            "engine": "postgres", "engine_version": "16.6", "instance_class": "db.t4g.medium",
            "multi_az": False, "read_replicas": 0, "backup_retention_days": 1,
            "deletion_protection": False, "log_retention_days": 7,
        },
        "catalog": {
            "engine": "mysql", "engine_version": "8.0.40", "instance_class": "db.t4g.medium",
            "multi_az": False, "read_replicas": 0, "backup_retention_days": 1,
            "deletion_protection": False, "log_retention_days": 7,
        },
    },
    "edge": {"rate_limit": 5000, "log_retention_days": 7, "noncurrent_version_days": 7},
    "vpn": {
        "client_cidr": "172.16.0.0/22", "authentication": "saml", "saml_provider": VPN_SAML_PROVIDER,
        "server_certificate": "vpn.dev.example.com", "log_retention_days": 90,
    },
    "tags": {"cost-center": "platform-dev"},
}
