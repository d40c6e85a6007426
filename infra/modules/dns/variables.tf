variable "resource_group_name" {
  description = "The environment's network resource group: zones of the same name in the other environment live in its own group."
  type        = string
}

variable "zones" {
  description = "Private DNS zone names (network-plan module)."
  type        = list(string)
}

variable "vnet_id" {
  description = "The one VNet the zones are linked to: this environment's."
  type        = string
}

variable "link_name_prefix" {
  description = "Prefix of the VNet link names."
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
