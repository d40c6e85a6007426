variable "assignments" {
  description = "Assignments from the rbac module (keyed \"<principal>|<role>|<scope>\"); passed through unfiltered."
  type = map(object({
    principal_key  = string
    principal_name = string
    principal_type = string
    human          = bool
    role           = string
    custom_role    = bool
    scope_key      = string
    scope          = string
  }))
}

variable "principal_ids" {
  description = "Matrix principal key to object id."
  type        = map(string)
}

variable "custom_role_definition_ids" {
  description = "Custom role name to role definition resource id (from a role-definitions instance)."
  type        = map(string)
  default     = {}
}
