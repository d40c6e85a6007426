# Root variables of this environment. Every name here is a key of src/platform/tfvars.schema.json (a test
# keeps them equal); terraform.tfvars beside this file is the single source of truth for their values.

variable "prefix" {
  description = "Base prefix."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.prefix))
    error_message = "prefix must be 2-10 lowercase letters and digits, starting with a letter."
  }
}

variable "resource_prefixes" {
  description = "Per-resource prefixes (the strategy's naming table)."
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
  description = "The environment this root deploys."
  type        = string
  validation {
    condition     = var.purpose == "prod"
    error_message = "This is the prod root: purpose must be \"prod\"."
  }
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
  description = "Purge soft-deleted key vaults, workspaces and Log Analytics workspaces on destroy. Never in prod."
  type        = bool
  validation {
    condition     = !(var.purpose == "prod" && var.enable_auto_purge)
    error_message = "enable_auto_purge must be false for prod: purging soft-deleted prod resources loses data irrecoverably."
  }
}

variable "vnet_address_space" {
  description = "VNet range; must not overlap the other environment's."
  type        = string
}

variable "subnet_address_prefix" {
  description = "Private endpoint subnet range inside the VNet."
  type        = string
}

variable "tags" {
  description = "Tags applied to every resource; tags.environment must equal purpose."
  type        = map(string)
  validation {
    condition     = lookup(var.tags, "environment", "") == var.purpose
    error_message = "tags.environment must equal purpose."
  }
}

variable "human_registry_access" {
  description = "Role people hold on the prod registry: read-only (errata 6) or literal-matrix (flagged as a gate bypass)."
  type        = string
  default     = "read-only"
  validation {
    condition     = contains(["read-only", "literal-matrix"], var.human_registry_access)
    error_message = "human_registry_access must be read-only or literal-matrix."
  }
}

variable "human_prod_access" {
  description = "Roles people hold on the prod workspace and storage: least-privilege (errata 11-12: read-only, blob writes on the ledger container only) or literal-matrix (the strategy's AzureML Data Scientist and Storage Blob Data Contributor; flagged as a gate bypass)."
  type        = string
  default     = "least-privilege"
  validation {
    condition     = contains(["least-privilege", "literal-matrix"], var.human_prod_access)
    error_message = "human_prod_access must be least-privilege or literal-matrix."
  }
}

variable "ledger_retention_days" {
  description = "Days each audit ledger record stays non-erasable and non-modifiable (the ledger container's WORM policy)."
  type        = number
  default     = 3650
  validation {
    condition     = var.ledger_retention_days == floor(var.ledger_retention_days) && var.ledger_retention_days >= 1 && var.ledger_retention_days <= 146000
    error_message = "ledger_retention_days must be a whole number of days between 1 and 146000."
  }
}

variable "ledger_policy_locked" {
  description = "Lock the audit ledger's WORM policy. Locking is irreversible; prod must be locked (the validation below), other environments may stay unlocked."
  type        = bool
  default     = true
  validation {
    condition     = var.ledger_policy_locked || var.purpose != "prod"
    error_message = "ledger_policy_locked must be true for prod: an unlocked retention policy can be deleted and the ledger rewritten."
  }
}

variable "workspace_isolation_mode" {
  description = "Managed VNet isolation mode of the workspace."
  type        = string
  default     = "AllowOnlyApprovedOutbound"
  validation {
    condition     = contains(["AllowOnlyApprovedOutbound", "AllowInternetOutbound"], var.workspace_isolation_mode)
    error_message = "workspace_isolation_mode must be AllowOnlyApprovedOutbound or AllowInternetOutbound: Disabled has no managed VNet, so the compute and the outbound rules to the registry break."
  }
}

variable "subscription_id" {
  description = "Subscription to deploy to; null takes the one the credentials select (ARM_SUBSCRIPTION_ID)."
  type        = string
  default     = null
  validation {
    condition     = var.subscription_id == null || can(regex("^[0-9a-fA-F-]{36}$", var.subscription_id))
    error_message = "subscription_id must be a GUID."
  }
}

variable "deployment_principal_object_id" {
  description = "Object id of sp-aml-deployment-<purpose>; null takes the identity running Terraform."
  type        = string
  default     = null
}

variable "promotion_principal_object_id" {
  description = "Object id of sp-aml-promotion-<purpose> (TF_VAR_promotion_principal_object_id in CI)."
  type        = string
}

variable "data_scientists_group_object_id" {
  description = "Object id of the Entra group aml-data-scientists-<purpose>."
  type        = string
}

variable "compute_cluster_vm_size" {
  description = "Compute cluster VM size."
  type        = string
  default     = "Standard_DS3_v2"
}

variable "compute_cluster_max_nodes" {
  description = "Compute cluster maximum nodes (the minimum is zero)."
  type        = number
  default     = 4
  validation {
    condition     = var.compute_cluster_max_nodes >= 1
    error_message = "compute_cluster_max_nodes must be at least 1."
  }
}

variable "compute_instance_vm_size" {
  description = "Compute instance VM size."
  type        = string
  default     = "Standard_DS3_v2"
}

variable "budget_amount" {
  description = "Monthly budget for each of the environment's resource groups."
  type        = number
  default     = 500
  validation {
    condition     = var.budget_amount > 0
    error_message = "budget_amount must be positive."
  }
}

variable "budget_alert_thresholds" {
  description = "Budget alert thresholds in percent."
  type        = list(number)
  default     = [50, 80, 100]
  validation {
    condition     = length(var.budget_alert_thresholds) > 0 && alltrue([for t in var.budget_alert_thresholds : t > 0])
    error_message = "budget_alert_thresholds must be a non-empty list of positive percentages."
  }
}

variable "budget_start_date" {
  description = "Budget start (YYYY-MM-01T00:00:00Z); null takes the month of the first apply."
  type        = string
  default     = null
}

variable "alert_email_addresses" {
  description = "Who gets budget and RBAC-change alerts."
  type        = list(string)
  default     = []
}

variable "log_retention_days" {
  description = "Log Analytics retention in days."
  type        = number
  default     = 30
  validation {
    condition     = var.log_retention_days >= 30 && var.log_retention_days <= 730
    error_message = "log_retention_days must be between 30 and 730."
  }
}
