# Optional Event Grid topic for Airlock's ledger events (docs/events.md): CloudEvents 1.0 input schema (the
# shape `airlock events` produces), reachable only through a private endpoint in this environment's subnet
# (public network access off), and Entra ID only (local auth — the topic's access keys — disabled), so
# publishing needs the EventGrid Data Sender role and a token. Off unless enabled.

locals {
  zone = "privatelink.eventgrid.azure.net"
}

resource "azurerm_eventgrid_topic" "this" {
  count                         = var.enabled ? 1 : 0
  name                          = var.name
  location                      = var.location
  resource_group_name           = var.resource_group_name
  input_schema                  = "CloudEventSchemaV1_0"
  public_network_access_enabled = false
  local_auth_enabled            = false
  tags                          = var.tags
}

# The topic's private DNS zone, created and linked by the dns module like every other zone of the environment
# (linked only to this environment's VNet).
module "dns" {
  count               = var.enabled ? 1 : 0
  source              = "../dns"
  resource_group_name = var.network_resource_group_name
  zones               = [local.zone]
  vnet_id             = var.vnet_id
  link_name_prefix    = var.link_name_prefix
  tags                = var.tags
}

resource "azurerm_private_endpoint" "this" {
  count               = var.enabled ? 1 : 0
  name                = "pe-${var.name}"
  location            = var.location
  resource_group_name = var.network_resource_group_name
  subnet_id           = var.subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "pe-${var.name}-connection"
    private_connection_resource_id = azurerm_eventgrid_topic.this[0].id
    subresource_names              = ["topic"]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [module.dns[0].zone_ids[local.zone]]
  }
}
