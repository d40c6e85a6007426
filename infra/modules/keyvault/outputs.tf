output "id" {
  description = "Key vault id."
  value       = azurerm_key_vault.this.id
}

output "vault_uri" {
  description = "Key vault URI."
  value       = azurerm_key_vault.this.vault_uri
}
