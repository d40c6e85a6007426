# Optional Event Grid topic for Airlock's ledger events (modules/events, docs/events.md). Off by default.

variable "events_topic" {
  description = "\"off\" (default) or \"private\": an Event Grid topic (CloudEvents 1.0 schema) behind a private endpoint, public access and local auth disabled."
  type        = string
  default     = "off"
  validation {
    condition     = contains(["off", "private"], var.events_topic)
    error_message = "events_topic must be \"off\" or \"private\" (a public or key-authenticated topic is not offered)."
  }
}

module "events" {
  source                      = "../events"
  enabled                     = var.events_topic == "private"
  name                        = "evgt-${local.name_suffix}"
  location                    = var.location
  resource_group_name         = azurerm_resource_group.this["ws"].name
  network_resource_group_name = azurerm_resource_group.this["vnet"].name
  subnet_id                   = module.network.subnet_id
  vnet_id                     = module.network.vnet_id
  link_name_prefix            = local.names.vnet
  tags                        = local.tags
}
