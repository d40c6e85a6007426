# The workspace's default storage. Public network access is "enabled from selected networks" with default
# action Deny and no IP or subnet rule: nothing public gets in, but the registry's resource-instance rule
# applies — Azure ignores resource-instance rules when public network access is Disabled, and the
# workspace -> registry share reads this account through that rule (issue 9, finding 4; errata 14).
# Everything else reaches it through its private endpoints. The network rules live on the account itself
# (not a separate resource) to avoid drift.

resource "azurerm_storage_account" "this" {
  name                            = var.name
  location                        = var.location
  resource_group_name             = var.resource_group_name
  account_kind                    = "StorageV2"
  account_tier                    = "Standard" # the workspace cannot use Premium storage
  account_replication_type        = var.replication_type
  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  public_network_access_enabled   = true # limited by network_rules below: default Deny, no IP/subnet rules
  allow_nested_items_to_be_public = false
  shared_access_key_enabled       = true # Azure ML datastores default to access-key auth
  tags                            = var.tags

  network_rules {
    default_action = "Deny"
    bypass         = ["AzureServices"]
    private_link_access {
      endpoint_resource_id = var.registry_id
      endpoint_tenant_id   = var.tenant_id
    }
  }
}

# The audit ledger (errata 12): its own container, under a container-level time-based retention (WORM)
# policy. Created through ARM (storage_account_id, azurerm 4.x), never the blob endpoint, so it works with
# public network access off and with the provider's storage data plane unavailable (issue 9).
resource "azurerm_storage_container" "ledger" {
  name                  = var.ledger_container_name
  storage_account_id    = azurerm_storage_account.this.id
  container_access_type = "private"
}

# Container-level WORM needs neither blob versioning nor immutable_storage_with_versioning on the account:
# Microsoft documents container-level WORM as available on every container with no enablement step, and
# only version-level WORM as requiring versioning (learn.microsoft.com/azure/storage/blobs/
# immutable-container-level-worm-policies, .../immutable-version-level-worm-policies). Locking is one-way:
# afterwards the interval can only be extended, and the container and account cannot be deleted while it
# holds protected blobs.
resource "azurerm_storage_container_immutability_policy" "ledger" {
  storage_container_resource_manager_id = azurerm_storage_container.ledger.id
  immutability_period_in_days           = var.ledger_retention_days
  locked                                = var.ledger_policy_locked
  protected_append_writes_enabled       = var.ledger_protected_append_writes
}
