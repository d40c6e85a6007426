output "topic_id" {
  description = "The Event Grid topic's id (null when not enabled)."
  value       = var.enabled ? azurerm_eventgrid_topic.this[0].id : null
}

output "topic_endpoint" {
  description = "The topic's publish endpoint, resolved privately inside the environment's VNet (null when not enabled)."
  value       = var.enabled ? azurerm_eventgrid_topic.this[0].endpoint : null
}
