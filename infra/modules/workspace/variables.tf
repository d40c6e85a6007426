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
  description = "Workspace name."
  type        = string
  validation {
    condition     = can(regex("^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$", var.name))
    error_message = "A workspace name is 3-33 letters, digits, '-' and '_'."
  }
}

variable "application_insights_id" {
  description = "Application Insights id (required by the workspace)."
  type        = string
}

variable "key_vault_id" {
  description = "Key vault id."
  type        = string
}

variable "storage_account_id" {
  description = "Default storage account id."
  type        = string
}

variable "container_registry_id" {
  description = "Container registry id."
  type        = string
}

variable "identity_id" {
  description = "Id of the primary user-assigned identity (<purpose>-mi-workspace)."
  type        = string
}

variable "isolation_mode" {
  description = "Managed virtual network isolation mode (one-way: AllowInternetOutbound -> AllowOnlyApprovedOutbound; Disabled is refused, issue 9 finding 9)."
  type        = string
  default     = "AllowOnlyApprovedOutbound"
  validation {
    condition     = contains(["AllowOnlyApprovedOutbound", "AllowInternetOutbound"], var.isolation_mode)
    error_message = "isolation_mode must be AllowOnlyApprovedOutbound or AllowInternetOutbound: Disabled has no managed VNet, so the compute and the outbound rules to the registry break."
  }
}

variable "image_build_compute_name" {
  description = "Compute cluster that builds images (the ACR is private, so ACR Tasks cannot)."
  type        = string
}

variable "registry_id" {
  description = "This environment's registry: the workspace gets a managed outbound private endpoint rule to it."
  type        = string
}

variable "registry_storage_account_id" {
  description = "The registry's system-created storage account: the workspace gets an outbound rule to its blob endpoint."
  type        = string
}

variable "registry_container_registry_id" {
  description = "The registry's system-created ACR: the workspace gets an outbound rule to it."
  type        = string
}
