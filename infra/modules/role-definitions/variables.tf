variable "custom_roles" {
  description = "Custom roles from the rbac module: name to { description, actions, notActions }."
  type        = any
}

variable "scope" {
  description = "Where the definitions live and may be assigned: this environment's registry resource group."
  type        = string
}

variable "assignable_scopes" {
  description = "Where the definitions may be assigned (default: scope). The workspace reader is assigned in the workspace's group."
  type        = list(string)
  default     = null
}

variable "name_suffix" {
  description = "Appended to each role name: role names are unique per tenant and nothing is shared between environments."
  type        = string
}
