output "resource_groups" {
  description = "The environment's three resource groups (errata 10): vnet, ws, reg."
  value       = local.resource_groups
}

output "names" {
  description = "Every resource name of the environment."
  value       = local.names
  precondition {
    condition     = length(local.all_name_violations) == 0
    error_message = "Derived names break Azure's limits: ${join("; ", local.all_name_violations)}"
  }
}

output "private_endpoints" {
  description = "Private endpoint names."
  value       = local.private_endpoints
}
