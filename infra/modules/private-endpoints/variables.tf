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

variable "subnet_id" {
  description = "The environment's private endpoint subnet."
  type        = string
}

variable "endpoints" {
  description = "Endpoint key to name, target resource, sub-resource and the environment's DNS zone ids."
  type = map(object({
    name         = string
    resource_id  = string
    subresource  = string
    dns_zone_ids = list(string)
    manual       = optional(bool, false)
  }))
  validation {
    condition     = alltrue([for e in values(var.endpoints) : length(e.dns_zone_ids) > 0])
    error_message = "Every private endpoint needs at least one private DNS zone."
  }
}
