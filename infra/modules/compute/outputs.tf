output "cluster_id" {
  description = "Compute cluster id."
  value       = azurerm_machine_learning_compute_cluster.this.id
}

output "instance_id" {
  description = "Compute instance id."
  value       = try(azurerm_machine_learning_compute_instance.this[0].id, null)
}
