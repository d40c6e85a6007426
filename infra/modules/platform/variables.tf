# One environment of the platform. Every value comes from the root's variables (terraform.tfvars is the
# single source of truth); nothing here names an environment.

variable "prefix" {
  description = "Base prefix."
  type        = string
}

variable "resource_prefixes" {
  description = "Per-resource prefixes."
  type = object({
    vnet               = string
    subnet             = string
    workspace          = string
    registry           = string
    storage            = string
    container_registry = string
    key_vault          = string
    log_analytics      = string
  })
}

variable "purpose" {
  description = "dev or prod."
  type        = string
}

variable "location" {
  description = "Azure region."
  type        = string
}

variable "location_code" {
  description = "Region code used in names."
  type        = string
}

variable "random_string" {
  description = "Uniqueness suffix used in names."
  type        = string
}

variable "enable_auto_purge" {
  description = "Purge soft-deleted resources on destroy (dev only). Also turns key vault purge protection off."
  type        = bool
}

variable "vnet_address_space" {
  description = "VNet range."
  type        = string
}

variable "subnet_address_prefix" {
  description = "Private endpoint subnet range."
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
}

variable "rbac_matrix" {
  description = "jsondecode of infra/rbac/rbac-matrix.json."
  type        = any
}

variable "human_registry_access" {
  description = "read-only (default) or literal-matrix."
  type        = string
}

variable "human_prod_access" {
  description = "least-privilege (default) or literal-matrix."
  type        = string
}

variable "ledger_retention_days" {
  description = "Retention interval of the audit ledger's WORM policy, in days."
  type        = number
}

variable "ledger_policy_locked" {
  description = "Lock the audit ledger's WORM policy (must be true in prod)."
  type        = bool
}

variable "workspace_isolation_mode" {
  description = "Managed VNet isolation mode."
  type        = string
}

variable "subscription_id" {
  description = "Subscription id (scopes are built from it)."
  type        = string
}

variable "tenant_id" {
  description = "Tenant id."
  type        = string
}

variable "deployment_principal_object_id" {
  description = "Object id of sp-aml-deployment-<purpose>."
  type        = string
}

variable "promotion_principal_object_id" {
  description = "Object id of sp-aml-promotion-<purpose>."
  type        = string
}

variable "data_scientists_group_object_id" {
  description = "Object id of aml-data-scientists-<purpose>."
  type        = string
}

variable "compute_cluster_vm_size" {
  description = "Cluster VM size."
  type        = string
}

variable "compute_cluster_max_nodes" {
  description = "Cluster maximum nodes."
  type        = number
}

variable "compute_instance_vm_size" {
  description = "Compute instance VM size."
  type        = string
}

variable "budget_amount" {
  description = "Monthly budget per resource group."
  type        = number
}

variable "budget_alert_thresholds" {
  description = "Budget alert thresholds (percent)."
  type        = list(number)
}

variable "budget_start_date" {
  description = "Budget start (first of a month)."
  type        = string
}

variable "alert_email_addresses" {
  description = "Alert recipients."
  type        = list(string)
}

variable "log_retention_days" {
  description = "Log Analytics retention."
  type        = number
}

variable "compute_instance_owner_object_id" {
  description = "The person the compute instance is assigned to (a compute instance is personal); null creates none."
  type        = string
  default     = null
}
