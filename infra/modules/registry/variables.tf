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
  description = "Registry name."
  type        = string
}

variable "resource_group_id" {
  description = "Id of the registry's resource group (the azapi parent)."
  type        = string
}

variable "storage_account_type" {
  description = "SKU of the system-created storage account."
  type        = string
  default     = "Standard_LRS"
}

variable "storage_account_name" {
  description = "Name of the registry's system-created storage account (pinned, issue 9 finding 14)."
  type        = string
  validation {
    condition     = can(regex("^[a-z0-9]{3,24}$", var.storage_account_name))
    error_message = "A storage account name is 3-24 lowercase letters and digits."
  }
}

variable "container_registry_name" {
  description = "Name of the registry's system-created ACR (pinned, issue 9 finding 14)."
  type        = string
  validation {
    condition     = can(regex("^[a-zA-Z0-9]{5,50}$", var.container_registry_name))
    error_message = "A container registry name is 5-50 letters and digits."
  }
}
