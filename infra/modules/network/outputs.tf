output "vnet_id" {
  description = "VNet id."
  value       = azurerm_virtual_network.this.id
}

output "subnet_id" {
  description = "Private endpoint subnet id (NSG attached)."
  value       = azurerm_subnet_network_security_group_association.endpoints.subnet_id
}

output "nsg_id" {
  description = "NSG id."
  value       = azurerm_network_security_group.this.id
}
