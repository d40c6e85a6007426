# The dev environment of the Airlock platform. This file is the single source of truth for names,
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

purpose       = "dev"
location      = "canadacentral"
location_code = "cc"
random_string = "01"

# Dev may purge soft-deleted resources on destroy; prod never does.
enable_auto_purge = true

# The audit ledger container's WORM policy: dev's stays unlocked with a one-day interval so dev can be torn
# down; prod's is locked (the prod root refuses anything else).
ledger_retention_days = 1
ledger_policy_locked  = false

vnet_address_space    = "10.1.0.0/16"
subnet_address_prefix = "10.1.1.0/24"

tags = {
  environment = "dev"
  project     = "airlock"
  managed_by  = "terraform"
}
