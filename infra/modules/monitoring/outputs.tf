output "log_analytics_id" {
  description = "Log Analytics workspace id."
  value       = azurerm_log_analytics_workspace.this.id
}

output "application_insights_id" {
  description = "Application Insights id."
  value       = azurerm_application_insights.this.id
}
