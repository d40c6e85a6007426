# Inputs of the network plan: the environment's address ranges. Provider-free.

variable "vnet_address_space" {
  description = "The environment's VNet range (IPv4 CIDR, network address)."
  type        = string
  validation {
    condition     = can(cidrhost(var.vnet_address_space, 0)) && try(cidrhost(var.vnet_address_space, 0) == split("/", var.vnet_address_space)[0], false)
    error_message = "vnet_address_space must be an IPv4 CIDR whose address is the network address (no host bits set)."
  }
}

variable "subnet_address_prefix" {
  description = "The private endpoint subnet (IPv4 CIDR inside vnet_address_space)."
  type        = string
  validation {
    condition     = can(cidrhost(var.subnet_address_prefix, 0)) && try(cidrhost(var.subnet_address_prefix, 0) == split("/", var.subnet_address_prefix)[0], false)
    error_message = "subnet_address_prefix must be an IPv4 CIDR whose address is the network address (no host bits set)."
  }
}

variable "other_address_spaces" {
  description = "Ranges this environment must not overlap (for tests and checks; roots pass none, as they must not reference each other)."
  type        = list(string)
  default     = []
}

variable "private_dns_zones" {
  description = "Private DNS zones the environment owns, each linked only to its own VNet. Must equal PRIVATE_DNS_ZONES in src/platform/model.ts."
  type        = list(string)
  default = [
    "privatelink.api.azureml.ms",
    "privatelink.notebooks.azure.net",
    "privatelink.blob.core.windows.net",
    "privatelink.file.core.windows.net",
    "privatelink.vaultcore.azure.net",
    "privatelink.azurecr.io",
  ]
  validation {
    condition     = alltrue([for zone in var.private_dns_zones : startswith(zone, "privatelink.")])
    error_message = "Every private DNS zone must be a privatelink zone."
  }
}
