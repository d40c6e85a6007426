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

output "blob_service_id" {
  description = "The account's blob service: where its blob logs are (a diagnostic setting target)."
  value       = "${azurerm_storage_account.this.id}/blobServices/default"
}

output "file_service_id" {
  description = "The account's file service: where its file logs are (a diagnostic setting target)."
  value       = "${azurerm_storage_account.this.id}/fileServices/default"
}
