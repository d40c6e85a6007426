# Inputs of the RBAC expansion. Provider-free: scopes are built as strings from the deterministic names,
# exactly as resolveScope() in src/platform/rbac.ts builds them, so a plan shows every scope.

variable "matrix" {
  description = "The RBAC matrix: jsondecode(file(\"infra/rbac/rbac-matrix.json\"))."
  type        = any
  validation {
    condition     = can(var.matrix.principals) && can(var.matrix.assignments) && can(var.matrix.customRoles)
    error_message = "matrix must have principals, customRoles and assignments (infra/rbac/rbac-matrix.json)."
  }
}

variable "purpose" {
  description = "The environment: dev or prod."
  type        = string
  validation {
    condition     = contains(["dev", "prod"], var.purpose)
    error_message = "purpose must be dev or prod."
  }
}

variable "human_registry_access" {
  description = "Role people hold on the prod registry: read-only (default, errata 6) or literal-matrix (the strategy's Registry User; a gate bypass that verification flags)."
  type        = string
  default     = "read-only"
  validation {
    condition     = contains(["read-only", "literal-matrix"], var.human_registry_access)
    error_message = "human_registry_access must be read-only or literal-matrix."
  }
}

variable "subscription_id" {
  description = "The subscription holding both environments' resource groups."
  type        = string
  validation {
    condition     = can(regex("^[0-9a-fA-F-]{36}$", var.subscription_id))
    error_message = "subscription_id must be a GUID."
  }
}

variable "resource_groups" {
  description = "Resource group names from the naming module."
  type        = object({ vnet = string, ws = string, reg = string })
}

variable "names" {
  description = "Resource names from the naming module."
  type        = map(string)
}

variable "private_endpoints" {
  description = "Private endpoint names from the naming module."
  type        = map(string)
}
