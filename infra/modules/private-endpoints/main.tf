# Private endpoints in the environment's subnet, each registered in the environment's own DNS zones.

resource "azurerm_private_endpoint" "this" {
  for_each            = var.endpoints
  name                = each.value.name
  location            = var.location
  resource_group_name = var.resource_group_name
  subnet_id           = var.subnet_id
  tags                = var.tags

  private_service_connection {
    name                           = "${each.value.name}-connection"
    private_connection_resource_id = each.value.resource_id
    subresource_names              = [each.value.subresource]
    # Auto-approval needs privateEndpointConnectionsApproval/action on the target, which the deployer holds
    # only in this environment's groups: endpoints into the registry's managed group are requested
    # manually and approved once (infra/README.md) (issue 9, finding 7).
    is_manual_connection = each.value.manual
    request_message      = each.value.manual ? "Airlock ${each.key}: approve in the registry's managed resource group" : null
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = each.value.dns_zone_ids
  }
}
