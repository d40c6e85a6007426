output "id" {
  description = "Workspace id."
  value       = azurerm_machine_learning_workspace.this.id
}

output "discovery_url" {
  description = "Workspace discovery URL."
  value       = azurerm_machine_learning_workspace.this.discovery_url
}

output "workspace_id" {
  description = "Workspace GUID."
  value       = azurerm_machine_learning_workspace.this.workspace_id
}
