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

variable "human_prod_access" {
  description = "Roles people hold on the prod workspace and storage: least-privilege (default, errata 11-12: read-only, plus blob writes on the ledger container) or literal-matrix (the strategy's AzureML Data Scientist and Storage Blob Data Contributor; a gate bypass that verification flags)."
  type        = string
  default     = "least-privilege"
  validation {
    condition     = contains(["least-privilege", "literal-matrix"], var.human_prod_access)
    error_message = "human_prod_access must be least-privilege or literal-matrix."
  }
}

variable "ledger_container_name" {
  description = "The audit ledger's container in the workspace storage account (LEDGER_CONTAINER in src/platform/rbac.ts)."
  type        = string
  default     = "airlock-ledger"
  validation {
    condition     = can(regex("^[a-z0-9](-?[a-z0-9]){2,62}$", var.ledger_container_name))
    error_message = "ledger_container_name must be a valid blob container name (3-63 lowercase letters, digits and single hyphens)."
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
