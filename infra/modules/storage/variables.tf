variable "location" {
  description = "Azure region."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group that holds the resources of this module."
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}

variable "name" {
  description = "Storage account name (the workspace's default datastore)."
  type        = string
  validation {
    condition     = can(regex("^[a-z0-9]{3,24}$", var.name))
    error_message = "A storage account name is 3-24 lowercase letters and digits."
  }
}

variable "replication_type" {
  description = "Replication."
  type        = string
  default     = "LRS"
  validation {
    condition     = contains(["LRS", "ZRS", "GRS", "GZRS"], var.replication_type)
    error_message = "replication_type must be LRS, ZRS, GRS or GZRS."
  }
}

variable "registry_id" {
  description = "Id of this environment's registry, allowed as a resource instance so assets can be shared to it."
  type        = string
  validation {
    condition     = can(regex("/providers/Microsoft.MachineLearningServices/registries/[^/]+$", var.registry_id))
    error_message = "registry_id must be an Azure ML registry id."
  }
}

variable "tenant_id" {
  description = "Tenant of the registry."
  type        = string
}

variable "ledger_container_name" {
  description = "The audit ledger's container."
  type        = string
}

variable "ledger_retention_days" {
  description = "Retention interval of the ledger's WORM policy, in days."
  type        = number
}

variable "ledger_policy_locked" {
  description = "Lock the ledger's WORM policy (always in prod)."
  type        = bool
}

variable "ledger_protected_append_writes" {
  description = "allowProtectedAppendWrites on the ledger's policy (the ledger appends to an append blob)."
  type        = bool
}
