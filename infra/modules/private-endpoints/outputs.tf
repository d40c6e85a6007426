output "ids" {
  description = "Endpoint key to id."
  value       = { for key, endpoint in azurerm_private_endpoint.this : key => endpoint.id }
}
