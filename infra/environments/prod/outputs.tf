output "airlock" {
  description = "Read by Airlock from `terraform output -json`: names, ids, endpoints, identities and role assignments."
  value       = module.platform.airlock
}

output "workspace_id" {
  description = "The workspace id."
  value       = module.platform.airlock.ids.workspace
}

output "registry_id" {
  description = "The registry id."
  value       = module.platform.airlock.ids.registry
}
