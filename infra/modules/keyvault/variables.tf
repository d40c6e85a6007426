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
  description = "Key vault name."
  type        = string
}

variable "tenant_id" {
  description = "Tenant of the vault."
  type        = string
}

variable "purge_protection_enabled" {
  description = "Purge protection: on in prod; off in dev so purge-on-destroy works (it is silently skipped when on)."
  type        = bool
}

variable "soft_delete_retention_days" {
  description = "Soft-delete retention."
  type        = number
  default     = 90
  validation {
    condition     = var.soft_delete_retention_days >= 7 && var.soft_delete_retention_days <= 90
    error_message = "soft_delete_retention_days must be between 7 and 90."
  }
}
