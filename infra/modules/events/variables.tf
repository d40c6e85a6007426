variable "enabled" {
  description = "Create the topic (the platform's events_topic = \"private\"). Off by default: Airlock delivers ledger events to webhooks without it."
  type        = bool
  default     = false
}

variable "name" {
  description = "The Event Grid topic's name (3-50 letters, digits and dashes)."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9-]{3,50}$", var.name))
    error_message = "An Event Grid topic name is 3 to 50 letters, digits and dashes."
  }
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group of the topic (the environment's workspace group)."
  type        = string
}

variable "network_resource_group_name" {
  description = "The environment's network resource group: the private endpoint and its DNS zone live there."
  type        = string
}

variable "subnet_id" {
  description = "The environment's private endpoint subnet."
  type        = string
}

variable "vnet_id" {
  description = "This environment's VNet, the only one the topic's private DNS zone is linked to."
  type        = string
}

variable "link_name_prefix" {
  description = "Prefix of the DNS zone's VNet link name."
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
