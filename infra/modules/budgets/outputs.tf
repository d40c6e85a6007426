output "action_group_id" {
  description = "The environment's action group."
  value       = azurerm_monitor_action_group.this.id
}

output "budget_ids" {
  description = "Resource group key to budget id."
  value       = { for key, budget in azurerm_consumption_budget_resource_group.this : key => budget.id }
}
