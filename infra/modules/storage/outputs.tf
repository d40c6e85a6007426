output "id" {
  description = "Storage account id."
  value       = azurerm_storage_account.this.id
}

output "ledger_container_id" {
  description = "ARM id of the audit ledger's container (the scope of its data roles)."
  value       = azurerm_storage_container.ledger.id
}

output "primary_blob_endpoint" {
  description = "Blob endpoint."
  value       = azurerm_storage_account.this.primary_blob_endpoint
}
