output "assignments" {
  description = "Every role assignment of the environment, keyed \"<principal>|<role>|<scope>\"."
  value       = local.assignments
  precondition {
    condition     = alltrue([for a in local.applicable : contains(keys(local.scopes), a.scope) && contains(keys(local.principals), a.principal)])
    error_message = "The matrix uses a scope or principal this module cannot place."
  }
}

output "foundation_assignments" {
  description = "Assignments whose scope exists before the workspace: they must be in place before it is created."
  value       = { for key, a in local.assignments : key => a if a.scope_key != "workspace" }
}

output "workspace_assignments" {
  description = "Assignments on the workspace itself: created after it."
  value       = { for key, a in local.assignments : key => a if a.scope_key == "workspace" }
}

output "principals" {
  description = "The matrix's principals with this environment's names."
  value       = local.principals
}

output "custom_roles" {
  description = "Custom role definitions this environment assigns (in prod by default: errata 6's read-only registry role and errata 11's workspace reader)."
  value       = { for name in local.used_custom_roles : name => var.matrix.customRoles[name] }
}

output "ledger_container_name" {
  description = "The audit ledger's container, which the storage module creates under a WORM policy."
  value       = var.ledger_container_name
}

output "scopes" {
  description = "Symbolic scope to ARM id."
  value       = local.scopes
}
