"""staging: three AZs like production; one NAT gateway keeps the bill down."""

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
    "tags": {"cost-center": "platform-staging"},
}
