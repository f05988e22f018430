"""local: the default environment, deployed to the moto AWS emulator on loopback.

Small and cheap by design; nothing here is protected because the emulator forgets everything
when it stops.
"""

SETTINGS = {
    "name": "local",
    "region": "eu-west-1",
    "deletion_protection": False,
    "emulator": {},
    "network": {
        "vpc_cidr": "10.10.0.0/16",
        "az_count": 2,
        "nat_strategy": "single",
        "flow_log_retention_days": 1,
        "interface_endpoints": False,
    },
    "tags": {"cost-center": "platform-local"},
}
