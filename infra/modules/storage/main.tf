# The workspace's default storage: no public access; the network rules (on the account itself, not a
# separate resource, to avoid drift) let this environment's registry in as a resource instance.

resource "azurerm_storage_account" "this" {
  name                            = var.name
  location                        = var.location
  resource_group_name             = var.resource_group_name
  account_kind                    = "StorageV2"
  account_tier                    = "Standard" # the workspace cannot use Premium storage
  account_replication_type        = var.replication_type
  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  public_network_access_enabled   = false
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
