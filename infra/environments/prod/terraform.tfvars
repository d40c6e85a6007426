# The prod environment of the Airlock platform. This file is the single source of truth for names,
# network and purge settings: Terraform, the Airlock CLI and the local twin all read it.

prefix = "aml"

resource_prefixes = {
  vnet               = "vnet-aml"
  subnet             = "subnet-aml"
  workspace          = "amlws"
  registry           = "amlreg"
  storage            = "amlst"
  container_registry = "amlacr"
  key_vault          = "amlkv"
  log_analytics      = "amllog"
}

purpose       = "prod"
location      = "canadacentral"
location_code = "cc"
random_string = "01"

# Dev may purge soft-deleted resources on destroy; prod never does.
enable_auto_purge = false

# The audit ledger container's WORM policy: locked (irreversible), ten years per record.
ledger_retention_days = 3650
ledger_policy_locked  = true

vnet_address_space    = "10.2.0.0/16"
subnet_address_prefix = "10.2.1.0/24"

tags = {
  environment = "prod"
  project     = "airlock"
  managed_by  = "terraform"
}
