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

variable "vnet_name" {
  description = "VNet name (naming module)."
  type        = string
}

variable "subnet_name" {
  description = "Private endpoint subnet name (naming module)."
  type        = string
}

variable "nsg_name" {
  description = "Network security group name (naming module)."
  type        = string
}

variable "vnet_address_space" {
  description = "VNet range (network-plan module)."
  type        = string
}

variable "subnet_address_prefix" {
  description = "Subnet range (network-plan module)."
  type        = string
}

variable "nsg_rules" {
  description = "Security rules (network-plan module)."
  type = list(object({
    name                       = string
    priority                   = number
    direction                  = string
    access                     = string
    protocol                   = string
    source_port_range          = string
    destination_port_range     = string
    source_address_prefix      = string
    destination_address_prefix = string
  }))
}
