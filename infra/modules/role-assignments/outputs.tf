output "ids" {
  description = "Assignment key to role assignment id."
  value       = { for key, assignment in azurerm_role_assignment.this : key => assignment.id }
}
