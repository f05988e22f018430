"""Project tooling: emulator, Terraform CLI config, deploy orchestration, benchmark."""
