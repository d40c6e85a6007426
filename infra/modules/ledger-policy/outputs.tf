output "container_name" {
  description = "The ledger's container."
  value       = var.container_name
}

output "immutability_period_in_days" {
  description = "Retention interval of the policy."
  value       = var.retention_days
}

output "locked" {
  description = "Whether the policy is locked (always true in prod)."
  value       = var.locked
}

output "protected_append_writes_enabled" {
  description = "allowProtectedAppendWrites: appends to append blobs are allowed, nothing else changes."
  value       = true
}

output "protected_append_writes_all_enabled" {
  description = "allowProtectedAppendWritesAll: off (the wider permission, not needed)."
  value       = false
}

output "policy" {
  description = "All settings at once."
  value       = local.policy
}
