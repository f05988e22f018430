"""dev: the first real AWS environment; two AZs, one NAT gateway, short retention."""

from environments._shared import (
    ADDONS_1_33,
    APP_NAMESPACES,
    DEVELOPER_ROLES,
    DEVOPS_ROLES,
    KUBERNETES_VERSION,
    OPERATOR_CIDRS,
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
    "tags": {"cost-center": "platform-dev"},
}
