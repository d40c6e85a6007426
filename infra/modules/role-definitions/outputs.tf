output "ids" {
  description = "Custom role name (as the matrix names it) to role definition resource id."
  value       = { for name, role in azurerm_role_definition.this : name => role.role_definition_resource_id }
}
