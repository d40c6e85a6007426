output "zone_ids" {
  description = "Zone name to zone id."
  value       = { for name, zone in azurerm_private_dns_zone.this : name => zone.id }
}
