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
