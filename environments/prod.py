"""prod: three AZs, a NAT gateway per AZ (no cross-AZ dependency), long retention."""

from environments._shared import (
    ADDONS_1_33,
    APP_NAMESPACES,
    DEVELOPER_ROLES,
    DEVOPS_ROLES,
    KUBERNETES_VERSION,
    PROD_HOSTED_ZONE_ID,
    PROD_SITE_DOMAIN,
    VPN_SAML_PROVIDER,
)

SETTINGS = {
    "name": "prod",
    "region": "eu-west-1",
    "deletion_protection": True,
    "network": {
        "vpc_cidr": "10.50.0.0/16",
        "az_count": 3,
        "nat_strategy": "per_az",
        "flow_log_retention_days": 365,
        "interface_endpoints": True,
    },
    "cluster": {
        "kubernetes_version": KUBERNETES_VERSION,
        "public_endpoint": False,
        "public_access_cidrs": (),
        "system_nodes": {
            "instance_types": ("m6i.large", "m6a.large"), "min_size": 3, "desired_size": 3,
            "max_size": 6,
        },
        "addons": ADDONS_1_33,
        "log_retention_days": 365,
        "node_autoscaler": "karpenter",
    },
    "access": {
        "devops": {"roles": DEVOPS_ROLES},
        "developer": {"roles": DEVELOPER_ROLES},
        "developer_level": "none",
        "app_namespaces": APP_NAMESPACES,
    },
    "databases": {
        "orders": {
            "engine": "postgres", "engine_version": "16.6", "instance_class": "db.r6g.xlarge",
            "allocated_storage_gib": 100, "max_allocated_storage_gib": 1000,
            "multi_az": True, "read_replicas": 2, "backup_retention_days": 35,
            "log_retention_days": 365,
        },
    },
    "edge": {
        "domain": PROD_SITE_DOMAIN, "hosted_zone_id": PROD_HOSTED_ZONE_ID,
        "price_class": "PriceClass_200", "rate_limit": 2000, "log_retention_days": 365,
        "extra_managed_rules": (
            "AWSManagedRulesSQLiRuleSet", "AWSManagedRulesLinuxRuleSet",
            "AWSManagedRulesAnonymousIpList",
        ),
        "noncurrent_version_days": 90,
    },
    "vpn": {
        "client_cidr": "172.16.12.0/22", "authentication": "saml", "saml_provider": VPN_SAML_PROVIDER,
        "server_certificate": "vpn.prod.example.com", "log_retention_days": 365,
    },
    "tags": {"cost-center": "platform-prod"},
}
