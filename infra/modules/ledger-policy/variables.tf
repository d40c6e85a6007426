# Inputs of the audit ledger's WORM policy. Provider-free, so `terraform test` checks the rules offline.

variable "purpose" {
  description = "The environment: dev or prod."
  type        = string
  validation {
    condition     = contains(["dev", "prod"], var.purpose)
    error_message = "purpose must be dev or prod."
  }
}

variable "container_name" {
  description = "The ledger's container (LEDGER_CONTAINER in src/platform/rbac.ts)."
  type        = string
  validation {
    condition     = can(regex("^[a-z0-9](-?[a-z0-9]){2,62}$", var.container_name))
    error_message = "container_name must be a valid blob container name (3-63 lowercase letters, digits and single hyphens)."
  }
}

variable "retention_days" {
  description = "Days each ledger blob stays non-erasable and non-modifiable after it is written (Azure allows 1-146000)."
  type        = number
  validation {
    condition     = var.retention_days == floor(var.retention_days) && var.retention_days >= 1 && var.retention_days <= 146000
    error_message = "retention_days must be a whole number of days between 1 and 146000."
  }
}

variable "locked" {
  description = "Lock the policy. A locked policy cannot be deleted, shortened or unlocked, so nobody (an account Owner included) can rewrite the ledger; prod must be locked, dev may stay unlocked so it can be torn down."
  type        = bool
  validation {
    condition     = var.locked || var.purpose != "prod"
    error_message = "The prod ledger's retention policy must be locked (ledger_policy_locked = true): an unlocked policy can be deleted and the ledger rewritten."
  }
}
